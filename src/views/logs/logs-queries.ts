import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import type { LogPage } from '@/lib/model';
import { compareNs, msToNs, nsToMs } from '@/lib/nanotime';
import type { LinePosition } from '@/sources/source-adapter';
import { rangeDurationMs, resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { CapableSource } from '@/sources/sources-context';
import { mergeLive } from './use-live-tail';
import { fillVolumeGrid } from './fill-volume-grid';
import { queryParams } from './log-params';
import type { LogFilters } from './log-params';

export type { LogFilters, LogParams } from './log-params';

/**
 * Pages of log lines, newest first; the next page continues from the source's cursor. Never
 * stale and never polled: a refetch of an infinite query asks for every loaded page again (100,000
 * lines per tick), so `logsRefreshQuery` keeps it fresh by adding only the newer lines. Its key
 * (`consoleKeys.pages`) tells "Refresh now" (`refreshConsole`) to refresh that query instead.
 */
export function logsQuery(source: CapableSource<'logs'>, filters: LogFilters, limit: number, range: TimeRangeSpec, now: () => number) {
  const params = queryParams(source, filters);
  return infiniteQueryOptions({
    queryKey: consoleKeys.pages(source.instance.id, 'logs', { params, limit, range }),
    queryFn: ({ signal, pageParam }) =>
      source.adapter.capabilities.logs(source.client, { ...params, limit, direction: 'backward', cursor: pageParam }, { signal, range: resolveRange(range, now()) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.truncated && last.nextCursor ? last.nextCursor : undefined),
    staleTime: Number.POSITIVE_INFINITY,
    // Large pages: skip structural sharing (Perses does the same for log queries).
    structuralSharing: false,
  });
}

export type LogPages = InfiniteData<LogPage, unknown>;

/** The newest line shown and the ids shown at its nanosecond: where a refresh continues from. */
export function newestPosition(pages: readonly LogPage[]): LinePosition | null {
  const top = pages[0]?.entries ?? [];
  const newest = top[0];
  if (!newest) return null;
  const seenIds: string[] = [];
  for (const e of top) {
    if (e.timeNs !== newest.timeNs) break;
    seenIds.push(e.id);
  }
  return { timeNs: newest.timeNs, seenIds };
}

/**
 * Drops the lines older than `fromNs` (a relative range slides on: the list keeps to the range, as
 * the volume chart does). Only the last pages can hold them. A trimmed last page has nothing older
 * in range, so it loses its cursor ("Load older" would ask for a window before the range).
 */
export function trimOlderThan(data: LogPages, fromNs: string): LogPages {
  const pages = [...data.pages];
  const pageParams = [...data.pageParams];
  let trimmed = false;
  while (pages.length > 1) {
    const newest = pages.at(-1)?.entries[0];
    if (newest && compareNs(newest.timeNs, fromNs) >= 0) break;
    pages.pop();
    pageParams.pop();
    trimmed = true;
  }
  const last = pages.at(-1);
  if (!last) return data;
  const oldest = last.entries.at(-1);
  const entries = oldest && compareNs(oldest.timeNs, fromNs) < 0 ? last.entries.filter((e) => compareNs(e.timeNs, fromNs) >= 0) : last.entries;
  if (!trimmed && entries === last.entries) return data;
  pages[pages.length - 1] = { ...last, entries, truncated: false, nextCursor: null };
  return { pages, pageParams };
}

/** What one refresh did to the pages. */
export interface LogsRefresh {
  /** Lines put on top of the list. */
  added: number;
  /** More new lines than one page: the list restarted at the newest page. */
  restarted: boolean;
}

/**
 * The pages after a refresh brought `page` (the lines newer than the newest shown, newest first).
 * They go on top of the first page, each line once (mergeLive, as the live tail does). A `page`
 * cut at the line limit leaves a gap below it: the pages restart at it, as a fresh load would give
 * them, and "Load older" continues from its cursor (older pages are dropped, not shown past a gap).
 * Then lines that slid out of the range are trimmed. Returns `data` itself when nothing changed.
 */
export function withNewerLines(data: LogPages, page: LogPage, fromNs: string): { data: LogPages; refresh: LogsRefresh } {
  const first = data.pages[0];
  if (page.truncated || !first) return { data: trimOlderThan({ pages: [page], pageParams: [null] }, fromNs), refresh: { added: page.entries.length, restarted: true } };
  const entries = mergeLive(first.entries, page.entries, Number.POSITIVE_INFINITY);
  const added = entries.length - first.entries.length;
  const warnings = page.warnings.filter((w) => !first.warnings.includes(w));
  const merged = added === 0 && warnings.length === 0 ? data : { pages: [{ ...first, entries, warnings: [...first.warnings, ...warnings] }, ...data.pages.slice(1)], pageParams: data.pageParams };
  return { data: trimOlderThan(merged, fromNs), refresh: { added, restarted: false } };
}

const NO_REFRESH: LogsRefresh = { added: 0, restarted: false };

/**
 * The auto-refresh of `logsQuery`'s pages: one request per tick, for the lines newer than the
 * newest shown (`newerThan`: exact nanoseconds, lines already shown at that nanosecond left out by
 * id), merged into the cached pages (withNewerLines). Its data says what the last refresh did.
 * "Refresh now" refreshes the pages through it too (`refreshConsole`).
 *
 * A refresh that resolves while "Load older" is loading may be overwritten by that page's write
 * (TanStack builds it from the pages it started with); the next tick then asks again from the
 * newest line still shown, so no line is lost or shown twice.
 */
export function logsRefreshQuery(queryClient: QueryClient, source: CapableSource<'logs'>, filters: LogFilters, limit: number, range: TimeRangeSpec, now: () => number) {
  const pages = logsQuery(source, filters, limit, range, now);
  const params = queryParams(source, filters);
  return queryOptions({
    queryKey: consoleKeys.newer(source.instance.id, 'logs', { params, limit, range }),
    queryFn: async ({ signal }): Promise<LogsRefresh> => {
      const shown = queryClient.getQueryData(pages.queryKey);
      if (!shown) return NO_REFRESH;
      const position = newestPosition(shown.pages);
      const resolved = resolveRange(range, now());
      // From the newest line's millisecond; the adapter applies the exact nanosecond.
      const from = position ? Math.min(resolved.to, Math.max(resolved.from, nsToMs(position.timeNs))) : resolved.from;
      const page = await source.adapter.capabilities.logs(
        source.client,
        { ...params, limit, direction: 'backward', ...(position ? { newerThan: position } : {}) },
        { signal, range: { from, to: resolved.to } },
      );
      let refresh = NO_REFRESH;
      queryClient.setQueryData(pages.queryKey, (current) => {
        if (!current) return undefined;
        const next = withNewerLines(current, page, msToNs(resolved.from));
        refresh = next.refresh;
        return next.data === current ? undefined : next.data;
      });
      return refresh;
    },
    // "Nothing to add yet", as fresh as the pages: no request right after they load.
    initialData: NO_REFRESH,
    initialDataUpdatedAt: () => queryClient.getQueryState(pages.queryKey)?.dataUpdatedAt || undefined,
  });
}

/** About 60 bars across the range, on a round step. */
export function volumeStepMs(range: TimeRangeSpec): number {
  const target = rangeDurationMs(range) / 60;
  const steps = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000];
  return steps.find((s) => s >= target) ?? 86_400_000;
}

/** The volume over the range on a full step grid (a quiet step is a zero bucket, not a missing one). */
export function logVolumeQuery(source: CapableSource<'logVolume'>, filters: LogFilters, range: TimeRangeSpec, now: () => number) {
  const params = queryParams(source, filters);
  const stepMs = volumeStepMs(range);
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'logVolume', { params, stepMs, range }),
    // The grid is filled here, where the range the source was asked about is known to the
    // millisecond: its buckets and the zero ones then fall on one grid, whatever the adapter.
    queryFn: async ({ signal }) => {
      const resolved = resolveRange(range, now());
      const buckets = await source.adapter.capabilities.logVolume(source.client, { ...params, stepMs }, { signal, range: resolved });
      return fillVolumeGrid(buckets, resolved, stepMs);
    },
  });
}

/** Every service of the source with lines in the range (its index, not the loaded lines). */
