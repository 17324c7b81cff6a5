import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { AlertEvent, Observation } from '@/alerting';
import { feedsObservation, healthObservation, issuesObservation, queuesObservation } from '@/alerting/from-reports';
import { useErrorIssues } from '@/errors/ui/issues-data';
import { useConsoleSettings } from '@/lib/console-settings';
import type { CapableSource } from '@/sources/sources-context';
import { preferredLogSource, useSourcesFor } from '@/sources/sources-context';
import { capabilityQuery } from '@/sources/capability-query';
import { createAlertStore } from './alert-store';
import type { AlertSnapshot, AlertStore } from './alert-store';
import { MaintenanceBandsProvider } from './maintenance-bands-provider';

const NOTIFY_KEY = 'spine-console.alerting.browser-notifications';

interface AlertingValue {
  store: AlertStore;
  notifications: { enabled: boolean; permission: NotificationPermission | 'unsupported'; enable: () => Promise<void>; disable: () => void };
}

export const AlertingContext = createContext<AlertingValue | null>(null);

function useObserve<T>(data: T | undefined, updatedAt: number, toObservation: (d: T, at: number) => Observation, onEvents: (e: AlertEvent[]) => void) {
  const { store } = useAlerting();
  const { now } = useConsoleSettings();
  useEffect(() => {
    if (data === undefined) return;
    onEvents(store.observe(toObservation(data, now()), now()));
    // evaluate once per new result
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [updatedAt]);
}

function Watch<C extends 'serviceHealth' | 'feedStatus' | 'queueStats'>({ source, capability, toObservation, onEvents }: { source: CapableSource<C>; capability: C; toObservation: (d: never, at: number) => Observation; onEvents: (e: AlertEvent[]) => void }) {
  const { range, now, refreshMs } = useConsoleSettings();
  const query = useQuery({ ...capabilityQuery(source, capability, range, now), refetchInterval: refreshMs });
  useObserve(query.data as never, query.dataUpdatedAt, toObservation, onEvents);
  return null;
}

function WatchIssues({ source, onEvents }: { source: CapableSource<'logs'>; onEvents: (e: AlertEvent[]) => void }) {
  const { issues, query } = useErrorIssues(source, { defer: true, throwErrors: false });
  useObserve(query.data ? issues : undefined, query.dataUpdatedAt, issuesObservation, onEvents);
  return null;
}

function notifyBrowser(events: AlertEvent[], enabled: boolean) {
  if (!enabled || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  for (const e of events) {
    if (!e.notify) continue;
    try {
      new Notification(`${e.severity}: ${e.summary}`, { body: `${e.subject} · ${e.condition}`, tag: e.incidentId });
    } catch {
      /* some browsers only allow notifications from a service worker */
    }
  }
}

/** Evaluates the alert rules on every new result of the dashboard's data, on every view. */
export function AlertingProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => {
    let storage: Storage | null = null;
    try {
      storage = globalThis.localStorage ?? null;
    } catch {
      storage = null;
    }
    return createAlertStore(storage);
  });
  const [enabled, setEnabled] = useState(() => {
    try {
      return globalThis.localStorage?.getItem(NOTIFY_KEY) === 'on';
    } catch {
      return false;
    }
  });
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  const value: AlertingValue = {
    store,
    notifications: {
      enabled,
      permission,
      enable: async () => {
        if (typeof Notification === 'undefined') return;
        const p = await Notification.requestPermission();
        setPermission(p);
        if (p === 'granted') {
          setEnabled(true);
          try {
            globalThis.localStorage?.setItem(NOTIFY_KEY, 'on');
          } catch {
            /* ignore */
          }
        }
      },
      disable: () => {
        setEnabled(false);
        try {
          globalThis.localStorage?.removeItem(NOTIFY_KEY);
        } catch {
          /* ignore */
        }
      },
    },
  };
  const onEvents = (events: AlertEvent[]) => notifyBrowser(events, enabled);
  return (
    <AlertingContext.Provider value={value}>
      <Watchers onEvents={onEvents} />
      <MaintenanceBandsProvider store={store}>{children}</MaintenanceBandsProvider>
    </AlertingContext.Provider>
  );
}

function Watchers({ onEvents }: { onEvents: (e: AlertEvent[]) => void }) {
  const [health] = useSourcesFor('serviceHealth');
  const [feeds] = useSourcesFor('feedStatus');
  const [queues] = useSourcesFor('queueStats');
  const logSources = useSourcesFor('logs');
  const logs = preferredLogSource(logSources);
  return (
    <>
      {health && <Watch source={health} capability="serviceHealth" toObservation={healthObservation as never} onEvents={onEvents} />}
      {feeds && <Watch source={feeds} capability="feedStatus" toObservation={feedsObservation as never} onEvents={onEvents} />}
      {queues && <Watch source={queues} capability="queueStats" toObservation={queuesObservation as never} onEvents={onEvents} />}
      {logs && <WatchIssues source={logs} onEvents={onEvents} />}
    </>
  );
}

export function useAlerting(): AlertingValue {
  const value = useContext(AlertingContext);
  if (!value) throw new Error('No AlertingProvider found: render inside <SpineConsole>.');
  return value;
}

export function useAlertSnapshot(): AlertSnapshot {
  const { store } = useAlerting();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
