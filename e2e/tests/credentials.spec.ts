import { expect, test } from '../fixtures/console-test';
import { startFakeUpstreams } from '../fixtures/fake-upstreams';
import type { FakeUpstreams, UpstreamSource } from '../fixtures/fake-upstreams';
import { startLiveConsole } from '../fixtures/live-console';
import type { LiveConsole } from '../fixtures/live-console';
import type { ConsolePage } from '../pages/console-page';
import { LeakWatch } from '../pages/leak-watch';
import { recordMeasurement } from '../pages/request-log';

/**
 * Credentials never reach the browser. The real console server runs in live mode with secret
 * credentials in its environment, in front of real (small, local) upstreams. A page goes through
 * every view — dashboard, Logs on Loki with live tail (a WebSocket through the server's upgrade
 * proxy) and on Elasticsearch, Issues, Alerts, Sources with the connection tests — first with
 * healthy upstreams, then with hostile ones that echo the credentials back in 401/500 error
 * bodies and headers. The secrets must appear in no URL, storage, cookie, console message,
 * response the page receives, WebSocket frame or page text, while the upstreams did get them.
 */
test.describe.configure({ mode: 'serial' });

const CONSOLE_PORT = 4482;
const UPSTREAM_PORT = 4483;

const basic = (pair: string) => Buffer.from(pair, 'utf8').toString('base64');
const SPINE_TOKEN = 'csp_live_S3cr3tT0kenE2E';
const LOKI_PAIR = 'secret-loki:l0ki-pa55word';
const LOKI_AUTH = `Basic ${basic(LOKI_PAIR)}`;
const LOKI_TENANT = 'tenant-s3cret-org';
const ES_KEY = basic('esk3y:sekr3t-api-key');
const ES_AUTH = `ApiKey ${ES_KEY}`;
/** What must never show: each token, Basic's decoded password, the tenant (padding left off, so a re-encoded form still matches). */
const SECRETS = [SPINE_TOKEN, basic(LOKI_PAIR).replace(/=+$/, ''), 'l0ki-pa55word', LOKI_TENANT, ES_KEY.replace(/=+$/, ''), 'sekr3t-api-key'];

let upstreams: FakeUpstreams;
let server: LiveConsole;

test.use({
  baseURL: `http://localhost:${CONSOLE_PORT}`,
  // Failed source requests (the hostile half) are logged by the browser; their text is scanned too.
  allowedConsoleErrors: [/Failed to load resource|WebSocket connection to .* failed/],
});

test.beforeAll(async () => {
  upstreams = await startFakeUpstreams(UPSTREAM_PORT);
  server = await startLiveConsole(CONSOLE_PORT, {
    CAPTURE_SPINE_URL: upstreams.urls['capture-spine'],
    CAPTURE_SPINE_TOKEN: SPINE_TOKEN,
    LOKI_URL: upstreams.urls.loki,
    LOKI_AUTH,
    LOKI_TENANT,
    ELASTICSEARCH_URL: upstreams.urls.elasticsearch,
    ELASTICSEARCH_AUTH: ES_AUTH,
  });
});

test.afterAll(async () => {
  await server?.close();
  await upstreams?.close();
});

const EXPECTED_AUTH: Record<UpstreamSource, string> = { 'capture-spine': `Bearer ${SPINE_TOKEN}`, loki: LOKI_AUTH, elasticsearch: ES_AUTH };

/** The upstreams got the credentials on every request since `from`: the proxy added them. */
function expectUpstreamsGotCredentials(from: number) {
  const seen = upstreams.seen.slice(from);
  for (const source of ['capture-spine', 'loki', 'elasticsearch'] as const) {
    const mine = seen.filter((r) => r.source === source);
    expect(mine.length, `${source} requests`).toBeGreaterThan(0);
    for (const r of mine) expect(r.authorization, `${source} ${r.path}`).toBe(EXPECTED_AUTH[source]);
  }
  for (const r of seen.filter((s) => s.source === 'loki')) expect(r.tenant, r.path).toBe(LOKI_TENANT);
  return seen;
}

async function visitEveryView(consolePage: ConsolePage, watch: LeakWatch, expectations: {
  dashboard: () => Promise<void>;
  lokiLogs: () => Promise<void>;
  liveTail: () => Promise<void>;
  esLogs: () => Promise<void>;
  issues: () => Promise<void>;
  alerts: () => Promise<void>;
  sources: () => Promise<void>;
}) {
  const { page } = consolePage;
  await consolePage.open('/', { refresh: '5s' });
  await expectations.dashboard();
  await watch.snapshot('dashboard');

  await consolePage.open('/logs', { source: 'loki', range: '15m', refresh: '5s' });
  await expectations.lokiLogs();
  await watch.snapshot('logs (Loki)');
  await page.getByRole('region', { name: 'Logs' }).getByRole('button', { name: 'Live tail' }).click();
  await expectations.liveTail();
  await watch.snapshot('live tail (Loki)');

  await consolePage.open('/logs', { source: 'elasticsearch', range: '15m' });
  await expectations.esLogs();
  await watch.snapshot('logs (Elasticsearch)');

  await consolePage.nav('Issues').click();
  await expectations.issues();
  await watch.snapshot('issues');

  await consolePage.nav('Alerts').click();
  await expectations.alerts();
  await watch.snapshot('alerts');

  await consolePage.nav('Sources').click();
  await expectations.sources();
  await watch.snapshot('sources');
}

