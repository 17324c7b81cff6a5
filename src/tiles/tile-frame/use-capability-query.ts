import { useQuery } from '@tanstack/react-query';
import { useConsoleSettings } from '@/lib/console-settings';
import { capabilityQuery } from '@/sources/capability-query';
import type { DashboardCapability } from '@/sources/capability-query';
import type { CapableSource } from '@/sources/sources-context';

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
