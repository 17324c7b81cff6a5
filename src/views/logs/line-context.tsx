import { queryOptions, useQuery } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import type { LogEntry } from '@/lib/model';
import { compareNs, nsToMs } from '@/lib/nanotime';
import type { CapableSource } from '@/sources/sources-context';
import { AnsiText } from './ansi-text';
import { formatLogTime } from './log-list';

const AROUND = 10;
const WINDOW_MS = 30 * 60_000;

/** Lines just before and after one line, in the same stream. */
export function contextQuery(source: CapableSource<'logs'>, entry: LogEntry) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'logContext', { line: entry.id, stream: entry.streamId }),
    queryFn: async ({ signal }) => {
      const t = nsToMs(entry.timeNs);
      const params = { services: entry.service ? [entry.service] : [], limit: AROUND * 5 };
      const [before, after] = await Promise.all([
        source.adapter.capabilities.logs(source.client, { ...params, direction: 'backward' }, { signal, range: { from: t - WINDOW_MS, to: t + 1 } }),
        source.adapter.capabilities.logs(source.client, { ...params, direction: 'forward' }, { signal, range: { from: t, to: t + WINDOW_MS } }),
      ]);
      const same = (e: LogEntry) => e.streamId === entry.streamId && e.id !== entry.id;
      const older = before.entries.filter((e) => same(e) && compareNs(e.timeNs, entry.timeNs) <= 0).slice(0, AROUND).reverse();
      const newer = after.entries.filter((e) => same(e) && compareNs(e.timeNs, entry.timeNs) >= 0).slice(0, AROUND);
      return { older, newer };
    },
  });
}

export function LineContext({ source, entry, utc }: { source: CapableSource<'logs'>; entry: LogEntry; utc: boolean }) {
  const query = useQuery(contextQuery(source, entry));
  if (query.isPending) return <p className="text-xs text-muted">Loading context…</p>;
  if (query.isError) return <p role="alert" className="text-xs text-crit">Context unavailable: {query.error.message}</p>;
  const row = (e: LogEntry, current = false) => (
    <li key={e.id} aria-current={current ? 'true' : undefined} className={`flex gap-2 px-1 font-mono text-[11px] ${current ? 'bg-accent/15 font-semibold' : ''}`}>
      <span className="shrink-0 text-muted">{formatLogTime(e.timeNs, utc)}</span>
      <span className="min-w-0 truncate">
        <AnsiText text={e.message.split('\n')[0] ?? ''} />
      </span>
    </li>
  );
  return (
    <ol aria-label="Context" className="flex max-h-72 flex-col overflow-auto rounded bg-surface-2 py-1">
      {query.data.older.length === 0 && <li className="px-1 text-[11px] text-muted">No earlier lines in this stream within 30 min.</li>}
      {query.data.older.map((e) => row(e))}
      {row(entry, true)}
      {query.data.newer.map((e) => row(e))}
      {query.data.newer.length === 0 && <li className="px-1 text-[11px] text-muted">No later lines in this stream within 30 min.</li>}
    </ol>
  );
}
