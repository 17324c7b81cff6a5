import { keepPreviousData, QueryClient } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import { retryDelay, shouldRetry } from '@/sources/source-error';

/**
 * The console's query defaults, set on its own key scope so they apply the same way whether the
 * console owns its QueryClient or shares the host's. Transient failures (network, timeout, 429,
 * 5xx) are retried twice with jittered backoff honouring Retry-After; config, parse and 4xx never.
 */
export function applyConsoleQueryDefaults(client: QueryClient): QueryClient {
  client.setQueryDefaults(consoleKeys.all, {
    retry: shouldRetry,
    retryDelay: (failureCount, error) => retryDelay(failureCount, error),
    staleTime: 4_000,
    gcTime: 5 * 60_000,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
  return client;
}

export function createQueryClient(): QueryClient {
  return applyConsoleQueryDefaults(new QueryClient());
}
