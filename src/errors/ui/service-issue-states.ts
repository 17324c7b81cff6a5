/**
 * Issue states kept by the console service, shared by everyone: the same ObservableStore the
 * views use with this browser's localStorage, read through the query cache (one query per
 * source, refetched when the service announces a change) and written through the API. A change
 * shows at once (the cache is updated first); a refused one comes back as the service has it.
 */
import { createIssueStateStore } from '@/errors/lifecycle';
import type { IssueStateStore, StoredIssueState } from '@/errors/lifecycle';
import type { IssueStatesResponse } from '@/service/service-client';
import { isStoreUnavailable } from '@/service/service-client';
import type { ServiceConnection } from '@/service/service-connection';
import { issueStatesQuery, serviceKeys } from '@/service/service-queries';
import type { ObservableStore } from './issues-context';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

function serviceIssueStore(connection: ServiceConnection, sourceId: string): ObservableStore {
  const { client, queryClient } = connection;
  const key = serviceKeys.issueStates(client.baseUrl, sourceId);
  const observer = connection.observe(issueStatesQuery(client, sourceId));
  const states = (): Record<string, StoredIssueState> => observer.getCurrentResult().data?.states ?? {};
  let version = 0;
  const listeners = new Set<() => void>();
  let stop: (() => void)[] = [];
  const bump = () => {
    version++;
    for (const l of listeners) l();
  };

  const update = (issueId: string, state: StoredIssueState | undefined) => {
    // Clearing what is not there changes nothing (the import's "show the new states" call).
    if (state === undefined && states()[issueId] === undefined) return bump();
    if (connection.readOnly()) return;
    queryClient.setQueryData<IssueStatesResponse>(key, (old) => {
      const next = { ...(old?.states ?? {}) };
      if (state) next[issueId] = state;
      else delete next[issueId];
      return { states: next };
    });
    void connection.write(() => client.putIssueState(sourceId, issueId, state ?? null)).then(() => queryClient.invalidateQueries({ queryKey: key }));
  };

  const store: IssueStateStore = {
    get: (id) => states()[id],
    set: update,
    all: () => ({ ...states() }),
    export: () => JSON.stringify({ version: 1, sourceId, exportedAt: new Date().toISOString(), issues: states() }),
    import: (json) => {
      const refused = connection.readOnly();
      if (refused) return { added: 0, changed: 0, errors: [refused] };
      // The same validation as the browser's store, on a scratch copy; then one write per change.
      const scratch = createIssueStateStore(memoryStorage(), sourceId);
      for (const [id, s] of Object.entries(states())) scratch.set(id, s);
      const result = scratch.import(json);
      const current = states();
      for (const [id, s] of Object.entries(scratch.all())) if (JSON.stringify(current[id]) !== JSON.stringify(s)) update(id, s);
      return result;
    },
  };

  return {
    store,
    version: () => version,
    subscribe: (listener) => {
      listeners.add(listener);
      if (listeners.size === 1) stop = [observer.subscribe(bump), connection.subscribe(bump)];
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        for (const s of stop) s();
        stop = [];
      };
    },
    update,
    get problems() {
      const { error, data } = observer.getCurrentResult();
      if (!error || (isStoreUnavailable(error) && data !== undefined)) return [];
      if (isStoreUnavailable(error)) return ['Issue states (resolved, ignored) cannot be shown until the console service reaches its database.'];
      return [`Issue states could not be read from the console service: ${error instanceof Error ? error.message : String(error)}`];
    },
    readOnly: () => connection.readOnly(),
  };
}

/** One store per source, for the whole console. */
export function createServiceIssueStates(connection: ServiceConnection): (sourceId: string) => ObservableStore {
  const stores = new Map<string, ObservableStore>();
  return (sourceId) => {
    let s = stores.get(sourceId);
    if (!s) {
      s = serviceIssueStore(connection, sourceId);
      stores.set(sourceId, s);
    }
    return s;
  };
}
