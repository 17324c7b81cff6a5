/**
 * Per-kind conditions: which subjects of a rule hold at this observation. Check and log
 * trackers live in the (already cloned) state and are updated here. Returns null when the
 * observation has no data for the rule (the rule is skipped and its incidents kept).
 */
import type { LogLevel } from '@/lib/model';
import { parseDuration } from './duration';
import type { Observation } from './observation';
import type { DeadManRule, ErrorRateRule, FeedRule, IssueRule, QueueRule, Rule, ServiceDownRule, Severity } from './rule-schemas';
import type { AlertState, CheckTracker } from './state';
import { subjectKey } from './state';

export interface Hit {
  subject: string;
  label: string;
  services: string[];
  severity: Severity;
  condition: string;
  summary: string;
}

const inScope = (rule: Rule, service: string) => !rule.services || rule.services.includes(service);

export function conditionsFor(rule: Rule, obs: Observation, state: AlertState): Hit[] | null {
  switch (rule.kind) {
    case 'service-down': return serviceDown(rule, obs, state);
    case 'error-rate': return errorRate(rule, obs, state);
    case 'dead-man': return deadMan(rule, obs, state);
    case 'issue': return issues(rule, obs);
    case 'feed': return feeds(rule, obs);
    case 'queue': return queues(rule, obs);
  }
}

function serviceDown(rule: ServiceDownRule, obs: Observation, state: AlertState): Hit[] | null {
  if (!obs.services) return null;
  const flapMs = parseDuration(rule.flapping.window);
  const out: Hit[] = [];
  for (const s of obs.services) {
    if (!inScope(rule, s.id)) continue;
    const key = subjectKey(rule.id, s.id);
    const t: CheckTracker = state.checks[key] ?? { lastCheckAt: -1, fails: 0, goods: 0, down: false, lastRaw: null, changes: [] };
    const checks = s.checks ?? [{ at: s.lastCheckAt ?? obs.at, status: s.status }];
    for (const c of checks) {
      if (!(c.at > t.lastCheckAt) || c.status === 'unknown') continue;
      t.lastCheckAt = c.at;
      const raw = c.status === 'down' || (rule.degradedIsDown && c.status === 'degraded') ? 'down' : 'up';
      if (t.lastRaw !== null && raw !== t.lastRaw) t.changes.push(c.at);
      t.lastRaw = raw;
      if (raw === 'down') {
        t.fails += 1;
        t.goods = 0;
        if (t.fails >= rule.failAfter) t.down = true;
      } else {
        t.goods += 1;
        t.fails = 0;
        if (t.goods >= rule.recoverAfter) t.down = false;
      }
    }
    t.changes = t.changes.filter((at) => at > obs.at - flapMs);
    state.checks[key] = t;
    const label = s.name ?? s.id;
    if (t.changes.length > rule.flapping.changes) {
      out.push({ subject: s.id, label, services: [s.id], severity: rule.severity, condition: 'flapping', summary: `${label} is flapping: ${t.changes.length} up/down changes in ${rule.flapping.window}` });
    } else if (t.down) {
      const why = s.message ? `: ${s.message}` : '';
      out.push({ subject: s.id, label, services: [s.id], severity: rule.severity, condition: 'down', summary: `${label} is down (${Math.max(t.fails, rule.failAfter)} failed checks)${why}` });
    }
  }
  return out;
}

/** Stores the observation's log buckets (once per observation, before the rules run). */
export function ingestLogs(state: AlertState, obs: Observation, keepMs: number): void {
  if (!obs.logs) return;
  const L = state.logs;
  if (L.since === null) L.since = obs.at;
  for (const b of obs.logs) {
    const list = (L.buckets[b.service] ??= []);
    let bucket = list.find((x) => x.from === b.from);
    if (!bucket) {
      bucket = { from: b.from, to: b.to, counts: {} };
      list.push(bucket);
    }
    bucket.to = Math.max(bucket.to, b.to);
    bucket.counts[b.level] = b.count;
    if (b.count > 0) L.lastSeen[b.service] = Math.max(L.lastSeen[b.service] ?? -Infinity, b.to);
  }
  for (const [svc, list] of Object.entries(L.buckets)) {
    const kept = list.filter((b) => b.to > obs.at - keepMs).sort((a, b) => a.from - b.from);
    if (kept.length > 0) L.buckets[svc] = kept;
    else delete L.buckets[svc];
  }
}

const ERROR_LEVELS: LogLevel[] = ['error', 'critical'];

