import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import type { LogLevel } from '@/lib/model';
import type { FieldFilter } from '@/sources/source-adapter';
import { rangeDurationMs, resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { CapableSource } from '@/sources/sources-context';
import { fillVolumeGrid } from './fill-volume-grid';

export interface LogFilters {
  text: string;
  raw: string;
  services: string[];
  levels: LogLevel[];
  /** A server-side pattern filter (only for sources with `logPatterns`); '' for none. */
  pattern: string;
  /** Field filters (only for sources with `detectedFields`); [] for none. */
  fields: FieldFilter[];
}

/** The adapter's filter params (empty filters left out, so they do not split the cache key). */
export function queryParams(f: LogFilters) {
  return {
    ...(f.text ? { text: f.text } : {}),
    ...(f.raw ? { raw: f.raw } : {}),
    ...(f.services.length ? { services: f.services } : {}),
    ...(f.levels.length ? { levels: f.levels } : {}),
    ...(f.pattern ? { pattern: f.pattern } : {}),
    ...(f.fields.length ? { fields: f.fields } : {}),
  };
}

/** Pages of log lines, newest first; the next page continues from the source's cursor. */
export function logsQuery(source: CapableSource<'logs'>, filters: LogFilters, limit: number, range: TimeRangeSpec, now: () => number) {
  const params = queryParams(filters);
  return infiniteQueryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'logs', { params, limit, range }),
    queryFn: ({ signal, pageParam }) =>
      source.adapter.capabilities.logs(source.client, { ...params, limit, direction: 'backward', cursor: pageParam }, { signal, range: resolveRange(range, now()) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.truncated && last.nextCursor ? last.nextCursor : undefined),
    // Large pages: skip structural sharing (Perses does the same for log queries).
    structuralSharing: false,
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
  const params = queryParams(filters);
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
