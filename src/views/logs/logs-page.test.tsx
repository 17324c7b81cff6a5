import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { MemoryRouter } from 'react-router';
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { groupMessages } from '@/errors/miner';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import type { ConsoleSettings } from '@/lib/console-settings';
import { captureSpineAdapter } from '@/sources/capture-spine';
import { supports } from '@/sources/registry';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';
import { setupMockServer } from '@/testing/msw-server';
import { TEST_NOW } from '@/testing/render-with-providers';
import { LogsPage } from './logs-page';

const { server } = setupMockServer();
const spine: SourceInstance[] = [{ id: 'spine', kind: 'capture-spine', label: 'capture-spine (test)', config: { baseUrl: 'http://localhost/proxy/capture-spine' } }];

/** Five alerts of two kinds, newest first: three "Connection refused" lines, two "Queue depth" lines. */
const MESSAGES = [
  'Connection refused to db-1 after 3 retries',
  'Queue depth 120 above threshold 100',
  'Connection refused to db-2 after 5 retries',
  'Queue depth 180 above threshold 100',
  'Connection refused to db-3 after 2 retries',
];

function serveAlerts() {
  const at = (s: number) => new Date(TEST_NOW - s * 1000).toISOString();
  const alerts = MESSAGES.map((message, i) => ({ timestamp: at(10 * (i + 1)), level: 'ERROR', service: 'capture-spine-api', logger: 'app', message, exception: null }));
  server.use(http.get('*/proxy/capture-spine/api/v1/monitoring/alerts', () => HttpResponse.json({ alerts, total_count: alerts.length, time_range_minutes: 60, has_critical: false, has_errors: true })));
}

function renderLogs(url: string) {
  const settings: ConsoleSettings = { range: { last: '1h' }, refresh: 'off', refreshMs: false, now: () => TEST_NOW, utc: true };
  // The console's scope defaults without retries: lines loaded under 4 s ago are fresh, so no refresh runs.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity, refetchOnWindowFocus: false, staleTime: 4_000 } } });
  render(
    <MemoryRouter initialEntries={[url]}>
      <QueryClientProvider client={queryClient}>
        <SourcesProvider sources={spine} now={settings.now}>
          <ConsoleSettingsContext.Provider value={settings}>
            <LogsPage />
          </ConsoleSettingsContext.Provider>
        </SourcesProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}

describe('Logs view, a source without logPatterns', () => {
  // jsdom has no Element.scrollTo; the log list calls it.
  beforeAll(() => {
    if (!Element.prototype.scrollTo) Element.prototype.scrollTo = () => {};
  });

  it('filters by a selected pattern in the console and never sends the source a pattern', async () => {
    expect(supports(captureSpineAdapter, 'logPatterns')).toBe(false);
    serveAlerts();
    const logs = vi.spyOn(captureSpineAdapter.capabilities, 'logs');
    onTestFinished(() => logs.mockRestore());
    renderLogs('/logs?panel=patterns');

    expect(await screen.findByText('5 lines')).toBeInTheDocument();
    const panel = screen.getByRole('region', { name: 'Patterns' });
    expect(within(panel).getByRole('note')).toHaveTextContent(/mined in the console/);
    const refused = within(panel).getByRole('button', { name: /^Connection refused .* \(3 lines\)$/ });
    await userEvent.click(refused);

    expect(refused).toHaveAttribute('aria-pressed', 'true');
    expect(await screen.findByText('3 lines')).toBeInTheDocument();
    // The pattern never reached the adapter: the loaded lines were filtered, not asked for again.
    expect(logs).toHaveBeenCalledTimes(1);
    for (const [, params] of logs.mock.calls) {
      expect(params).not.toHaveProperty('pattern');
      expect(params).not.toHaveProperty('fields');
    }
  });

  it('applies a pattern from a link the same way, without the panel open', async () => {
    serveAlerts();
    const logs = vi.spyOn(captureSpineAdapter.capabilities, 'logs');
    onTestFinished(() => logs.mockRestore());
    // A shared link with a pattern and a field filter: the mined pattern filters here; the field filter does not apply.
    const queue = groupMessages(MESSAGES)[1]!.template;
    renderLogs(`/logs?pattern=${encodeURIComponent(queue)}&field=${encodeURIComponent('logfmt:status=500')}`);

    expect(await screen.findByText('2 lines')).toBeInTheDocument();
    expect(logs).toHaveBeenCalledTimes(1);
    for (const [, params] of logs.mock.calls) {
      expect(params).not.toHaveProperty('pattern');
      expect(params).not.toHaveProperty('fields');
    }
  });
});
