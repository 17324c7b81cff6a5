/**
 * The backtest of a rule kind no source keeps history for (issue rules): over what this tab
 * evaluated, or, with the console service behind the page, over what the service observed
 * (POST /api/backtest, answered here by a handler that runs the same backtest over its history).
 */
import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { backtest, defineRule } from '@/alerting';
import type { Observation, Rule } from '@/alerting';
import type { SourceInstance } from '@/sources/source-adapter';
import { AlertingContext } from '@/alerting/ui/alerting-context';
import { createAlertStore } from '@/alerting/ui/alert-store';
import { backtestRequestSchema } from '@/service/api-schemas';
import type { BacktestResponse } from '@/service/api-schemas';
import { createServiceConnection } from '@/service/service-connection';
import { ServiceConnectionContext } from '@/service/service-context';
import { SERVICE_BASE, storeUnavailable } from '@/service/testing/service-fixtures';
import { setupMockServer } from '@/testing/msw-server';
import { createTestQueryClient, renderWithProviders, TEST_NOW } from '@/testing/render-with-providers';
import { BacktestPanel } from './backtest-panel';

const { server } = setupMockServer();

const rule = defineRule({ id: 'issues', name: 'New or escalating issue', kind: 'issue', severity: 'ERROR', statuses: ['new', 'regressed', 'escalating'] });

/** 401 evaluations, 30 s apart (3 h 20 m): two issues each new for a while, so two incidents. */
function observed(): Observation[] {
  const from = TEST_NOW - 400 * 30_000;
  return Array.from({ length: 401 }, (_, k) => ({
    at: from + k * 30_000,
    issues: [
      { id: 'timeout', title: 'TimeoutError', status: k >= 100 && k < 150 ? 'new' : 'ongoing', count: 4, services: ['api'], level: 'error' },
      { id: 'oom', title: 'MemoryError', status: k >= 300 && k < 320 ? 'escalating' : 'ongoing', count: 9, services: ['worker'], level: 'critical' },
    ],
  }));
}

/** The service's answer, computed as it does: the rule (as if enabled) over its stored history. */
function answer(history: Observation[], body: unknown): BacktestResponse {
  const { rule: r } = backtestRequestSchema.parse(body);
  const result = backtest({ ...r, enabled: true }, history);
  return { from: history[0]?.at ?? null, to: history.at(-1)?.at ?? null, evaluations: history.length, firings: result.firings, timeline: result.timeline, notifications: result.notifications };
}

const backtestApi = `${SERVICE_BASE}/api/backtest`;

function renderPanel({ service = true, tab = createAlertStore(null), forRule = rule, sources }: { service?: boolean; tab?: ReturnType<typeof createAlertStore>; forRule?: Rule; sources?: SourceInstance[] } = {}) {
  const queryClient = createTestQueryClient();
  const connection = service ? createServiceConnection({ baseUrl: SERVICE_BASE, queryClient }) : undefined;
  const notifications = { enabled: false, permission: 'unsupported' as const, enable: async () => {}, disable: () => {} };
  const wrap = (ui: ReactNode) => (
    <ServiceConnectionContext.Provider value={connection}>
      <AlertingContext.Provider value={{ store: tab, notifications }}>{ui}</AlertingContext.Provider>
    </ServiceConnectionContext.Provider>
  );
  renderWithProviders(wrap(<BacktestPanel rule={forRule} />), { queryClient, ...(sources ? { sources } : {}) });
  return screen.getByRole('region', { name: 'Backtest' });
}

describe('the backtest of an issue rule', () => {
  it("with the console service: its figure and chart over what the service observed", async () => {
    const history = observed();
    server.use(http.post(backtestApi, async ({ request }) => HttpResponse.json(answer(history, await request.json()))));
    const panel = renderPanel();
    expect(within(panel).getByRole('note')).toHaveTextContent(/No history for this rule kind on capture-spine \(test\) \(issues are grouped by the console\): backtest covers what the console service has observed \(its last 24 h, at most 600 evaluations\)/);
    expect(await within(panel).findByText(/^Over the/)).toHaveTextContent('Over the 3h 20m the console service has observed (401 evaluations): 2 incidents, 2 notifications.');
    expect(within(panel).getByRole('status')).toHaveTextContent(/^Over the 3h 20m/);
    expect(within(panel).getByRole('img', { name: /Backtest timeline over what the console service has observed: 2 incidents, up to 1 firing at once/ })).toBeInTheDocument();
  });

  it('with the console service: says it replays while the service answers', async () => {
    server.use(http.post(backtestApi, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }));
    const panel = renderPanel();
    expect(await within(panel).findByRole('status')).toHaveTextContent('Replaying the rule on what the console service has observed…');
  });

  it('with the console service: says the service has observed nothing yet when it just started', async () => {
    server.use(http.post(backtestApi, async ({ request }) => HttpResponse.json(answer([], await request.json()))));
    const panel = renderPanel();
    expect(await within(panel).findByText(/observed nothing yet/)).toHaveTextContent('The console service has observed nothing yet: this backtest fills in as it watches.');
    expect(within(panel).queryByRole('img')).toBeNull();
  });

  it('with the console service: names the problem when the service cannot backtest', async () => {
    server.use(http.post(backtestApi, () => storeUnavailable()));
    const panel = renderPanel();
    expect(await within(panel).findByRole('alert')).toHaveTextContent('Could not backtest on the console service: The console service cannot reach its database');
  });

  it("without the service: over what this tab evaluated, as before", async () => {
    const tab = createAlertStore(null);
    for (const o of observed()) tab.observe(o, o.at);
    // No /api handler: a request to the service would fail the test.
    const panel = renderPanel({ service: false, tab });
    expect(within(panel).getByRole('note')).toHaveTextContent(/backtest covers only what this console has observed/);
    expect(within(panel).getByRole('status')).toHaveTextContent('Over the 3h 20m this console has observed (401 evaluations): 2 incidents, 2 notifications.');
  });

  it("a log rule watching every service, with nothing evaluated in this tab (service mode): counts the services the source lists", async () => {
    const loki: SourceInstance[] = [{ id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki' } }];
    const errorRate = defineRule({ id: 'error-rate', name: 'Error rate', kind: 'error-rate', severity: 'ERROR', threshold: 20, window: '5m', for: '2m' });
    const panel = renderPanel({ forRule: errorRate, sources: loki });
    const note = await within(panel).findByText(/The rule watches every service; counted for the \d+ services Loki \(test\) lists/, {}, { timeout: 10_000 });
    expect(note.textContent).toMatch(/spine-dev-api/);
    expect(await within(panel).findByText(/^Over the last 24 h on Loki \(test\)/, {}, { timeout: 10_000 })).toBeInTheDocument();
  }, 20_000);
});
