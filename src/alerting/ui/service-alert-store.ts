/**
 * The alerting store when the console service watches: incidents, rules and maintenance windows
 * read from its API through the query cache (the one copy: this store only derives a snapshot
 * from it), and every action or edit written through the API. Nothing is evaluated here: the
 * service does that every cycle, whether or not a tab is open, so `observe` is a no-op and this
 * tab keeps no observation history.
 */
import { exportConfig, initialState } from '@/alerting';
import type { Incident, IncidentAction, MaintenanceWindow, Observation, Rule } from '@/alerting';
import type { IncidentActionDto } from '@/service/api-schemas';
import type { AlertingConfigResponse } from '@/service/service-client';
import { isStoreUnavailable } from '@/service/service-client';
import type { ServiceConnection } from '@/service/service-connection';
import { alertingConfigQuery, incidentsQuery, serviceKeys } from '@/service/service-queries';
import type { AlertSnapshot, AlertStore } from './alert-store';

const NO_HISTORY: readonly Observation[] = Object.freeze([]);

function readProblem(what: string, error: unknown, hasData: boolean): string | null {
  if (!error) return null;
  // The banner says the store is down; say here only what it means for this list.
  if (isStoreUnavailable(error)) return hasData ? null : `The ${what} cannot be shown until the console service reaches its database.`;
  return `The ${what} could not be read from the console service: ${error instanceof Error ? error.message : String(error)}`;
}

export function createServiceAlertStore(connection: ServiceConnection): AlertStore {
  const { client, queryClient } = connection;
  const incidents = connection.observe(incidentsQuery(client));
  const config = connection.observe(alertingConfigQuery(client));
  const incidentsKey = serviceKeys.incidents(client.baseUrl);
  const configKey = serviceKeys.alertingConfig(client.baseUrl);

  let inputs: readonly unknown[] = [];
  let snapshot: AlertSnapshot = derive();
  const listeners = new Set<() => void>();
  let stop: (() => void)[] = [];

  function derive(): AlertSnapshot {
    const i = incidents.getCurrentResult();
    const c = config.getCurrentResult();
    inputs = [i.data, i.error, c.data, c.error];
    const problems = [
      ...(c.data?.problems ?? []),
      readProblem('alert rules', c.error, c.data !== undefined),
      readProblem('incidents', i.error, i.data !== undefined),
    ].filter((p): p is string => p !== null);
    return {
      rules: c.data?.rules ?? [],
      maintenance: c.data?.maintenance ?? [],
      state: { ...initialState(), incidents: i.data?.incidents ?? [] },
      problem: problems.length > 0 ? problems.join(' ') : null,
      loading: i.data === undefined && i.error === null,
    };
  }
  /** A new snapshot only when what it derives from changed (useSyncExternalStore compares by identity). */
  const refresh = () => {
    const i = incidents.getCurrentResult();
    const c = config.getCurrentResult();
    const next = [i.data, i.error, c.data, c.error];
    if (next.every((v, k) => v === inputs[k])) return;
    snapshot = derive();
    for (const l of listeners) l();
  };

  // Rule and window edits: applied to the cache at once, saved one PUT at a time with what the
  // cache holds when it is sent, so edits made together (an import sets rules, then windows)
  // reach the service as one config and never undo each other.
  let chain: Promise<void> = Promise.resolve();
  let queued = false;
  const saveConfig = (patch: Partial<Pick<AlertingConfigResponse, 'rules' | 'maintenance'>>) => {
    void queryClient.cancelQueries({ queryKey: configKey });
    queryClient.setQueryData<AlertingConfigResponse>(configKey, (old) => ({ rules: old?.rules ?? [], maintenance: old?.maintenance ?? [], problems: old?.problems ?? [], ...patch }));
    refresh();
    if (queued) return;
    queued = true;
    chain = chain.then(async () => {
      queued = false;
      const current = queryClient.getQueryData<AlertingConfigResponse>(configKey);
      if (!current) return;
      const saved = await connection.write(() => client.putAlertingConfig(current));
      if (saved.ok && !queued) queryClient.setQueryData(configKey, saved.value);
      // On failure the service's config comes back over the edit.
      await queryClient.invalidateQueries({ queryKey: configKey });
    });
  };

  return {
    get: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      if (listeners.size === 1) stop = [incidents.subscribe(refresh), config.subscribe(refresh)];
      refresh();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        for (const s of stop) s();
        stop = [];
      };
    },
    observe: () => [],
    act: (incidentId: string, action: IncidentAction) => {
      // The service names who acknowledged (its trusted user header), not the page.
      const dto: IncidentActionDto = action.type === 'acknowledge' ? { type: 'acknowledge' } : action;
      void connection.write(() => client.act(incidentId, dto)).then(async (done) => {
        if (done.ok) {
          queryClient.setQueryData<{ incidents: Incident[]; now: number }>(incidentsKey, (old) =>
            old ? { ...old, incidents: old.incidents.map((i) => (i.id === incidentId ? done.value.incident : i)) } : old,
          );
        }
        await queryClient.invalidateQueries({ queryKey: incidentsKey });
      });
    },
    setRules: (rules: Rule[]) => saveConfig({ rules }),
    setMaintenance: (maintenance: MaintenanceWindow[]) => saveConfig({ maintenance }),
    exportConfig: () => exportConfig(snapshot.rules, snapshot.maintenance),
    history: () => NO_HISTORY,
  };
}
