/**
 * The alert state machine. `evaluate` is pure: (rules, state, observation, now) → new state +
 * events. One incident per rule × subject, updated in place while it lasts. Notifications
 * (`notify: true`) go out only when an incident opens, when its severity escalates, and when a
 * muted incident is still firing after its maintenance window ends: never on every evaluation.
 */
import { conditionsFor, ingestLogs } from './conditions';
import type { Hit } from './conditions';
import { parseDuration } from './duration';
import { activeMaintenance, isMuted } from './maintenance';
import type { MaintenanceBand } from './maintenance';
import type { Observation } from './observation';
import type { MaintenanceWindow, Rule, Severity } from './rule-schemas';
import { SEVERITY_RANK } from './rules';
import type { AlertState, Incident } from './state';
import { RESOLVED_KEPT, initialState, subjectKey } from './state';

export type { AlertState, Incident } from './state';
export { initialState } from './state';

export type AlertEventType = 'opened' | 'escalated' | 'unmuted' | 'resolved';

export interface AlertEvent {
  type: AlertEventType;
  at: number;
  incidentId: string;
  ruleId: string;
  subject: string;
  severity: Severity;
  condition: string;
  summary: string;
  /** Whether this event is a notification (banner, browser notification). */
  notify: boolean;
}

export interface EvaluateOptions {
  maintenance?: readonly MaintenanceWindow[];
  /**
   * false: rules missing from `rules` keep their incidents and trackers (a replay of history
   * with only the rules history can answer); default true: their incidents resolve.
   */
  resolveMissingRules?: boolean;
}

