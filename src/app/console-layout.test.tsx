/**
 * "Refresh now" with the log explorer's pages loaded: the lines are refreshed as the auto-refresh
 * does (one request for the newer lines, the older pages kept), every other query is fetched again.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createAlertStore } from '@/alerting/ui/alert-store';
import { AlertingContext } from '@/alerting/ui/alerting-context';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import { addNs, msToNs } from '@/lib/nanotime';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';
import { memoryQueryRange } from '@/testing/memory-loki';
import type { LokiRow } from '@/testing/memory-loki';
import { setupMockServer } from '@/testing/msw-server';
import { TEST_NOW, testSources } from '@/testing/render-with-providers';
import { feedStatusTile } from '@/tiles/feed-status';
import { ConsoleLayout } from './console-layout';
import { LogLinesProbe } from '@/views/logs/testing/log-lines-probe';

const { server } = setupMockServer();
const QUERY_RANGE = '/proxy/loki/loki/api/v1/query_range';
const FEEDS = '/proxy/capture-spine/api/v1/feeds/status';
const sources: SourceInstance[] = [
  { id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki', selector: '{job="docker"}' } },
  ...testSources,
];
const FILTERS = { text: '', raw: '', services: [], levels: [], pattern: '', fields: [] };
const now = () => TEST_NOW;
const LIMIT = 100;
const at = (ms: number) => addNs(msToNs(TEST_NOW + ms), 424_242);

/** 300 lines over the last ten minutes: three pages of LIMIT. */
function initialRows(): LokiRow[] {
  return Array.from({ length: 300 }, (_, i) => ({ stream: { job: 'docker', app: i % 2 ? 'b' : 'a' }, ts: at(-600_000 + i * 1000), line: `line ${i}` }));
}

/** Serves `rows` from the memory Loki; every request's path (and query string) is recorded. */
function serve(rows: LokiRow[]): URL[] {
  const requests: URL[] = [];
  const record = ({ request }: { request: Request }) => void requests.push(new URL(request.url));
  server.events.on('request:start', record);
  onTestFinished(() => server.events.removeListener('request:start', record));
  server.use(http.get(`*${QUERY_RANGE}`, ({ request }) => memoryQueryRange(rows, new URL(request.url).searchParams)));
  return requests;
}

const Lines = () => <LogLinesProbe filters={FILTERS} limit={LIMIT} />;

function renderConsole() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity, refetchOnWindowFocus: false, staleTime: 4_000 } } });
  const noop = () => {};
  const alerting = { store: createAlertStore(null), notifications: { enabled: false, permission: 'unsupported' as const, enable: async () => {}, disable: noop } };
  render(
    <MemoryRouter initialEntries={['/logs']}>
      <QueryClientProvider client={queryClient}>
        <SourcesProvider sources={sources} now={now}>
          <ConsoleSettingsContext.Provider value={{ range: { last: '1h' }, refresh: 'off', refreshMs: false, now, utc: true, basePath: '/' }}>
            <AlertingContext.Provider value={alerting}>
              <Routes>
                <Route element={<ConsoleLayout theme="light" onToggleTheme={noop} setRange={noop} setRefresh={noop} settingsErrors={[]} />}>
                  <Route
                    path="logs"
                    element={
                      <>
                        <feedStatusTile.Tile />
                        <Lines />
                      </>
                    }
                  />
                </Route>
              </Routes>
            </AlertingContext.Provider>
          </ConsoleSettingsContext.Provider>
        </SourcesProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
  return queryClient;
}

const lines = () => within(screen.getByRole('list', { name: 'Lines' })).queryAllByRole('listitem').map((li) => li.textContent ?? '');

describe('"Refresh now"', () => {
  it('with three pages of lines loaded, asks Loki once, for the newer lines, and refetches the tiles', async () => {
    const rows = initialRows();
    const requests = serve(rows);
    const queryClient = renderConsole();
    const linesAsked = () => requests.filter((u) => u.pathname === QUERY_RANGE);
    const feedsAsked = () => requests.filter((u) => u.pathname === FEEDS);

    await waitFor(() => expect(lines()).toHaveLength(100));
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(lines()).toHaveLength(200));
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(lines()).toHaveLength(300));
    await within(screen.getByRole('region', { name: 'Feed status' })).findByRole('table');
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(linesAsked()).toHaveLength(3);
    expect(feedsAsked()).toHaveLength(1);

    const newest = rows.at(-1)!.ts;
    rows.push({ stream: { job: 'docker', app: 'a' }, ts: at(-1000), line: 'new line' });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(lines()[0]).toBe('new line'));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));

    expect(linesAsked()).toHaveLength(4);
    expect(linesAsked()[3]?.searchParams.get('start')).toBe(newest);
    expect(feedsAsked()).toHaveLength(2);
    const shown = lines();
    expect(shown).toHaveLength(301);
    expect(shown.at(-1)).toBe('line 0');
  });
});