test('healthy sources: every view works, the upstreams get the credentials, the page never sees them', async ({ consolePage, page }) => {
  test.setTimeout(120_000);
  const from = upstreams.seen.length;
  upstreams.mode = 'ok';
  const watch = new LeakWatch(page, SECRETS);
  const logs = page.getByRole('region', { name: 'Logs' });
  const lines = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
  await visitEveryView(consolePage, watch, {
    dashboard: async () => {
      for (const name of ['Service health', 'Feed status', 'Queue stats']) await consolePage.tile(name).expectLoaded();
      await expect(consolePage.tile('Errors').region).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    },
    lokiLogs: () => expect(lines.first()).toBeVisible({ timeout: 20_000 }),
    liveTail: async () => {
      await expect(logs.getByText(/Streaming new lines/)).toBeVisible();
      await expect.poll(() => watch.seen('WebSocket frame').length, { timeout: 10_000 }).toBeGreaterThan(0);
    },
    esLogs: () => expect(lines.first()).toBeVisible({ timeout: 20_000 }),
    issues: () => expect(page.getByRole('region', { name: 'Issues' })).toBeVisible(),
    alerts: () => expect(page.getByRole('region', { name: 'Alerts' }).getByRole('table')).toBeVisible(),
    sources: async () => {
      const sources = page.getByRole('region', { name: 'Sources' });
      for (const label of ['capture-spine', 'Loki', 'Elasticsearch']) await expect(sources.getByRole('row').filter({ hasText: label }).first()).toContainText('reachable', { timeout: 20_000 });
    },
  });
  const seen = expectUpstreamsGotCredentials(from);
  expect(seen.some((r) => r.websocket), 'the live tail reached Loki through the upgrade proxy').toBe(true);
  expect(await watch.leaks()).toEqual([]);
  expect(server.output.join('').length).toBeGreaterThan(0);
  expect(SECRETS.filter((s) => server.output.join('').includes(s))).toEqual([]);
  recordMeasurement('credentials-healthy', { test: 'e2e/tests/credentials.spec.ts', upstreamRequests: seen.length, websocketUpgrades: seen.filter((r) => r.websocket).length, inspected: watch.counts(), leaks: 0 });
});

test('hostile sources echo the credentials in 401/500 bodies and headers: the page still never sees them', async ({ consolePage, page }) => {
  test.setTimeout(150_000);
  const from = upstreams.seen.length;
  upstreams.mode = 'hostile';
  const watch = new LeakWatch(page, SECRETS);
  const logsAlert = page.getByRole('region', { name: 'Logs' }).getByRole('alert').first();
  await visitEveryView(consolePage, watch, {
    dashboard: async () => {
      // The upstream's own words reach the tile (so the echoing body was read), minus the secrets.
      for (const name of ['Service health', 'Feed status', 'Queue stats']) await expect(consolePage.tile(name).alert()).toContainText('Invalid credentials', { timeout: 30_000 });
      await expect(consolePage.tile('Errors').region).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    },
    lokiLogs: () => expect(logsAlert).toContainText('Loki', { timeout: 30_000 }),
    liveTail: () => expect(page.getByRole('region', { name: 'Logs' }).getByRole('button', { name: '● Live' })).toBeVisible(),
    esLogs: () => expect(logsAlert).toContainText(/security_exception|unable to authenticate/, { timeout: 30_000 }),
    issues: () => expect(page.getByRole('region', { name: 'Issues' })).toBeVisible(),
    alerts: () => expect(page.getByRole('region', { name: 'Alerts' })).toBeVisible(),
    sources: async () => {
      const sources = page.getByRole('region', { name: 'Sources' });
      for (const label of ['capture-spine', 'Loki', 'Elasticsearch']) await expect(sources.getByRole('row').filter({ hasText: label }).first()).toContainText(/unreachable|test failed/, { timeout: 30_000 });
    },
  });
  // Let the live tail's reconnect attempts and the polls land before the last look.
  await page.waitForTimeout(2_000);
  await watch.snapshot('end');
  const seen = expectUpstreamsGotCredentials(from);
  const leaks = await watch.leaks();
  expect(leaks).toEqual([]);
  expect(SECRETS.filter((s) => server.output.join('').includes(s))).toEqual([]);
  recordMeasurement('credentials-hostile', { test: 'e2e/tests/credentials.spec.ts', upstreamRequests: seen.length, websocketUpgrades: seen.filter((r) => r.websocket).length, inspected: watch.counts(), leaks: leaks.length });
});
