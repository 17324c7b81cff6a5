import { queryOptions, useQuery } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import { useConsoleSettings } from '@/lib/console-settings';
import { resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { CapableSource } from '@/sources/sources-context';
import type { CapabilityFns } from '@/sources/source-adapter';

type DashboardCapability = 'serviceHealth' | 'feedStatus' | 'queueStats';
type Result<C extends DashboardCapability> = Awaited<ReturnType<CapabilityFns<unknown>[C]>>;

/**
 * The query factory shared by the dashboard tiles: the key holds the source id, the capability
 * and the symbolic range; absolute time is resolved when the query runs.
 */
export function capabilityQuery<C extends DashboardCapability>(source: CapableSource<C>, capability: C, range: TimeRangeSpec, now: () => number) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, capability, { range }),
    queryFn: ({ signal }) => {
      const fn = source.adapter.capabilities[capability] as CapabilityFns<unknown>[C];
      return fn(source.client, {}, { signal, range: resolveRange(range, now()) }) as Promise<Result<C>>;
    },
  });
}

/** Data-first tile state: errors reach the tile boundary only when there is nothing to show. */
export function useCapabilityQuery<C extends DashboardCapability>(source: CapableSource<C>, capability: C) {
  const { range, refreshMs, now } = useConsoleSettings();
  const query = useQuery({
    ...capabilityQuery(source, capability, range, now),
    refetchInterval: refreshMs,
    throwOnError: (_error, q) => q.state.data === undefined,
  });
  const staleSince = query.isError && query.data !== undefined ? query.dataUpdatedAt : null;
  return { query, staleSince, staleReason: query.error instanceof Error ? query.error.message : undefined };
}
