import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { createIssueStateStore } from '@/errors/lifecycle';
import type { IssueStateStore, StoredIssueState } from '@/errors/lifecycle';
import { createGroupingClient, createGroupWorker } from '@/errors/worker';
import type { GroupingClient } from '@/errors/worker';
import type { ServiceConnection } from '@/service/service-connection';
import { createServiceIssueStates } from './service-issue-states';

interface IssuesContextValue {
  grouping: GroupingClient;
  storeFor: (sourceId: string) => ObservableStore;
  /** The console service, whose issue index answers instead of a sample grouped here. */
  service?: ServiceConnection;
}

/** An issue-state store that React can subscribe to. */
export interface ObservableStore {
  store: IssueStateStore;
  version: () => number;
  subscribe: (listener: () => void) => () => void;
  update: (issueId: string, state: StoredIssueState | undefined) => void;
  problems: string[];
  /** Why changes are off now (the console service cannot reach its database); absent or null: they are on. */
  readOnly?: () => string | null;
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

function observable(sourceId: string): ObservableStore {
  let version = 0;
  const listeners = new Set<() => void>();
  const problems: string[] = [];
  let storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  try {
    storage = globalThis.localStorage ?? memoryStorage();
  } catch {
    storage = memoryStorage();
  }
  const store = createIssueStateStore(storage, sourceId, { onProblem: (m) => problems.push(m) });
  const bump = () => {
    version++;
    for (const l of listeners) l();
  };
  return {
    store,
    version: () => version,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    update: (id, state) => {
      store.set(id, state);
      bump();
    },
    problems,
  };
}

const IssuesContext = createContext<IssuesContextValue | null>(null);

/**
 * One grouping worker and one issue-state store per source, for the whole console. The states
 * live in the console service when there is one (`service`: shared by everyone), else in this
 * browser's localStorage.
 */
export function IssuesProvider({ children, service }: { children: ReactNode; service?: ServiceConnection }) {
  const [grouping] = useState(() => createGroupingClient(typeof Worker === 'function' ? createGroupWorker : null));
  useEffect(() => () => grouping.dispose(), [grouping]);
  const value = useMemo<IssuesContextValue>(() => {
    if (service) return { grouping, storeFor: createServiceIssueStates(service), service };
    const stores = new Map<string, ObservableStore>();
    return {
      grouping,
      storeFor: (sourceId) => {
        let s = stores.get(sourceId);
        if (!s) {
          s = observable(sourceId);
          stores.set(sourceId, s);
        }
        return s;
      },
    };
  }, [grouping, service]);
  return <IssuesContext.Provider value={value}>{children}</IssuesContext.Provider>;
}

export function useIssuesContext(): IssuesContextValue {
  const value = useContext(IssuesContext);
  if (!value) throw new Error('No IssuesProvider found: render inside <SpineConsole>.');
  return value;
}

/** The issue-state store of a source; re-renders when a state changes. */
export function useIssueStore(sourceId: string): ObservableStore {
  const store = useIssuesContext().storeFor(sourceId);
  useSyncExternalStore(store.subscribe, store.version, store.version);
  return store;
}
