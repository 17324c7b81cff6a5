import { queryOptions } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import type { LogContext, LogEntry } from '@/lib/model';
import { compareNs, nsToMs } from '@/lib/nanotime';
import { supports } from '@/sources/registry';
import type { ResolvedRange } from '@/sources/source-adapter';
import type { CapableSource } from '@/sources/sources-context';

/** Lines shown on each side of the line. */
export const CONTEXT_LINES = 10;
/** How far from the line the context looks, each way. */
export const CONTEXT_WINDOW_MS = 30 * 60_000;

/**
 * For a source without `logContext`: its service's lines around the line, kept to the line's
 * stream. Other streams of the service can fill the page and hide the stream's own lines, which is
 * why a source that can select one stream implements `logContext`.
 */
async function serviceContext(source: CapableSource<'logs'>, entry: LogEntry, range: ResolvedRange, signal: AbortSignal): Promise<LogContext> {
  const t = nsToMs(entry.timeNs);
  const params = { services: entry.service ? [entry.service] : [], limit: CONTEXT_LINES * 5 };
  const [before, after] = await Promise.all([
    source.adapter.capabilities.logs(source.client, { ...params, direction: 'backward' }, { signal, range: { from: range.from, to: t + 1 } }),
    source.adapter.capabilities.logs(source.client, { ...params, direction: 'forward' }, { signal, range: { from: t, to: range.to } }),
  ]);
  const same = (e: LogEntry) => e.streamId === entry.streamId && e.id !== entry.id;
  return {
    before: before.entries.filter((e) => same(e) && compareNs(e.timeNs, entry.timeNs) <= 0).slice(0, CONTEXT_LINES).reverse(),
    after: after.entries.filter((e) => same(e) && compareNs(e.timeNs, entry.timeNs) >= 0).slice(0, CONTEXT_LINES),
    warnings: [...before.warnings, ...after.warnings],
  };
}

/** Lines just before and after one line, in the same stream: the source's `logContext`, else the fallback. */
export function contextQuery(source: CapableSource<'logs'>, entry: LogEntry) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'logContext', { line: entry.id, stream: entry.streamId }),
    queryFn: ({ signal }) => {
      const t = nsToMs(entry.timeNs);
      const range = { from: Math.max(0, t - CONTEXT_WINDOW_MS), to: t + CONTEXT_WINDOW_MS };
      return supports(source.adapter, 'logContext')
        ? source.adapter.capabilities.logContext(source.client, { entry, limit: CONTEXT_LINES }, { signal, range })
        : serviceContext(source, entry, range, signal);
    },
  });
}
