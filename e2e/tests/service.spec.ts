import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/console-test';
import { startLiveConsole } from '../fixtures/live-console';
import type { LiveConsole } from '../fixtures/live-console';
import { AlertsView } from '../pages/alerts-view';
import { LogsExplorer } from '../pages/logs-explorer';
import { SavedSearchesControl } from '../pages/saved-searches';

/**
 * The console service (server/main.ts) in demo mode, as `npm start` runs it: it watches before any
 * browser opens, every browser sees the same incidents, an acknowledgement made in one shows in the
 * other, and a restart keeps everything. Two contexts stand for two people behind a reverse proxy
 * that names them (TRUST_USER_HEADER).
 */
const PORT = 4484;
const URL = `http://localhost:${PORT}`;
let service: LiveConsole | undefined;
let dataDir = '';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: URL });

const start = () => startLiveConsole(PORT, { DATA_DIR: dataDir, WATCH_INTERVAL: '5s', TRUST_USER_HEADER: 'x-forwarded-user' }, 'server/main.ts');

interface Incident { id: string; ruleId: string; subject: string; status: string; acknowledgedBy?: string }
async function incidents(): Promise<Incident[]> {
  const body = (await (await fetch(`${URL}/api/incidents`)).json()) as { incidents: Incident[] };
  return body.incidents;
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'spine-e2e-service-'));
  service = await start();
});

