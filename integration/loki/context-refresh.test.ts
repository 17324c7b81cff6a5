/**
 * Two Logs-view defects, on a real Loki: line context reads the line's own stream (not 50 lines
 * of the whole service), and the auto-refresh asks only for lines newer than the newest shown.
 */
import { QueryClient } from '@tanstack/react-query';
import { beforeAll, expect, it } from 'vitest';
import { lokiAdapter } from '@/sources/loki';
import { lokiLogContext } from '@/sources/loki/log-context';
import { lokiLogs } from '@/sources/loki/logs';
import type { CapableSource } from '@/sources/sources-context';
import { logsQuery, logsRefreshQuery, type LogFilters } from '@/views/logs/logs-queries';
import { tenantHeaders } from '../harness/loki';
import { push } from '../harness/seed-loki';
import { ctx, describeEachLoki, realLokiClient, uniqueRun } from './real-loki';

const MIN = 60_000;
const nsAt = (ms: number, i = 0) => (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(i)).toString();
const NO_FILTERS: LogFilters = { text: '', raw: '', services: [], levels: [], pattern: '', fields: [] };

describeEachLoki('Loki line context', (loki) => {
  const run = uniqueRun('context');
  const T0 = Date.now() - 20 * MIN;
  const quiet = { suite: run, service_name: 'api', stream: 'stdout', level: 'info' };
  const busy = { suite: run, service_name: 'api', stream: 'stderr', level: 'error' };

  beforeAll(async () => {
    // One quiet stream with a line 4 minutes before the one looked at; a busy stream of the same
    // service fills those 4 minutes with 600 lines.
    await push(
      loki().url,
      {
        streams: [
          { stream: quiet, values: [[nsAt(T0), 'quiet earlier'], [nsAt(T0 + 4 * MIN), 'quiet line'], [nsAt(T0 + 4 * MIN, 1), 'quiet tie after'], [nsAt(T0 + 6 * MIN), 'quiet later']] },
          { stream: busy, values: Array.from({ length: 600 }, (_, i): [string, string] => [nsAt(T0 + 1000 + i * 390), `busy ${i}`]) },
        ],
      },
      tenantHeaders(loki()),
    );
  });

  it('finds the earlier line of the same stream past 600 lines of another', async () => {
    const { client } = realLokiClient(loki(), { selector: `{suite="${run}"}` });
    const range = ctx(T0 - 30 * MIN, T0 + 30 * MIN);
    const page = await lokiLogs(client, { limit: 10, text: 'quiet line' }, range);
    const entry = page.entries[0];
    expect(entry?.message).toBe('quiet line');
    const context = await lokiLogContext(client, { entry: entry!, limit: 10 }, range);
    expect(context.before.map((e) => e.message)).toEqual(['quiet earlier']);
    expect(context.after.map((e) => e.message)).toEqual(['quiet tie after', 'quiet later']);
  });
});

describeEachLoki('Loki auto-refresh of the log list', (loki) => {
  const run = uniqueRun('refresh');
  const T0 = Date.now() - 10 * MIN;
  const stream = { suite: run, service_name: 'worker', level: 'info' };

  beforeAll(async () => {
    await push(loki().url, { streams: [{ stream, values: Array.from({ length: 300 }, (_, i): [string, string] => [nsAt(T0 + i * 1000), `old ${i}`]) }] }, tenantHeaders(loki()));
  });

  it('with three pages loaded, each refresh is one request for the newer lines only', async () => {
    const { client, requests } = realLokiClient(loki(), { selector: `{suite="${run}"}` });
    const source = { instance: { id: 'loki', kind: 'loki', label: 'Loki', config: {} }, adapter: lokiAdapter, client } as unknown as CapableSource<'logs'>;
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const range = { last: '1h' as const };
    const now = () => Date.now();
    const pages = logsQuery(source, NO_FILTERS, 100, range, now);
    await queryClient.fetchInfiniteQuery({ ...pages, pages: 3 });
    const shown = () => queryClient.getQueryData(pages.queryKey)!.pages.flatMap((p) => p.entries.map((e) => e.message));
    expect(shown()).toHaveLength(300);
    const queries = () => requests.filter((u) => u.pathname.endsWith('/query_range'));
    const before = queries().length;

    for (let tick = 0; tick < 3; tick += 1) {
      const newest = queryClient.getQueryData(pages.queryKey)!.pages[0]!.entries[0]!.timeNs;
      // Two new lines, one of them at the newest line's own nanosecond.
      await push(loki().url, { streams: [{ stream, values: [[newest, `tie ${tick}`], [nsAt(Date.now() - 1000), `new ${tick}`]] }] }, tenantHeaders(loki()));
      await queryClient.fetchQuery({ ...logsRefreshQuery(queryClient, source, NO_FILTERS, 100, range, now), staleTime: 0 });
      const asked = queries().slice(before + tick);
      expect(asked).toHaveLength(1);
      expect(asked[0]?.searchParams.get('start')).toBe(newest);
    }
    const lines = shown();
    expect(lines).toHaveLength(306);
    expect(new Set(lines).size).toBe(306);
    expect(lines.slice(0, 2)).toEqual(['new 2', 'tie 2']);
    expect(lines.at(-1)).toBe('old 0');
  });
});
