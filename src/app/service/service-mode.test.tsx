/**
 * The console as a client of the console service (`service={{ baseUrl: '' }}`), and without one.
 * /api/* is an in-memory service built from the API's schemas (src/service/testing), installed per
 * test with `server.use()`; with no service, no /api handler exists, so any request to it fails.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { IndexedIssueDto } from '@/service/api-schemas';
import { createServiceApi, incident, SERVICE_BASE } from '@/service/testing/service-fixtures';
import { setupMockServer } from '@/testing/msw-server';
import { createTestQueryClient, TEST_NOW, testSources } from '@/testing/render-with-providers';
import { SpineConsole } from '../spine-console';

const { server } = setupMockServer();
// The page's origin: the service and the sources are same-origin paths.
const pageFetch: typeof fetch = (input, init) => globalThis.fetch(new URL(String(input), SERVICE_BASE), init);

function renderConsole(path: string, { service = true }: { service?: boolean } = {}) {
  const queryClient = createTestQueryClient();
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route
          path="/*"
          element={<SpineConsole sources={testSources} fetch={pageFetch} now={() => TEST_NOW} theme="light" queryClient={queryClient} {...(service ? { service: { baseUrl: '' } } : {})} />}
        />
      </Routes>
    </MemoryRouter>,
  );
  return { queryClient };
}

/** The Alerts view, found by role as a Playwright page object would. */
const alertsView = {
  region: () => screen.findByRole('region', { name: 'Alerts' }, { timeout: 5_000 }),
  row: async (text: string) => {
    const table = await within(await alertsView.region()).findByRole('table', { name: 'Alert inbox' }, { timeout: 5_000 });
    return within(table).getAllByRole('row').find((r) => r.textContent?.includes(text)) ?? null;
  },
};

const findRow = async (text: string) => {
  let row: HTMLElement | null = null;
  await waitFor(async () => {
    row = await alertsView.row(text);
    expect(row).not.toBeNull();
  });
  return row as unknown as HTMLElement;
};

