import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import { addNs, msToNs } from '@/lib/nanotime';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';
import { memoryQueryRange } from '@/testing/memory-loki';
import type { LokiRow } from '@/testing/memory-loki';
import { setupMockServer } from '@/testing/msw-server';
import { TEST_NOW } from '@/testing/render-with-providers';
import type { LogFilters } from './logs-queries';
import { LogLinesProbe } from './testing/log-lines-probe';

const { server } = setupMockServer();
const QUERY_RANGE = '*/proxy/loki/loki/api/v1/query_range';
const loki: SourceInstance[] = [{ id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki', selector: '{job="docker"}' } }];
const RANGE: TimeRangeSpec = { last: '1h' };
const FILTERS: LogFilters = { text: '', raw: '', services: [], levels: [], pattern: '', fields: [] };
const now = () => TEST_NOW;
const LIMIT = 100;

const a = { job: 'docker', app: 'a' };
const b = { job: 'docker', app: 'b' };
const c = { job: 'docker', app: 'c' };
/** A timestamp `ms` from now with a sub-millisecond part, so a bound rounded to the ms would show. */
const at = (ms: number, ns = 0) => addNs(msToNs(TEST_NOW + ms), 424_242 + ns);

/** 300 lines over ten minutes, two streams, every nanosecond shared by a line of each. */
function initialRows(): LokiRow[] {
  return Array.from({ length: 300 }, (_, i) => ({ stream: i % 2 ? b : a, ts: at(-600_000 + Math.floor(i / 2) * 1000), line: `line ${i}` }));
}

/** Serves `rows` (the test may add to them) and records every query_range request's parameters. */
function serve(rows: LokiRow[]): URLSearchParams[] {
  const requests: URLSearchParams[] = [];
  server.use(
    http.get(QUERY_RANGE, ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(params);
      return memoryQueryRange(rows, params);
    }),
  );
  return requests;
}

const Lines = () => <LogLinesProbe filters={FILTERS} limit={LIMIT} />;

function renderLines() {
  // The console's scope defaults (create-query-client.ts) without retries: pages loaded in under
  // 4 s count as fresh, so turning the refresh on does not fetch at once.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity, refetchOnWindowFocus: false, staleTime: 4_000 } } });
  const tree = (refreshMs: number | false) => (
    <QueryClientProvider client={queryClient}>
      <SourcesProvider sources={loki} now={now}>
        <ConsoleSettingsContext.Provider value={{ range: RANGE, refresh: 'off', refreshMs, now, utc: true }}>
          <Lines />
        </ConsoleSettingsContext.Provider>
      </SourcesProvider>
    </QueryClientProvider>
  );
  const view = render(tree(false));
  return { queryClient, setRefreshMs: (ms: number | false) => view.rerender(tree(ms)) };
}

const lines = () => within(screen.getByRole('list', { name: 'Lines' })).queryAllByRole('listitem').map((li) => li.textContent ?? '');

async function loadThreePages() {
  await waitFor(() => expect(lines()).toHaveLength(100));
  fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
  await waitFor(() => expect(lines()).toHaveLength(200));
  fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
  await waitFor(() => expect(lines()).toHaveLength(300));
}

/** How many times the refresh ran (its successful fetches). */
function refreshRuns(queryClient: QueryClient): number {
  const refresh = queryClient.getQueryCache().findAll({ predicate: (q) => (q.queryKey[0] as { refresh?: string }).refresh === 'newer' });
  return refresh[0]?.state.dataUpdateCount ?? 0;
}

async function refreshWhile(setRefreshMs: (ms: number | false) => void, queryClient: QueryClient, until: () => void) {
  setRefreshMs(50);
  await waitFor(until);
  setRefreshMs(false);
  await waitFor(() => expect(queryClient.isFetching()).toBe(0));
}

describe('useLogLines auto-refresh (Loki)', () => {
  it('asks once per refresh, only for the lines newer than the newest shown, with three pages loaded', async () => {
    const rows = initialRows();
    const requests = serve(rows);
    const { queryClient, setRefreshMs } = renderLines();
    await loadThreePages();
    expect(requests).toHaveLength(3);
    const newest = rows.at(-1)!.ts;

    await refreshWhile(setRefreshMs, queryClient, () => expect(requests.length).toBeGreaterThanOrEqual(3 + 3));
    const refreshes = requests.slice(3);
    expect(refreshRuns(queryClient)).toBe(refreshes.length);
    for (const r of refreshes) {
      expect(r.get('start')).toBe(newest);
      expect(r.get('end')).toBe(msToNs(TEST_NOW));
      expect(r.get('direction')).toBe('backward');
      // One page's limit, plus the two lines already shown at the newest nanosecond.
      expect(r.get('limit')).toBe(String(LIMIT + 2));
    }
    expect(lines()).toHaveLength(300);
  });

  it('puts new lines on top, each once, including lines at the nanosecond of the newest one shown', async () => {
    const rows = initialRows();
    const requests = serve(rows);
    const { queryClient, setRefreshMs } = renderLines();
    await loadThreePages();
    const newest = rows.at(-1)!.ts;
    expect(lines().slice(0, 2).sort()).toEqual(['line 298', 'line 299']);
    const tied = ['new stream, same ns', 'same stream, same ns'];
    rows.push(
      { stream: c, ts: newest, line: tied[0]! },
      { stream: a, ts: newest, line: tied[1]! },
      { stream: a, ts: addNs(newest, 1), line: 'one ns newer' },
      { stream: b, ts: at(-1000), line: 'newest' },
    );

    await refreshWhile(setRefreshMs, queryClient, () => {
      expect(lines()).toHaveLength(304);
      // Two refreshes more after the new lines are in: they must not add them again.
      expect(requests.length).toBeGreaterThanOrEqual(3 + 3);
    });
    const shown = lines();
    expect(shown).toHaveLength(304);
    expect(new Set(shown).size).toBe(304);
    expect(shown.slice(0, 2)).toEqual(['newest', 'one ns newer']);
    expect(shown.slice(2, 6).sort()).toEqual(['line 298', 'line 299', ...tied].sort());
    expect(shown.slice(6)).toEqual(expect.arrayContaining(['line 0', 'line 297']));
    expect(requests[3]?.get('start')).toBe(newest);
    expect(requests.at(-1)?.get('start')).toBe(at(-1000));
    expect(requests.slice(3).every((r) => r.get('start') !== msToNs(TEST_NOW - 3_600_000))).toBe(true);
  });
});