export interface EvaluateResult {
  state: AlertState;
  events: AlertEvent[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** How long log buckets are kept: the longest window any rule needs (at least 1 h). */
function logRetention(rules: readonly Rule[]): number {
  let keep = 3_600_000;
  for (const r of rules) {
    if (r.kind === 'error-rate') keep = Math.max(keep, parseDuration(r.window));
    if (r.kind === 'dead-man') keep = Math.max(keep, parseDuration(r.silence));
  }
  return keep;
}

function event(type: AlertEventType, inc: Incident, at: number, notify: boolean): AlertEvent {
  return { type, at, incidentId: inc.id, ruleId: inc.ruleId, subject: inc.subject, severity: inc.severity, condition: inc.condition, summary: inc.summary, notify };
}

const quiet = (inc: Incident, now: number) => inc.muted || (inc.snoozedUntil !== undefined && now < inc.snoozedUntil);

export function evaluate(
  rules: readonly Rule[],
  prev: AlertState | undefined,
  obs: Observation,
  now: number = obs.at,
  options: EvaluateOptions = {},
): EvaluateResult {
  const state = prev ? clone(prev) : initialState();
  const events: AlertEvent[] = [];
  const active: MaintenanceBand[] = options.maintenance ? activeMaintenance(options.maintenance, now) : [];
  const byId = new Map(state.incidents.map((i) => [i.id, i]));
  ingestLogs(state, obs, logRetention(rules));

  const resolve = (inc: Incident, by: Incident['resolvedBy']) => {
    inc.status = 'resolved';
    inc.resolvedAt = now;
    inc.resolvedBy = by;
    events.push(event('resolved', inc, now, false));
  };

  const ruleIds = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    ruleIds.add(rule.id);
    const hits = conditionsFor(rule, obs, state);
    if (hits === null) continue;
    const forMs = parseDuration(rule.for);
    const keepMs = parseDuration(rule.keepFiringFor);
    const holding = new Map<string, Hit>(hits.map((h) => [h.subject, h]));
    for (const h of hits) {
      const key = subjectKey(rule.id, h.subject);
      const t = (state.trackers[key] ??= {});
      const open = t.openId ? byId.get(t.openId) : undefined;
      const muted = isMuted(active, [...h.services, h.subject]);
      if (open && open.status === 'firing') {
        open.lastSeenAt = now;
        open.count += 1;
        open.summary = h.summary;
        open.condition = h.condition;
        const wasMuted = open.muted;
        open.muted = muted;
        if (SEVERITY_RANK[h.severity] > SEVERITY_RANK[open.severity]) {
          open.severity = h.severity;
          const notify = !quiet(open, now);
          if (notify) open.notified = true;
          events.push(event('escalated', open, now, notify));
        } else if (wasMuted && !muted && !open.notified && !quiet(open, now)) {
          open.notified = true;
          events.push(event('unmuted', open, now, true));
        }
        continue;
      }
      if (t.blockedUntilClear) continue;
      t.pendingSince ??= now;
      if (now - t.pendingSince < forMs) continue;
      const inc: Incident = {
        id: `${key}|${now}`, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, subject: h.subject, subjectLabel: h.label,
        services: h.services, severity: h.severity, status: 'firing', condition: h.condition, pendingSince: t.pendingSince,
        startedAt: now, lastSeenAt: now, count: 1, summary: h.summary, muted, notified: !muted,
      };
      state.incidents.push(inc);
      byId.set(inc.id, inc);
      t.openId = inc.id;
      events.push(event('opened', inc, now, !muted));
    }
    // Subjects of this rule that no longer hold.
    for (const [key, t] of Object.entries(state.trackers)) {
      if (!key.startsWith(`${rule.id}|`) || holding.has(key.slice(rule.id.length + 1))) continue;
      const open = t.openId ? byId.get(t.openId) : undefined;
      if (open?.status === 'firing' && now - open.lastSeenAt < keepMs) {
        delete t.pendingSince;
        continue;
      }
      if (open?.status === 'firing') resolve(open, 'condition');
      delete state.trackers[key];
    }
  }
  // Rules removed or disabled: their incidents resolve.
  if (options.resolveMissingRules !== false) {
    for (const inc of state.incidents) if (inc.status === 'firing' && !ruleIds.has(inc.ruleId)) resolve(inc, 'rule-removed');
    for (const key of Object.keys(state.trackers)) if (!ruleIds.has(key.slice(0, key.indexOf('|')))) delete state.trackers[key];
    for (const key of Object.keys(state.checks)) if (!ruleIds.has(key.slice(0, key.indexOf('|')))) delete state.checks[key];
  }
  state.incidents = prune(state.incidents);
  return { state, events };
}

function prune(incidents: Incident[]): Incident[] {
  const resolved = incidents.filter((i) => i.status === 'resolved');
  if (resolved.length <= RESOLVED_KEPT) return incidents;
  const drop = new Set(resolved.sort((a, b) => (a.resolvedAt ?? 0) - (b.resolvedAt ?? 0)).slice(0, resolved.length - RESOLVED_KEPT).map((i) => i.id));
  return incidents.filter((i) => !drop.has(i.id));
}

export type IncidentAction =
  | { type: 'acknowledge'; by?: string }
  | { type: 'snooze'; until: number }
  | { type: 'unsnooze' }
  | { type: 'resolve' };

/**
 * A user action on an incident. Resolving a firing incident by hand closes it and waits for the
 * condition to clear before the same rule × subject can open a new one (no instant re-alert).
 */
export function applyAction(prev: AlertState, incidentId: string, action: IncidentAction, now: number): AlertState {
  const state = clone(prev);
  const inc = state.incidents.find((i) => i.id === incidentId);
  if (!inc) throw new RangeError(`No incident "${incidentId}"`);
  switch (action.type) {
    case 'acknowledge':
      if (inc.acknowledgedAt === undefined) {
        inc.acknowledgedAt = now;
        if (action.by) inc.acknowledgedBy = action.by;
      }
      break;
    case 'snooze':
      if (!(action.until > now)) throw new RangeError('snooze: `until` must be in the future');
      inc.snoozedUntil = action.until;
      break;
    case 'unsnooze':
      delete inc.snoozedUntil;
      break;
    case 'resolve': {
      if (inc.status === 'resolved') break;
      inc.status = 'resolved';
      inc.resolvedAt = now;
      inc.resolvedBy = 'user';
      const t = state.trackers[subjectKey(inc.ruleId, inc.subject)];
      if (t && t.openId === inc.id) {
        delete t.openId;
        delete t.pendingSince;
        t.blockedUntilClear = true;
      }
      break;
    }
  }
  return state;
}

/** Firing incidents, worst first, then newest: what the banner and the inbox show. */
export function openIncidents(state: AlertState, now?: number): Incident[] {
  return state.incidents
    .filter((i) => i.status === 'firing' && (now === undefined || i.snoozedUntil === undefined || now >= i.snoozedUntil))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.startedAt - a.startedAt);
}
