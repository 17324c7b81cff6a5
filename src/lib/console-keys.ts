import type { Query, QueryClient } from '@tanstack/react-query';

/**
 * The one root scope for everything the console caches, so it can share a host's QueryClient
 * and "refresh all" is a single invalidation (`refreshConsole`).
 */
export const CONSOLE_SCOPE = 'spine-console' as const;

export interface ConsoleKey {
  scope: typeof CONSOLE_SCOPE;
  sourceId?: string;
  capability?: string;
  /**
   * `'newer'` on pages loaded on demand ("Load older") that are never refetched as a whole: a
   * refetch of an infinite query asks for every loaded page again (100,000 log lines: 27 requests,
   * 23 MB). A query of their own (`consoleKeys.newer`) keeps them fresh instead, with one request
   * for the lines newer than the newest shown.
   */
  refreshedBy?: 'newer';
  [field: string]: unknown;
}

export const consoleKeys = {
  all: [{ scope: CONSOLE_SCOPE }] as const,
  source: (sourceId: string) => [{ scope: CONSOLE_SCOPE, sourceId }] as const,
  capability: (capability: string) => [{ scope: CONSOLE_SCOPE, capability }] as const,
  query: <P extends Record<string, unknown>>(sourceId: string, capability: string, params: P) =>
    [{ scope: CONSOLE_SCOPE, sourceId, capability, ...params }] as const,
  /** Pages kept fresh by the query keyed `newer(…)` with the same arguments, not by a refetch. */
  pages: <P extends Record<string, unknown>>(sourceId: string, capability: string, params: P) =>
    [{ scope: CONSOLE_SCOPE, sourceId, capability, ...params, refreshedBy: 'newer' as const }] as const,
  /** The query that adds the newer lines to `pages(…)`: refreshing it refreshes them. */
  newer: <P extends Record<string, unknown>>(sourceId: string, capability: string, params: P) =>
    [{ scope: CONSOLE_SCOPE, sourceId, capability, ...params, refresh: 'newer' as const }] as const,
};

/**
 * Whether refreshing everything must leave this query to its `newer` query: pages with data. Pages
 * with none yet (loading, or a first page that failed) are refreshed as any query is: that is one
 * page, and their `newer` query only runs once there are pages to add to.
 */
export function isRefreshedByNewer(query: Pick<Query, 'queryKey' | 'state'>): boolean {
  const key = query.queryKey[0] as Partial<ConsoleKey> | undefined;
  return key?.scope === CONSOLE_SCOPE && key.refreshedBy === 'newer' && query.state.data !== undefined;
}

/**
 * "Refresh now": every console query the views use is fetched again, except loaded pages, which
 * their `newer` query (refreshed with the rest) brings up to date with one request, keeping the
 * older pages. Use this rather than invalidating `consoleKeys.all`, which refetches every page.
 */
export function refreshConsole(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: consoleKeys.all, predicate: (query) => !isRefreshedByNewer(query) });
}
