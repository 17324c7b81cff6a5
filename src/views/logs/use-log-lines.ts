import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useConsoleSettings } from '@/lib/console-settings';
import type { CapableSource } from '@/sources/sources-context';
import { logsQuery, logsRefreshQuery } from './logs-queries';
import type { LogFilters } from './log-params';

/**
 * The explorer's lines: pages loaded on demand ("Load older"), kept fresh by one request per
 * refresh tick for the lines newer than the newest shown. While `live` the tail brings new lines,
 * so the refresh stops; it catches up from the newest page line when live ends.
 */
export function useLogLines(source: CapableSource<'logs'>, filters: LogFilters, limit: number, live: boolean) {
  const { range, now, refreshMs } = useConsoleSettings();
  const queryClient = useQueryClient();
  const pages = useInfiniteQuery(logsQuery(source, filters, limit, range, now));
  const ready = pages.isSuccess && !pages.isPlaceholderData;
  const refresh = useQuery({ ...logsRefreshQuery(queryClient, source, filters, limit, range, now), enabled: ready && !live, refetchInterval: refreshMs });
  return { pages, refresh };
}