function errorRate(rule: ErrorRateRule, obs: Observation, state: AlertState): Hit[] | null {
  if (!obs.logs) return null;
  const windowMs = parseDuration(rule.window);
  const levels = rule.levels && rule.levels.length > 0 ? rule.levels : ERROR_LEVELS;
  const out: Hit[] = [];
  for (const [svc, list] of Object.entries(state.logs.buckets)) {
    if (!inScope(rule, svc)) continue;
    let n = 0;
    for (const b of list) if (b.from >= obs.at - windowMs && b.from < obs.at) for (const l of levels) n += b.counts[l] ?? 0;
    if (n > rule.threshold) {
      out.push({ subject: svc, label: svc, services: [svc], severity: rule.severity, condition: 'error-rate', summary: `${svc}: ${n} ${levels.join('/')} lines in ${rule.window} (threshold ${rule.threshold})` });
    }
  }
  return out;
}

function deadMan(rule: DeadManRule, obs: Observation, state: AlertState): Hit[] | null {
  if (!obs.logs || state.logs.since === null) return null;
  const silenceMs = parseDuration(rule.silence);
  const out: Hit[] = [];
  for (const svc of rule.services) {
    const last = state.logs.lastSeen[svc];
    const quietSince = last ?? state.logs.since;
    if (obs.at - quietSince >= silenceMs) {
      const since = last === undefined ? `since watching began (${new Date(quietSince).toISOString()})` : `since ${new Date(last).toISOString()}`;
      out.push({ subject: svc, label: svc, services: [svc], severity: rule.severity, condition: 'silent', summary: `No logs from ${svc} ${since}` });
    }
  }
  return out;
}

function issues(rule: IssueRule, obs: Observation): Hit[] | null {
  if (!obs.issues) return null;
  const newMs = parseDuration(rule.newWithin);
  const out: Hit[] = [];
  for (const i of obs.issues) {
    if (rule.services && !(i.services ?? []).some((s) => rule.services?.includes(s))) continue;
    if (rule.levels && rule.levels.length > 0 && !(i.level && rule.levels.includes(i.level))) continue;
    if (rule.text && !i.title.includes(rule.text)) continue;
    const isNew = i.status === 'new' && (i.firstSeenAt === undefined || obs.at - i.firstSeenAt <= newMs);
    const holds = (i.status === 'new' && isNew && rule.statuses.includes('new')) ||
      ((i.status === 'regressed' || i.status === 'escalating') && rule.statuses.includes(i.status));
    if (!holds) continue;
    out.push({ subject: i.id, label: i.title, services: i.services ?? [], severity: rule.severity, condition: i.status, summary: `${i.status[0]?.toUpperCase()}${i.status.slice(1)} issue: ${i.title} (${i.count} events)` });
  }
  return out;
}

function feeds(rule: FeedRule, obs: Observation): Hit[] | null {
  if (!obs.feeds) return null;
  const out: Hit[] = [];
  for (const f of obs.feeds) {
    if (rule.feeds && !rule.feeds.includes(f.name) && !rule.feeds.includes(f.id)) continue;
    if (f.state !== 'late' && f.state !== 'missed' && f.state !== 'failing') continue;
    if (!rule.states.includes(f.state)) continue;
    const lag = f.lagSeconds ? ` (${Math.round(f.lagSeconds / 60)} min past due)` : '';
    const err = f.state === 'failing' && f.lastError ? `: ${f.lastError}` : '';
    const what = f.state === 'missed' ? 'missed a run' : `is ${f.state}`;
    out.push({ subject: f.name, label: f.name, services: [], severity: rule.severities?.[f.state] ?? rule.severity, condition: f.state, summary: `Feed ${f.name} ${what}${f.state === 'failing' ? err : lag}` });
  }
  return out;
}

function queues(rule: QueueRule, obs: Observation): Hit[] | null {
  if (!obs.queues) return null;
  const online = obs.workers ? new Set(obs.workers.filter((w) => w.online).map((w) => w.name)) : null;
  const ageS = rule.oldestAgeAbove === undefined ? null : parseDuration(rule.oldestAgeAbove) / 1000;
  const out: Hit[] = [];
  for (const q of obs.queues) {
    if (rule.queues && !rule.queues.includes(q.name)) continue;
    const workers = online ? q.workers.filter((w) => online.has(w)) : q.workers;
    const why: string[] = [];
    if (rule.depthAbove !== undefined && q.depth > rule.depthAbove) why.push(`depth ${q.depth} > ${rule.depthAbove}`);
    if (ageS !== null && q.oldestTaskAgeSeconds !== null && q.oldestTaskAgeSeconds > ageS) why.push(`oldest task ${Math.round(q.oldestTaskAgeSeconds / 60)} min old > ${rule.oldestAgeAbove}`);
    if (rule.noWorker && q.depth > 0 && workers.length === 0) why.push(`${q.depth} messages and no online worker`);
    if (why.length === 0) continue;
    out.push({ subject: q.name, label: `queue ${q.name}`, services: [], severity: rule.severity, condition: rule.noWorker && workers.length === 0 ? 'no-worker' : 'backlog', summary: `Queue ${q.name}: ${why.join(', ')}` });
  }
  return out;
}
