/**
 * The console's alerting state: rules and maintenance windows (kept in the browser as the same
 * JSON the export writes), incidents from evaluating each new observation, and notification
 * hooks. An external store so React subscribes to it without copying server data into state.
 */
import { applyAction, defaultRules, evaluate, exportConfig, HISTORY_LIMIT, HISTORY_MAX_AGE_MS, importConfig, initialState } from '@/alerting';
import type { AlertEvent, AlertState, IncidentAction, MaintenanceWindow, Observation, Rule } from '@/alerting';

const CONFIG_KEY = 'spine-console.alerting.config';

export interface AlertSnapshot {
  rules: Rule[];
  maintenance: MaintenanceWindow[];
  state: AlertState;
  /** Set when the stored config could not be read (and defaults were used). */
  problem: string | null;
  /** The incidents are being read for the first time (from the console service); never in this tab's own store. */
  loading: boolean;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function loadConfig(storage: StorageLike | null): { rules: Rule[]; maintenance: MaintenanceWindow[]; problem: string | null } {
  const fallback = { rules: defaultRules(), maintenance: [], problem: null };
  let text: string | null = null;
  try {
    text = storage?.getItem(CONFIG_KEY) ?? null;
  } catch {
    return { ...fallback, problem: 'Browser storage is blocked: alert rules will not be kept after a reload.' };
  }
  if (!text) return fallback;
  const result = importConfig(text);
  if (!result.ok) return { ...fallback, problem: `The saved alert rules were unreadable (${result.errors[0]?.path}: ${result.errors[0]?.message}); using the defaults.` };
  return { rules: result.config.rules, maintenance: result.config.maintenance, problem: null };
}

export interface AlertStore {
  get: () => AlertSnapshot;
  subscribe: (listener: () => void) => () => void;
  observe: (observation: Observation, now: number) => AlertEvent[];
  act: (incidentId: string, action: IncidentAction, now: number) => void;
  setRules: (rules: Rule[]) => void;
  setMaintenance: (windows: MaintenanceWindow[]) => void;
  exportConfig: () => string;
  /** The observations evaluated so far this session, oldest first (bounded): the backtest's data. */
  history: () => readonly Observation[];
}

/**
 * The session's history is bounded by count and by age (HISTORY_LIMIT, HISTORY_MAX_AGE_MS; the
 * console service keeps the same): a console left open for days must not grow (each observation
 * holds a full snapshot of services, feeds, queues or issues, ~10 KB). Backtests over a source's
 * own history (24 h / 7 d) do not use it; it only backs rule kinds no source keeps history for
 * (issue rules).
 */
export function createAlertStore(storage: StorageLike | null): AlertStore {
  const loaded = loadConfig(storage);
  let snapshot: AlertSnapshot = { rules: loaded.rules, maintenance: loaded.maintenance, state: initialState(), problem: loaded.problem, loading: false };
  const listeners = new Set<() => void>();
  const history: Observation[] = [];
  const emit = (next: AlertSnapshot) => {
    snapshot = next;
    for (const l of listeners) l();
  };
  const save = (s: AlertSnapshot) => {
    try {
      storage?.setItem(CONFIG_KEY, exportConfig(s.rules, s.maintenance));
    } catch {
      /* storage full or blocked: the rules still apply for this session */
    }
  };
  return {
    get: () => snapshot,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    observe: (observation, now) => {
      history.push(observation);
      let drop = Math.max(0, history.length - HISTORY_LIMIT);
      while (drop < history.length && history[drop]!.at < observation.at - HISTORY_MAX_AGE_MS) drop += 1;
      if (drop > 0) history.splice(0, drop);
      const { state, events } = evaluate(snapshot.rules, snapshot.state, observation, now, { maintenance: snapshot.maintenance });
      emit({ ...snapshot, state });
      return events;
    },
    act: (id, action, now) => emit({ ...snapshot, state: applyAction(snapshot.state, id, action, now) }),
    setRules: (rules) => {
      const next = { ...snapshot, rules };
      save(next);
      emit(next);
    },
    setMaintenance: (maintenance) => {
      const next = { ...snapshot, maintenance };
      save(next);
      emit(next);
    },
    exportConfig: () => exportConfig(snapshot.rules, snapshot.maintenance),
    history: () => history,
  };
}