describe('with the console service', () => {
  it("lists the service's incidents and says the service watches all the time", async () => {
    const service = createServiceApi({ incidents: [incident(), incident({ id: 'queue-backlog|default|1', ruleId: 'queue-backlog', ruleName: 'Queue backlog', kind: 'queue', subject: 'default', subjectLabel: 'default', summary: 'default has 480 messages waiting', severity: 'ERROR', condition: 'backlog' })] });
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    const alerts = await alertsView.region();
    expect(await findRow('Ollama is down')).toHaveTextContent('firing');
    expect(await findRow('default has 480 messages waiting')).toBeInTheDocument();
    expect(await within(alerts).findByText(/The console service evaluates these rules every 30s, whether or not a browser is open/)).toBeInTheDocument();
    expect(within(alerts).queryByText(/evaluated in this tab only/)).toBeNull();
    // Rules come from the service too.
    expect(await within(alerts).findByRole('checkbox', { name: 'Queue backlog' })).toBeChecked();
  });

  it('acknowledges through the API and shows who acknowledged', async () => {
    const service = createServiceApi({ actor: 'alice' });
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    const row = await findRow('Ollama is down');
    await userEvent.click(within(row).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(async () => expect(await findRow('Ollama is down')).toHaveTextContent('acknowledged by alice'));
    expect(service.state.incidents[0]!.acknowledgedBy).toBe('alice');
    expect(within(await findRow('Ollama is down')).queryByRole('button', { name: 'Acknowledge' })).toBeNull();
  });

  it('writes a rule change to the service', async () => {
    const service = createServiceApi();
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    const alerts = await alertsView.region();
    await userEvent.click(await within(alerts).findByRole('checkbox', { name: 'Queue backlog' }));
    await waitFor(() => expect(service.state.config.rules.find((r) => r.id === 'queue-backlog')?.enabled).toBe(false));
    expect(within(alerts).getByRole('checkbox', { name: 'Queue backlog' })).not.toBeChecked();
  });

  it('shows one banner when the service cannot reach its database, and keeps the incidents read-only', async () => {
    const service = createServiceApi();
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    await findRow('Ollama is down');
    service.state.storeDown = 'connect ECONNREFUSED 10.0.0.5:5432';
    await userEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    const banner = await screen.findByRole('region', { name: 'Console service' }, { timeout: 5_000 });
    expect(within(banner).getByRole('alert')).toHaveTextContent('The console service cannot reach its database: connect ECONNREFUSED 10.0.0.5:5432');
    const acknowledge = within(await findRow('Ollama is down')).getByRole('button', { name: 'Acknowledge' });
    expect(acknowledge).toBeDisabled();
    expect(acknowledge).toHaveAttribute('title', expect.stringMatching(/cannot reach its database: changes are off/));
    expect(within(await alertsView.region()).getByRole('button', { name: 'Mute everything for 1 hour' })).toBeDisabled();
    expect(screen.getAllByRole('region', { name: 'Console service' })).toHaveLength(1);
  });

  it('shows the banner when a change is refused with 503, and lifts it when the store is back', async () => {
    const service = createServiceApi();
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    await findRow('Ollama is down');
    service.state.storeDown = 'connect ECONNREFUSED 10.0.0.5:5432';
    await userEvent.click(within(await findRow('Ollama is down')).getByRole('button', { name: 'Snooze 1 h' }));
    const banner = await screen.findByRole('region', { name: 'Console service' });
    expect(banner).toHaveTextContent(/^The console service cannot reach its database; sources stay readable/);
    expect(within(await findRow('Ollama is down')).getByRole('button', { name: 'Snooze 1 h' })).toBeDisabled();
    service.state.storeDown = null;
    await userEvent.click(within(banner).getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Console service' })).toBeNull());
    expect(within(await findRow('Ollama is down')).getByRole('button', { name: 'Snooze 1 h' })).toBeEnabled();
  });

  it('asks for the access token once when a change needs it, and keeps it for the tab', async () => {
    const service = createServiceApi({ token: 's3cret', actor: 'bob' });
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    await userEvent.click(within(await findRow('Ollama is down')).getByRole('button', { name: 'Acknowledge' }));
    const dialog = await screen.findByRole('dialog', { name: 'Console service token' });
    await userEvent.type(within(dialog).getByLabelText('Access token'), 'wrong');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save change' }));
    // A refused token asks again, saying so.
    expect(await screen.findByRole('dialog', { name: 'Console service token' })).toHaveTextContent('refused that token');
    const again = screen.getByRole('dialog', { name: 'Console service token' });
    expect(within(again).getByLabelText('Access token')).toHaveAttribute('type', 'password');
    await userEvent.type(within(again).getByLabelText('Access token'), 's3cret');
    await userEvent.click(within(again).getByRole('button', { name: 'Save change' }));
    await waitFor(async () => expect(await findRow('Ollama is down')).toHaveTextContent('acknowledged by bob'));
    expect(screen.queryByRole('dialog')).toBeNull();
    // The next change goes through with the token already given.
    await userEvent.click(within(await findRow('Ollama is down')).getByRole('button', { name: 'Snooze 1 h' }));
    await waitFor(() => expect(service.state.incidents[0]!.snoozedUntil).toBeGreaterThan(TEST_NOW));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(JSON.stringify({ ...localStorage })).not.toContain('s3cret');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('s3cret');
  });

  it('says a change was not saved when the token dialog is cancelled', async () => {
    const service = createServiceApi({ token: 's3cret' });
    server.use(...service.handlers);
    renderConsole('/alerts?refresh=off');
    await userEvent.click(within(await findRow('Ollama is down')).getByRole('button', { name: 'Resolve' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Console service token' })).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('region', { name: 'Console service change' })).toHaveTextContent('Not saved: the console service needs its access token for changes.');
    expect(await findRow('Ollama is down')).toHaveTextContent('firing');
  });

  it('refetches on a change event, and notifies only incidents that opened after the page loaded', async () => {
    const streams: { onmessage: ((m: MessageEvent) => void) | null; onopen: (() => void) | null }[] = [];
    class FakeEventSource {
      readyState = 1;
      onopen: (() => void) | null = null;
      onmessage: ((m: MessageEvent) => void) | null = null;
      onerror: (() => void) | null = null;
      constructor() {
        streams.push(this);
      }
      close() {}
    }
    const shown: string[] = [];
    class FakeNotification {
      static permission = 'granted';
      constructor(title: string) {
        shown.push(title);
      }
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal('Notification', FakeNotification);
    localStorage.setItem('spine-console.alerting.browser-notifications', 'on');
    try {
      const service = createServiceApi();
      server.use(...service.handlers);
      renderConsole('/alerts?refresh=off');
      await findRow('Ollama is down');
      service.state.incidents.push(incident({ id: 'feed-health|sec-rss|2', ruleId: 'feed-health', kind: 'feed', subject: 'sec-rss', subjectLabel: 'sec-rss', summary: 'sec-rss is failing', severity: 'ERROR', condition: 'failing', startedAt: TEST_NOW - 5_000 }));
      await waitFor(() => expect(streams.length).toBeGreaterThan(0));
      streams.at(-1)!.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ topic: 'incidents', at: TEST_NOW }) }));
      expect(await findRow('sec-rss is failing')).toBeInTheDocument();
      await waitFor(() => expect(shown).toEqual(['ERROR: sec-rss is failing']));
    } finally {
      vi.unstubAllGlobals();
      localStorage.removeItem('spine-console.alerting.browser-notifications');
    }
  });

  it("writes an issue's state to the service, not to this browser's storage", async () => {
    const ALERTS = '*/proxy/capture-spine/api/v1/monitoring/alerts';
    const lines = [50, 52, 55].map((m) => ({ timestamp: `2026-11-28T09:${m}:00.000Z`, level: 'ERROR', service: 'billing', logger: 'billing.jobs', message: `Invoice 10${m} failed`, exception: null }));
    const service = createServiceApi();
    server.use(http.get(ALERTS, () => HttpResponse.json({ alerts: lines, total_count: lines.length, time_range_minutes: 60, has_critical: false, has_errors: true })), ...service.handlers);
    renderConsole('/issues?refresh=off&source=capture-spine');
    const issues = await screen.findByRole('region', { name: 'Issues' }, { timeout: 5_000 });
    const rows = await within(issues).findAllByRole('row', {}, { timeout: 10_000 });
    await userEvent.click(within(rows[1]!).getAllByRole('link')[0]!);
    const detail = await screen.findByRole('region', { name: 'Issue detail' });
    await userEvent.click(within(detail).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(service.state.writes).toEqual([expect.stringMatching(/^PUT issue-states\/capture-spine\/.+/)]));
    const stored = Object.values(service.state.issueStates.get('capture-spine') ?? {});
    expect(stored).toEqual([expect.objectContaining({ resolvedAtMs: expect.any(Number) })]);
    expect(within(detail).getByRole('button', { name: 'Reopen' })).toBeInTheDocument();
    // Nothing of it in this browser's storage: the service is the one place.
    expect(Object.keys(localStorage).filter((k) => k.startsWith('spine-console.issues.'))).toEqual([]);
  });
});

describe('the issue index, with the console service', () => {
  const DAY = 86_400_000;
  const ns = (ms: number) => `${ms}000000`;
  const indexed = (title: string, firstSeenMs: number, count: number): IndexedIssueDto => ({
    id: `i_${title.length}`, title, template: title, exceptionType: 'TokenInvalidError', fingerprintKind: 'exception', level: 'error',
    services: [{ name: 'spine-dev-api', count }], loggers: [], count, totalCount: count + 500, firstSeenNs: ns(firstSeenMs), lastSeenNs: ns(TEST_NOW - 60_000),
    firstSeenEverNs: ns(firstSeenMs), knownSinceNs: ns(TEST_NOW - 7 * DAY), sparkline: Array(24).fill(0), sparklineFromMs: TEST_NOW - 3_600_000, bucketMs: 150_000,
    samples: [], slotValues: [], frames: [], aliases: [], stacks: [], framelessCount: 0, levels: [{ name: 'error', count }], merged: [],
  });

  it('lists the issues of the index, with their first seen ever, and says where they come from', async () => {
    const service = createServiceApi({ indexedIssues: { 'capture-spine': { knownSinceNs: ns(TEST_NOW - 7 * DAY), issues: [indexed('TokenInvalidError: Token is invalid or expired: <*>', TEST_NOW - 3 * DAY, 42)] } } });
    server.use(...service.handlers);
    renderConsole('/issues?refresh=off&source=capture-spine');
    const issues = await screen.findByRole('region', { name: 'Issues' }, { timeout: 5_000 });
    expect(await within(issues).findByText(/From the console service's issue index: all 42 warning-and-above lines of the range/, {}, { timeout: 10_000 })).toBeInTheDocument();
    const row = within(issues).getAllByRole('row').find((r) => r.textContent?.includes('TokenInvalidError'))!;
    // First seen three days ago, although the range is the last hour.
    expect(row).toHaveTextContent('3d ago');
  });

  it('groups a sample here, saying why, while the index does not know the source yet', async () => {
    const ALERTS = '*/proxy/capture-spine/api/v1/monitoring/alerts';
    const lines = [50, 52].map((m) => ({ timestamp: `2026-11-28T09:${m}:00.000Z`, level: 'ERROR', service: 'billing', logger: 'billing.jobs', message: `Invoice 10${m} failed`, exception: null }));
    const service = createServiceApi();
    server.use(http.get(ALERTS, () => HttpResponse.json({ alerts: lines, total_count: lines.length, time_range_minutes: 60, has_critical: false, has_errors: true })), ...service.handlers);
    renderConsole('/issues?refresh=off&source=capture-spine');
    const issues = await screen.findByRole('region', { name: 'Issues' }, { timeout: 5_000 });
    expect(await within(issues).findByText(/Grouped a sample here: the console service has not indexed this source yet/, {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(within(issues).getByText(/Grouped 2 warning-and-above lines/)).toBeInTheDocument();
  });
});

describe('without the console service', () => {
  it('says plainly that alerts are evaluated in this tab only, and never calls /api', async () => {
    renderConsole('/alerts?refresh=off', { service: false });
    const alerts = await alertsView.region();
    expect(within(alerts).getByRole('note')).toHaveTextContent(
      'Alerts are evaluated in this tab only: they start when the tab opens and stop when it closes. Run the console service (npm start) to watch all the time',
    );
    expect(screen.queryByRole('region', { name: 'Console service' })).toBeNull();
    expect(within(alerts).getByRole('button', { name: 'Mute everything for 1 hour' })).toBeEnabled();
  });
});
