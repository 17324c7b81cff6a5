/**
 * The page's link to the console service: the typed client, the query cache it reads through,
 * the change stream that invalidates it, and the two states every view shares: whether the
 * service can reach its database (else one banner, and changes are off) and whether a write waits
 * for the access token (a dialog). Not React: the stores built on it (service-alert-store.ts,
 * service-issue-states.ts) are external stores React subscribes to, and the query cache stays the
 * only copy of the service's data.
 */
import { QueryObserver } from '@tanstack/react-query';
import type { QueryClient, QueryKey, QueryObserverOptions } from '@tanstack/react-query';
import type { ServiceStatus } from './api-schemas';
import { createServiceClient, isStoreUnavailable, isTokenRequired } from './service-client';
import type { ServiceClient } from './service-client';
import { subscribeToChanges } from './service-events';
import { serviceKeys, serviceStatusQuery } from './service-queries';

export interface ServiceConnectionState {
  /** The service cannot reach its database: its words (the banner), or null. */
  storeProblem: string | null;
  /** The last change that could not be saved for another reason, until the next one is. */
  writeError: string | null;
  /** A change waits for the access token; `refused`: the token given before was wrong. */
  tokenPrompt: { refused: boolean } | null;
  /** The service's last status answer. */
  status: ServiceStatus | null;
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false };

export interface ServiceConnection {
  readonly client: ServiceClient;
  readonly queryClient: QueryClient;
  get(): ServiceConnectionState;
  subscribe(listener: () => void): () => void;
  /** Why changes are off now (shown on the disabled buttons), or null. */
  readOnly(): string | null;
  /**
   * Runs one change: asks for the access token when the service wants one and retries with it;
   * any other failure is reported (the banner) and resolves `{ ok: false }`. Never rejects.
   */
  write<T>(run: () => Promise<T>): Promise<WriteResult<T>>;
  /** The token dialog's answer: a token to retry with, or null to give up the waiting changes. */
  answerToken(token: string | null): void;
  dismissWriteError(): void;
  /** A query observer polled at the console's refresh interval (the change stream is the fast path). */
  observe<T, E, K extends QueryKey>(options: QueryObserverOptions<T, E, T, T, K>): QueryObserver<T, E, T, T, K>;
  setRefreshMs(ms: number | false): void;
  /** Reads the status and opens the change stream; returns the function that stops both. */
  start(): () => void;
}

export const READ_ONLY_REASON = 'The console service cannot reach its database: changes are off until it is back.';

export function createServiceConnection({ baseUrl, queryClient, fetch: fetchImpl }: { baseUrl: string; queryClient: QueryClient; fetch?: typeof globalThis.fetch }): ServiceConnection {
  let state: ServiceConnectionState = { storeProblem: null, writeError: null, tokenPrompt: null, status: null };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ServiceConnectionState>) => {
    const next = { ...state, ...patch };
    if ((Object.keys(patch) as (keyof ServiceConnectionState)[]).every((k) => next[k] === state[k])) return;
    state = next;
    for (const l of listeners) l();
  };
  const client = createServiceClient({ baseUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}), onStoreState: (problem, from) => {
      // The status names the cause (connect ECONNREFUSED…); a 503 only says that the store is down.
      set({ storeProblem: problem === null || from === 'status' ? problem : (state.storeProblem ?? problem) });
    },
  });

  let refreshMs: number | false = false;
  /** One per observer: applies a new refresh interval to it. */
  const retuners = new Set<(ms: number | false) => void>();
  const track = <T, E, K extends QueryKey>(options: QueryObserverOptions<T, E, T, T, K>) => {
    const observer = new QueryObserver(queryClient, { ...options, refetchInterval: refreshMs });
    const retune = (ms: number | false) => observer.setOptions({ ...options, refetchInterval: ms });
    retuners.add(retune);
    return { observer, release: () => void retuners.delete(retune) };
  };

  let tokenWaiters: ((token: string | null) => void)[] = [];
  const askToken = (refused: boolean) =>
    new Promise<string | null>((resolve) => {
      tokenWaiters.push(resolve);
      set({ tokenPrompt: { refused: refused || (state.tokenPrompt?.refused ?? false) } });
    });

  return {
    client,
    queryClient,
    get: () => state,
    subscribe: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    readOnly: () => (state.storeProblem !== null ? READ_ONLY_REASON : null),
    write: async <T>(run: () => Promise<T>): Promise<WriteResult<T>> => {
      for (;;) {
        try {
          const value = await run();
          set({ writeError: null });
          return { ok: true, value };
        } catch (error) {
          if (isTokenRequired(error)) {
            const token = await askToken(client.hasToken());
            if (token === null) {
              set({ writeError: 'Not saved: the console service needs its access token for changes.' });
              return { ok: false };
            }
            client.setToken(token);
            continue;
          }
          // The store state (the banner) was set by the client from the answer itself.
          if (!isStoreUnavailable(error)) set({ writeError: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
          return { ok: false };
        }
      }
    },
    answerToken: (token) => {
      const waiters = tokenWaiters;
      tokenWaiters = [];
      const given = token?.trim() ? token.trim() : null;
      set({ tokenPrompt: null });
      for (const w of waiters) w(given);
    },
    dismissWriteError: () => set({ writeError: null }),
    observe: (options) => track(options).observer,
    setRefreshMs: (ms) => {
      if (ms === refreshMs) return;
      refreshMs = ms;
      for (const retune of retuners) retune(ms);
    },
    start: () => {
      const { observer: status, release } = track(serviceStatusQuery(client));
      const stopStatus = status.subscribe((r) => {
        if (r.data) set({ status: r.data });
      });
      const base = client.baseUrl;
      const stopStream = subscribeToChanges(client.eventsUrl, (event) => void queryClient.invalidateQueries({ queryKey: serviceKeys.topic(base, event.topic) }), {
        // Changes made while the stream was down were not announced: read everything again.
        onReconnect: () => void queryClient.invalidateQueries({ queryKey: serviceKeys.all(base) }),
      });
      return () => {
        stopStatus();
        stopStream();
        release();
      };
    },
  };
}
