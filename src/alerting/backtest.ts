/**
 * Backtest: the same evaluator replayed over a history of observations, so a backtest is by
 * construction what a live replay of that history would have produced.
 */
import type { AlertEvent, EvaluateOptions } from './evaluate';
import { evaluate } from './evaluate';
import type { Observation } from './observation';
import type { Rule, Severity } from './rule-schemas';
import { maxSeverity } from './rules';
import type { AlertState } from './state';

export interface Firing {
  incidentId: string;
  start: number;
  /** null while still firing at the end of the history. */
  end: number | null;
  subject: string;
  severity: Severity;
  condition: string;
}

export interface BacktestResult {
  firings: Firing[];
  /** Firing incidents after each observation. */
  timeline: { at: number; firing: number }[];
  /** Notifications that would have been sent. */
  notifications: number;
  events: AlertEvent[];
  state: AlertState;
}

export interface BacktestOptions extends EvaluateOptions {
  /** Start from this state instead of an empty one. */
  state?: AlertState;
}

/** Replays `history` (time-ordered) through `evaluate` for one rule (or several). */
export function backtest(rule: Rule | readonly Rule[], history: readonly Observation[], options: BacktestOptions = {}): BacktestResult {
  const rules: readonly Rule[] = Array.isArray(rule) ? rule : [rule as Rule];
  let state = options.state;
  const events: AlertEvent[] = [];
  const timeline: { at: number; firing: number }[] = [];
  let last = -Infinity;
  for (const obs of history) {
    if (obs.at < last) throw new RangeError(`backtest: history must be time-ordered (${obs.at} after ${last})`);
    last = obs.at;
    const r = evaluate(rules, state, obs, obs.at, options);
    state = r.state;
    events.push(...r.events);
    timeline.push({ at: obs.at, firing: state.incidents.filter((i) => i.status === 'firing').length });
  }
  return { firings: firingsOf(events), timeline, notifications: events.filter((e) => e.notify).length, events, state: state ?? evaluate(rules, undefined, { at: 0 }).state };
}

/** Incidents as [start, end) intervals, from the evaluator's events. */
export function firingsOf(events: readonly AlertEvent[]): Firing[] {
  const byId = new Map<string, Firing>();
  for (const e of events) {
    const f = byId.get(e.incidentId);
    if (e.type === 'opened') byId.set(e.incidentId, { incidentId: e.incidentId, start: e.at, end: null, subject: e.subject, severity: e.severity, condition: e.condition });
    else if (f && e.type === 'escalated') f.severity = maxSeverity(f.severity, e.severity);
    else if (f && e.type === 'resolved') f.end = e.at;
  }
  return [...byId.values()];
}
