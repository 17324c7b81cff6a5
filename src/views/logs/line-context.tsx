import { useQuery } from '@tanstack/react-query';
import type { LogEntry } from '@/lib/model';
import type { CapableSource } from '@/sources/sources-context';
import { AnsiText } from '@/components/ui/ansi-text';
import { contextQuery } from './line-context-queries';
import { formatLogTime } from './log-row-format';

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
      {query.data.before.length === 0 && <li className="px-1 text-[11px] text-muted">No earlier lines in this stream within 30 min.</li>}
      {query.data.before.map((e) => row(e))}
      {row(entry, true)}
      {query.data.after.map((e) => row(e))}
      {query.data.after.length === 0 && <li className="px-1 text-[11px] text-muted">No later lines in this stream within 30 min.</li>}
    </ol>
  );
}
