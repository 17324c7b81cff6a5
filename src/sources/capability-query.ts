import { queryOptions } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import { resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { CapabilityFns } from './source-adapter';
import type { CapableSource } from './sources-context';

export type DashboardCapability = 'serviceHealth' | 'feedStatus' | 'queueStats';
type Result<C extends DashboardCapability> = Awaited<ReturnType<CapabilityFns<unknown>[C]>>;

/**
 * The query factory for the dashboard capabilities, shared by their tiles and by alerting (which
 * watches the same data, so both read one cache entry): the key holds the source id, the
 * capability and the symbolic range; absolute time is resolved when the query runs.
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

/** A log source's own list of services over a range (the Logs view's picker, the backtest's "every service"). */
export function logServicesQuery(source: CapableSource<'logServices'>, range: TimeRangeSpec, now: () => number) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'logServices', { range }),
    queryFn: ({ signal }) => source.adapter.capabilities.logServices(source.client, {}, { signal, range: resolveRange(range, now()) }),
    // The list changes slowly; a minute old is fresh enough for a picker.
    staleTime: 60_000,
  });
}
