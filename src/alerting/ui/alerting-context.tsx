import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { AlertEvent, Incident, Observation } from '@/alerting';
import { feedsObservation, healthObservation, issuesObservation, queuesObservation } from '@/alerting/from-reports';
import { useErrorIssues } from '@/errors/ui/issues-data';
import { useConsoleSettings } from '@/lib/console-settings';
import type { CapableSource } from '@/sources/sources-context';
import { preferredLogSource, useSourcesFor } from '@/sources/sources-context';
import { capabilityQuery } from '@/sources/capability-query';
import type { ServiceConnection } from '@/service/service-connection';
import { createAlertStore } from './alert-store';
import type { AlertSnapshot, AlertStore } from './alert-store';
import { MaintenanceBandsProvider } from './maintenance-bands-provider';
import { createServiceAlertStore } from './service-alert-store';

const NOTIFY_KEY = 'spine-console.alerting.browser-notifications';

/** What the views know of the console service when it is the one watching. */
export interface AlertingService {
  /** Why changes are off now (the service cannot reach its database), or null. */
  readOnly: string | null;
  /** How often the service evaluates the rules, once it said. */
  intervalMs: number | null;
}

interface AlertingValue {
  store: AlertStore;
  notifications: { enabled: boolean; permission: NotificationPermission | 'unsupported'; enable: () => Promise<void>; disable: () => void };
  /** Present when the console service evaluates the rules; absent when this tab does (while it is open). */
  service?: AlertingService;
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

function showNotifications(items: { title: string; body: string; tag: string }[], enabled: boolean) {
  if (!enabled || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  for (const { title, body, tag } of items) {
    try {
      new Notification(title, { body, tag });
    } catch {
      /* some browsers only allow notifications from a service worker */
    }
  }
}

function notifyBrowser(events: AlertEvent[], enabled: boolean) {
  showNotifications(
    events.filter((e) => e.notify).map((e) => ({ title: `${e.severity}: ${e.summary}`, body: `${e.subject} · ${e.condition}`, tag: e.incidentId })),
    enabled,
  );
}

/**
 * With the service watching: a notification for each incident that opened after this page first
 * read the incidents (so a reload never notifies again), unless it opened muted or snoozed.
 */
function NotifyOpened({ store, enabled }: { store: AlertStore; enabled: boolean }) {
  const { loading, state } = useSyncExternalStore(store.subscribe, store.get, store.get);
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (loading) return;
    const seen = known.current;
    known.current = new Set([...(seen ?? []), ...state.incidents.map((i) => i.id)]);
    if (seen === null) return;
    const opened = state.incidents.filter((i: Incident) => !seen.has(i.id) && i.status === 'firing' && !i.muted && !i.snoozedUntil);
    showNotifications(opened.map((i) => ({ title: `${i.severity}: ${i.summary}`, body: `${i.subjectLabel} · ${i.condition}`, tag: i.id })), enabled);
  }, [loading, state.incidents, enabled]);
  return null;
}

function browserAlertStore(): AlertStore {
  let storage: Storage | null = null;
  try {
    storage = globalThis.localStorage ?? null;
  } catch {
    storage = null;
  }
  return createAlertStore(storage);
}

function useServiceState(connection: ServiceConnection | undefined): AlertingService | undefined {
  const subscribe = useMemo(() => connection?.subscribe ?? (() => () => undefined), [connection]);
  const get = () => connection?.get() ?? null;
  const state = useSyncExternalStore(subscribe, get, get);
  if (!connection || !state) return undefined;
  return { readOnly: connection.readOnly(), intervalMs: state.status?.watcher.intervalMs ?? null };
}

/**
 * The alerting state of every view. Without a console service, the rules are evaluated here, on
 * every new result of the dashboard's data, while the tab is open. With one (`service`), the
 * service evaluates them all the time and this tab shows its incidents and writes through it.
 */
export function AlertingProvider({ children, service }: { children: ReactNode; service?: ServiceConnection }) {
  // One store per mount: the console service is chosen when the console is mounted.
  const [store] = useState(() => (service ? createServiceAlertStore(service) : browserAlertStore()));
  const serviceState = useServiceState(service);
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
    ...(serviceState ? { service: serviceState } : {}),
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
      {service ? <NotifyOpened store={store} enabled={enabled} /> : <Watchers onEvents={onEvents} />}
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
