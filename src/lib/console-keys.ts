/**
 * The one root scope for everything the console caches, so it can share a host's QueryClient
 * and "refresh all" is a single invalidation.
 */
export const CONSOLE_SCOPE = 'spine-console' as const;

export interface ConsoleKey {
  scope: typeof CONSOLE_SCOPE;
  sourceId?: string;
  capability?: string;
  [field: string]: unknown;
}

export const consoleKeys = {
  all: [{ scope: CONSOLE_SCOPE }] as const,
  source: (sourceId: string) => [{ scope: CONSOLE_SCOPE, sourceId }] as const,
  capability: (capability: string) => [{ scope: CONSOLE_SCOPE, capability }] as const,
  query: <P extends Record<string, unknown>>(sourceId: string, capability: string, params: P) =>
    [{ scope: CONSOLE_SCOPE, sourceId, capability, ...params }] as const,
};
