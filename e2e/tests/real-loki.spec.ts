import type { WebSocket } from '@playwright/test';
import { expect, lineAt, storyStream, test } from '../fixtures/real-loki';
import { LogsExplorer } from '../pages/logs-explorer';

/**
 * The console in live mode against a real Loki (e2e/fixtures/real-loki.ts): Loki 3.x and 2.9 as
 * the harness starts them, seeded with the last 24 h of the demo's story, and the console server
 * with only LOKI_URL and LOKI_TENANT. Every view is driven through the UI; the console-error
 * guard fails a test on any console error, so a failed request to the real Loki fails it too.
 * Without a Loki on the machine the tests skip after one "skipped:" line (CI: REQUIRE_INTEGRATION=1
 * makes that a failure).
 */

// One worker runs the file in order, so each Loki is started and seeded once (not per worker).
test.describe.configure({ mode: 'default' });

const TOKEN = 'TokenInvalidError';

test.describe('live mode on a real Loki 3', () => {
  test.use({ lokiLine: '3' });
  // Stopped when this group is done, so the two Lokis never run at once (and not after the file).
  test.afterAll(async ({ lokiStacks }) => lokiStacks.stop('3'));

  test('Logs: the story loads; text search, level and service filters, line details', async ({ page }) => {
    const logs = new LogsExplorer(page);
    await page.goto('/logs?range=1h');
    await logs.expectLoaded();
    expect(await logs.count()).toBe(1000);
    await expect(logs.histogram()).toBeVisible();

    await logs.search(TOKEN);
    await expect(page).toHaveURL(/q=TokenInvalidError/);
    await logs.expectEveryLine((text) => expect(text).toContain(TOKEN));

    await logs.level('error').click();
    await expect(logs.level('error')).toHaveAttribute('aria-pressed', 'true');
    await expect(page).toHaveURL(/level=error/);
    await logs.expectEveryLine((text) => expect(text).toMatch(/\bERROR\b.*TokenInvalidError/));

    await logs.service().selectOption('spine-dev-api');
    await expect(page).toHaveURL(/service=spine-dev-api/);
    await logs.expectEveryLine((text) => expect(text).toMatch(/\bERROR\s+spine-dev-api\b.*TokenInvalidError/));

    const details = await logs.openLine(logs.lines().first());
    await expect(page).toHaveURL(/line=/);
    await expect(details.getByLabel('Full message')).toContainText(TOKEN);
    const labels = details.getByRole('table', { name: 'Labels and fields' });
    await expect(labels.getByRole('row', { name: /^service_name spine-dev-api$/ })).toBeVisible();
    await expect(labels.getByRole('row', { name: /^job docker$/ })).toBeVisible();
    await expect(labels.getByRole('row', { name: /^level error$/ })).toBeVisible();

    // Back to every service, then another one. The Service list offers the services of the lines
    // loaded, so while one is selected it is the only one offered.
    await logs.search('');
    await logs.level('error').click();
    await logs.service().selectOption('');
    await expect(page).not.toHaveURL(/service=/);
    await expect(logs.service().getByRole('option', { name: 'py-sec-edgar' })).toBeAttached({ timeout: 15_000 });
    await logs.service().selectOption('py-sec-edgar');
    await logs.expectEveryLine((text) => expect(text).toMatch(/\bpy-sec-edgar\b/));
  });

  // Before the live tail test, whose lines would sit at the top of the list.
  test('screenshots of the Logs view in live mode, 1440×900 and 390×844', async ({ page }) => {
    const logs = new LogsExplorer(page);
    for (const [w, h] of [[1440, 900], [390, 844]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto('/logs?range=1h');
      await logs.expectLoaded();
      await expect(logs.histogram()).toBeVisible();
      await page.screenshot({ path: `test-results/real-loki/logs-live-${w}x${h}.png` });
    }
  });

  test('Logs: the line limit is marked and Load older pages back past it', async ({ page }) => {
    const logs = new LogsExplorer(page);
    await page.goto('/logs?range=6h&limit=500&refresh=off');
    await logs.expectLoaded();
    expect(await logs.count()).toBe(500);
    await logs.loadOlder();
    expect(await logs.count()).toBe(1000);
    await logs.loadOlder();
    expect(await logs.count()).toBe(1500);
    await expect(logs.region.getByText('1,500 lines (more available)')).toBeVisible();
  });

  test('Live tail: a line pushed to Loki while the tail is open arrives over the console server’s WebSocket proxy', async ({ page, live }) => {
    const logs = new LogsExplorer(page);
    const marker = `realloki-tail-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const socket = page.waitForEvent('websocket', (ws) => ws.url().includes('/loki/api/v1/tail'));
    await page.goto(`/logs?live=1&refresh=off&q=${marker}`);
    const ws: WebSocket = await socket;
    // Same origin: the browser opens the tail on the console server, which adds the tenant upstream.
    expect(new URL(ws.url()).origin).toBe(live.consoleUrl.replace(/^http/, 'ws'));
    expect(new URL(ws.url()).pathname).toBe('/proxy/loki/loki/api/v1/tail');
    const frame = ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes(marker), timeout: 30_000 });
    await expect(logs.liveTail()).toHaveAttribute('aria-pressed', 'true');
    await expect(logs.tailStatus()).toContainText('Streaming new lines');
    await expect(logs.region.getByText('Waiting for new lines…')).toBeVisible();

    await live.push([lineAt(storyStream('spine-dev-api', 'info'), `INFO:     127.0.0.1:50000 - "GET /api/v1/${marker} HTTP/1.1" 200 OK`)]);
    await frame;
    await expect(logs.lines().filter({ hasText: marker })).toHaveCount(1, { timeout: 15_000 });
    await expect(logs.lines().first()).toContainText(/INFO\s+spine-dev-api/);

    // A second line lands above the first, still without a refresh.
    await live.push([lineAt(storyStream('py-sec-edgar', 'warning'), `WARNING second ${marker}`)]);
    await expect(logs.lines()).toHaveCount(2, { timeout: 15_000 });
    await expect(logs.lines().first()).toContainText(`WARNING second ${marker}`);
  });

  test('Patterns: the list comes from Loki and a pattern filters the lines on the server', async ({ page }) => {
    const logs = new LogsExplorer(page);
    await page.goto('/logs?range=1h');
    await logs.expectLoaded();
    const panel = await logs.openPatterns();
    const patterns = panel.getByRole('list', { name: 'Log patterns' }).getByRole('button');
    await expect(patterns.first()).toBeVisible({ timeout: 20_000 });
    const traceback = patterns.filter({ hasText: 'Traceback (most recent call last):' }).first();
    await traceback.click();
    await expect(traceback).toHaveAttribute('aria-pressed', 'true');
    await expect(page).toHaveURL(/pattern=/);
    await logs.expectEveryLine((text) => expect(text).toContain('Traceback (most recent call last):'));

    await panel.getByRole('tab', { name: 'Detected fields' }).click();
    await expect(panel.getByRole('table', { name: 'Detected fields' }).getByRole('row').nth(1)).toBeVisible({ timeout: 20_000 });
  });

  test('Issues: grouped from the real lines; TokenInvalidError’s detail counts and dates it with Loki', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/issues?range=1h');
    const issues = page.getByRole('region', { name: 'Issues' });
    const rows = issues.getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toBeVisible({ timeout: 30_000 });
    expect(await rows.count()).toBeGreaterThan(5);
    const token = rows.filter({ hasText: TOKEN }).first();
    await expect(token).toContainText('spine-dev-api');
    await token.getByRole('link').click();
    await expect(page).toHaveURL(/\/issues\/i_/);

    const detail = page.getByRole('region', { name: 'Issue detail' });
    await expect(detail).toContainText(TOKEN);
    await expect(detail.getByRole('list', { name: 'Stack frames' })).toBeVisible();
    await detail.getByRole('button', { name: 'Exact count' }).click();
    await expect(detail.getByRole('status').filter({ hasText: 'counted by Loki' })).toContainText(/^[\d,]+ lines containing “TokenInvalidError” in the range/, { timeout: 20_000 });
    await detail.getByRole('button', { name: 'Find first occurrence' }).click();
    // The story holds 24 h, so the earliest line is about a day back, before the 1 h range.
    await expect(detail.getByRole('status').filter({ hasText: 'Earliest line' })).toContainText('Earliest line with “TokenInvalidError” in the last 7 days', { timeout: 30_000 });
    await expect(detail.getByRole('alert')).toHaveCount(0);
  });

  test('Dashboard: the Errors tile lists TokenInvalidError; the tiles Loki cannot feed say so', async ({ page, consolePage }) => {
    await page.goto('/?range=1h');
    const errors = consolePage.tile('Errors');
    const token = errors.region.getByRole('list', { name: 'Top issues' }).getByRole('listitem').filter({ hasText: TOKEN }).first();
    await expect(token).toBeVisible({ timeout: 30_000 });
    await expect(errors.region).toContainText(/\d+ issues from [\d,]+ lines/);
    for (const name of ['Service health', 'Feed status', 'Queue stats']) {
      await expect(consolePage.tile(name).region).toContainText(/No source provides/);
    }
    await expect(page.getByRole('alert')).toHaveCount(0);
    await token.getByRole('link').click();
    await expect(page.getByRole('region', { name: 'Issue detail' })).toContainText(TOKEN);
  });

  test('Alerts: the log rules fire from the real lines; the view loads without errors', async ({ page }) => {
    await page.goto('/alerts?range=1h');
    const alerts = page.getByRole('region', { name: 'Alerts' });
    const inbox = alerts.getByRole('table', { name: 'Alert inbox' });
    const token = inbox.getByRole('row').filter({ hasText: TOKEN }).first();
    await expect(token).toContainText('firing', { timeout: 30_000 });
    await expect(token).toContainText('New or escalating issue');
    await expect(alerts.getByRole('list', { name: 'Alert rules' }).getByRole('listitem').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Active alerts' })).toContainText(TOKEN);
    await expect(alerts.getByRole('alert')).toHaveCount(0);
    await token.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(token).toContainText('acknowledged');
  });

  test('Sources: the Loki source is tested: reachable, its version, what it provides', async ({ page, live }) => {
    await page.goto('/sources');
    const row = page.getByRole('region', { name: 'Sources' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Loki/ }) });
    await expect(row).toContainText('reachable', { timeout: 20_000 });
    await expect(row).not.toContainText('unreachable');
    expect(live.loki.version).toMatch(/^3\./);
    await expect(row).toContainText(`version ${live.loki.version}`);
    await expect(row).toContainText('supports volume endpoints, patterns, detected fields');
    // Provides: every Loki capability, none marked as missing on this version.
    const provides = row.getByRole('list', { name: /provides$/ });
    for (const c of ['logs', 'log volume', 'log patterns', 'detected fields', 'detected field values']) await expect(provides.getByRole('listitem').filter({ hasText: new RegExp(`^${c}$`) })).toHaveCount(1);
    await expect(row.getByRole('list', { name: /lacks, or may lack$/ })).toHaveCount(0);
    // Only Loki is configured: the server says so, and Loki is the only source listed.
    expect(live.consoleOutput()).toContain('in live: loki');
    await expect(page.getByRole('region', { name: 'Sources' }).getByRole('rowheader')).toHaveCount(1);
  });

});

test.describe('live mode on a real Loki 2.9', () => {
  test.use({ lokiLine: '2.9' });
  test.afterAll(async ({ lokiStacks }) => lokiStacks.stop('2.9'));

  test('lines load and page; Sources says 2.9; Patterns and Detected fields explain why they are not there', async ({ page, live }) => {
    const logs = new LogsExplorer(page);
    await page.goto('/logs?range=1h&limit=500&panel=patterns');
    await logs.expectLoaded();
    await logs.loadOlder();
    expect(await logs.count()).toBe(1000);

    const panel = logs.patterns();
    await expect(panel.getByRole('note')).toContainText('Log patterns are not available on Loki.');
    await expect(panel.getByRole('note')).toContainText(`This Loki (${live.loki.version}) has no log patterns`);
    await panel.getByRole('tab', { name: 'Detected fields' }).click();
    await expect(panel.getByRole('note')).toContainText('Detected fields are not available on Loki.');
    await expect(panel.getByRole('note')).toContainText(`This Loki (${live.loki.version}) has no detected fields`);
    await expect(panel.getByRole('alert')).toHaveCount(0);

    await logs.search(TOKEN);
    await logs.expectEveryLine((text) => expect(text).toContain(TOKEN));

    await page.goto('/sources');
    const row = page.getByRole('region', { name: 'Sources' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Loki/ }) });
    expect(live.loki.version).toMatch(/^2\.9\./);
    await expect(row).toContainText(`version ${live.loki.version}`, { timeout: 20_000 });
    await expect(row).toContainText('reachable');
    // Provides tells what this version lacks instead of listing it.
    await expect(row.getByRole('list', { name: /provides$/ })).toContainText('log volume');
    await expect(row.getByRole('list', { name: /provides$/ })).not.toContainText('log patterns');
    await expect(row.getByRole('list', { name: /lacks, or may lack$/ }).getByRole('listitem')).toHaveText([
      `log patterns — not on Loki ${live.loki.version}: needs 3.0`,
      `detected fields — not on Loki ${live.loki.version}: needs 3.0`,
      `detected field values — not on Loki ${live.loki.version}: needs 3.3`,
    ]);
  });

  test('Issues and the Errors tile work from 2.9’s lines too', async ({ page, consolePage }) => {
    await page.goto('/?range=1h');
    const token = consolePage.tile('Errors').region.getByRole('listitem').filter({ hasText: TOKEN }).first();
    await expect(token).toBeVisible({ timeout: 30_000 });
    await token.getByRole('link').click();
    const detail = page.getByRole('region', { name: 'Issue detail' });
    await expect(detail).toContainText(TOKEN);
    await detail.getByRole('button', { name: 'Exact count' }).click();
    await expect(detail.getByRole('status').filter({ hasText: 'counted by Loki' })).toBeVisible({ timeout: 20_000 });
  });
});