test.afterAll(async () => {
  await service?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('watches with no browser open, shares acknowledgements live, and keeps them across a restart', async ({ browser }) => {
  // No page has been opened: the service's own watcher found the incidents.
  await expect.poll(async () => (await incidents()).filter((i) => i.status === 'firing').map((i) => `${i.ruleId}:${i.subject}`), { timeout: 60_000 })
    .toEqual(expect.arrayContaining(['feed-health:sec-rss', 'queue-backlog:default']));

  const alice = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-user': 'alice' } });
  const bob = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-user': 'bob' } });
  const pageA = await alice.newPage();
  const pageB = await bob.newPage();
  const a = new AlertsView(pageA);
  const b = new AlertsView(pageB);
  await Promise.all([pageA.goto('/alerts'), pageB.goto('/alerts')]);
  // Shown at once: the incidents come from the service, not from this tab's own clock.
  await expect(a.incident(/sec-rss/)).toBeVisible({ timeout: 15_000 });
  await expect(b.incident(/sec-rss/)).toBeVisible({ timeout: 15_000 });
  await expect(a.whoWatches()).toContainText('The console service evaluates');

  await a.act(/sec-rss/, 'Acknowledge');
  await expect(b.incident(/sec-rss/)).toContainText('acknowledged by alice', { timeout: 15_000 });
  const acked = (await incidents()).find((i) => i.subject === 'sec-rss' && i.status === 'firing');
  expect(acked?.acknowledgedBy).toBe('alice');

  // Restart on the same DATA_DIR: the same incident, still acknowledged, not opened again.
  await service?.close();
  service = await start();
  await pageB.reload();
  await expect(b.incident(/sec-rss/)).toContainText('acknowledged by alice', { timeout: 20_000 });
  const after = (await incidents()).filter((i) => i.subject === 'sec-rss' && i.status === 'firing');
  expect(after.map((i) => i.id)).toEqual([acked!.id]);
  await alice.close();
  await bob.close();
});

test('a Logs search saved in one browser opens in another, over its own range', async ({ browser }) => {
  const alice = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-user': 'alice' } });
  const bob = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-user': 'bob' } });
  const logsA = new LogsExplorer(await alice.newPage());
  await logsA.page.goto('/logs?range=1h');
  await logsA.expectLoaded();
  await logsA.search('TokenInvalidError');
  await logsA.level('error').click();
  await expect(logsA.page).toHaveURL(/level=error/);
  const savedA = new SavedSearchesControl(logsA.region);
  await savedA.save('Token errors');
  // Shared through the service, not this browser: no "in this browser only".
  await expect((await savedA.openList()).getByText(/in this browser only/)).toHaveCount(0);

  const logsB = new LogsExplorer(await bob.newPage());
  await logsB.page.goto('/logs?range=6h&line=not-a-line');
  const savedB = new SavedSearchesControl(logsB.region);
  await savedB.openList();
  await expect(savedB.item('Token errors')).toHaveAccessibleDescription(/^saved (just now|\d+s ago) by alice$/);
  await savedB.open('Token errors');
  await expect(logsB.page).toHaveURL(/\/logs\?range=6h&q=TokenInvalidError&level=error$/);
  await expect(logsB.region.getByRole('searchbox', { name: 'Search logs' })).toHaveValue('TokenInvalidError');
  await expect(logsB.level('error')).toHaveAttribute('aria-pressed', 'true');
  await logsB.expectEveryLine((text) => expect(text).toContain('TokenInvalidError'));
  await alice.close();
  await bob.close();
});

test("the rule editor backtests an issue rule over the service's own observations", async ({ page }) => {
  const alerts = new AlertsView(page);
  await page.goto('/alerts');
  await alerts.rules().getByRole('button', { name: 'Edit New or escalating issue' }).click();
  const backtest = page.getByRole('region', { name: 'Rule editor' }).getByRole('region', { name: 'Backtest' });
  // This tab evaluates nothing in service mode: the figure is the service's, over what it stored.
  await expect(backtest.getByRole('note')).toContainText('backtest covers what the console service has observed');
  await expect(backtest.getByRole('status')).toHaveText(/^Over the \S+( \S+)? the console service has observed \(\d+ evaluations?\): \d+ incidents?, \d+ notifications?/, { timeout: 15_000 });
  await expect(backtest.getByRole('img', { name: /Backtest timeline over what the console service has observed/ })).toBeVisible();
});

test("the Issues view reads the service's issue index: every line of the range, first seen ever", async ({ page }) => {
  await page.goto('/issues?source=loki&range=1h');
  const issues = page.getByRole('region', { name: 'Issues' });
  // The ingest indexes the story's last hour at start; until then the page groups a sample and says so.
  await expect(issues.getByText(/From the console service's issue index: all [\d,]+ warning-and-above lines of the range/)).toBeVisible({ timeout: 60_000 });
  const token = issues.getByRole('row').filter({ hasText: 'TokenInvalidError' }).first();
  await expect(token).toBeVisible();
  await token.getByRole('link').first().click();
  const detail = page.getByRole('region', { name: 'Issue detail' });
  await expect(detail.getByText(/the issue index has known this source since/)).toBeVisible();
});

test("the demo scenario is the service's: a switch in one browser ends its incidents and shows in the other", async ({ browser }) => {
  const alice = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-user': 'alice' } });
  const bob = await browser.newContext();
  const pageA = await alice.newPage();
  const pageB = await bob.newPage();
  const a = new AlertsView(pageA);
  const b = new AlertsView(pageB);
  await Promise.all([pageA.goto('/alerts'), pageB.goto('/alerts')]);
  await expect(b.incident(/sec-rss/)).toBeVisible({ timeout: 15_000 });

  await pageA.getByRole('combobox', { name: 'Demo scenario' }).selectOption({ label: 'Healthy' });
  // The service's watcher ends what the incident story fired, at once, and says why.
  await expect.poll(async () => (await incidents()).filter((i) => i.status === 'firing').length, { timeout: 30_000 }).toBe(0);
  await expect(pageB.getByRole('combobox', { name: 'Demo scenario' })).toHaveValue('healthy', { timeout: 15_000 });
  await expect(b.incident(/sec-rss/)).toContainText('resolved (demo scenario switched)', { timeout: 15_000 });

  // Switched back from the other browser: the incidents fire again at once, from the story's history.
  await pageB.getByRole('combobox', { name: 'Demo scenario' }).selectOption({ label: 'Incident (default)' });
  await expect(pageA.getByRole('combobox', { name: 'Demo scenario' })).toHaveValue('incident', { timeout: 15_000 });
  await expect.poll(async () => (await incidents()).filter((i) => i.status === 'firing').map((i) => `${i.ruleId}:${i.subject}`), { timeout: 30_000 })
    .toEqual(expect.arrayContaining(['feed-health:sec-rss', 'queue-backlog:default']));
  await expect(a.incident(/sec-rss/)).toContainText('firing', { timeout: 15_000 });
  await alice.close();
  await bob.close();
});
