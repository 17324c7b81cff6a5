import { describe, expect, it } from 'vitest';
import { backtest } from './backtest';
import type { CheckObs, IssueObs, IssueStatusObs, LogCountObs, Observation } from './observation';
import { compactObservation, partsReadBy } from './observation-history';
import { defaultRules, defineRule } from './rules';

const T0 = Date.UTC(2026, 10, 28, 8, 0, 0);
const S = 30_000;
const MIN = 60_000;

/** A deterministic pseudo-random sequence, so the history has streaks, flaps and bursts. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Observations as the watcher reads them: each carries the last 10 checks of every service (so
 * most were in the one before), 15 minutes of per-minute log counts re-sent every cycle (the
 * current minute's growing), and the whole issue list whatever its status.
 */
function history(n: number): Observation[] {
  const rand = mulberry32(7);
  const checkStatus = new Map<number, CheckObs['status']>();
  const statusAt = (at: number) => {
    if (!checkStatus.has(at)) {
      const r = rand();
      // Long outages now and then: down for a stretch of minutes.
      const outage = Math.floor(at / (20 * MIN)) % 3 === 1;
      checkStatus.set(at, r < 0.08 ? 'unknown' : outage ? (r < 0.8 ? 'down' : 'up') : r < 0.15 ? 'down' : 'up');
    }
    return checkStatus.get(at)!;
  };
  const counts = new Map<string, number>();
  const countOf = (service: string, from: number, at: number) => {
    const key = `${service}|${from}`;
    const full = counts.get(key) ?? Math.floor(rand() * (service === 'api' ? 12 : 3));
    counts.set(key, full);
    // The minute still running has only part of its lines.
    return from + MIN > at ? Math.floor((full * (at - from)) / MIN) : full;
  };
  const statuses: IssueStatusObs[] = ['new', 'ongoing', 'escalating', 'resolved', 'regressed', 'ignored'];
  const out: Observation[] = [];
  for (let k = 0; k < n; k += 1) {
    const at = T0 + k * S;
    const services = ['api', 'worker'].map((id) => {
      const checks: CheckObs[] = Array.from({ length: 10 }, (_, j) => ({ at: at - (9 - j) * 20_000, status: statusAt(at - (9 - j) * 20_000) }));
      return { id, name: id.toUpperCase(), status: checks.at(-1)!.status, lastCheckAt: checks.at(-1)!.at, checks };
    });
    const logs: LogCountObs[] = [];
    // The worker goes quiet for a while (a dead-man rule's silence).
    for (const service of k > 40 && k < 90 ? ['api'] : ['api', 'worker']) {
      for (let m = 14; m >= 0; m -= 1) {
        const from = Math.floor(at / MIN) * MIN - m * MIN;
        const count = countOf(service, from, at);
        if (count) logs.push({ from, to: from + MIN, service, level: 'error', count });
      }
    }
    const issues: IssueObs[] = Array.from({ length: 8 }, (_, i) => ({
      id: `issue-${i}`,
      title: `Issue ${i}`,
      status: statuses[(i + Math.floor(k / (5 + i))) % statuses.length]!,
      count: 10 + k + i,
      firstSeenAt: T0 - i * 3_600_000 + k * 1_000,
      lastSeenAt: at - i * 1_000,
      services: [i % 2 ? 'api' : 'worker'],
      level: i % 3 ? 'error' : 'warning',
    }));
    out.push({ at, services, logs, issues, feeds: [{ id: 'rss', name: 'rss', state: k % 40 < 10 ? 'late' : 'on_time' }] });
  }
  return out;
}

const compacted = (full: readonly Observation[]) => full.map((o, k) => compactObservation(o, full[k - 1] ?? null));

const RULES = [
  ...defaultRules(),
  defineRule({ id: 'down-fast', name: 'Down after 2', kind: 'service-down', severity: 'ERROR', failAfter: 2, recoverAfter: 1, flapping: { changes: 3, window: '3m' } }),
  defineRule({ id: 'worker-silent', name: 'Worker quiet', kind: 'dead-man', severity: 'ERROR', services: ['worker'], silence: '5m' }),
  defineRule({ id: 'api-errors', name: 'API errors', kind: 'error-rate', severity: 'WARNING', services: ['api'], threshold: 30, window: '10m' }),
  defineRule({ id: 'any-issue', name: 'Any issue', kind: 'issue', severity: 'WARNING', statuses: ['new', 'regressed', 'escalating'], newWithin: '1h' }),
];

describe('compactObservation', () => {
  it('a replay of the compacted history gives the same incidents and notifications as the whole one', () => {
    const full = history(240);
    const whole = backtest(RULES, full);
    const compact = backtest(RULES, compacted(full));
    // The history exercises every kind the compaction touches.
    expect(new Set(whole.events.map((e) => e.ruleId))).toEqual(new Set(['service-down', 'down-fast', 'error-rate', 'api-errors', 'worker-silent', 'api-silent', 'new-or-escalating-issue', 'any-issue', 'feed-health']));
    expect(compact.events).toEqual(whole.events);
    expect(compact.timeline).toEqual(whole.timeline);
    expect(compact.state).toEqual(whole.state);
  });

  it('a rule replayed over only the parts it reads gives the same incidents as over the whole history', () => {
    const full = history(240);
    const stored = compacted(full);
    for (const rule of RULES) {
      const parts: string[] = partsReadBy([rule]);
      const projected = stored.map((o) => Object.fromEntries(Object.entries(o).filter(([k]) => k === 'at' || parts.includes(k))) as Observation);
      expect(backtest(rule, projected).events).toEqual(backtest(rule, full).events);
    }
    expect(partsReadBy(RULES)).toEqual(['feeds', 'issues', 'logs', 'queues', 'services', 'workers']);
    expect(partsReadBy([RULES.find((r) => r.kind === 'issue')!])).toEqual(['issues']);
  });

  it('keeps only the checks and buckets the observation before did not carry, and the issues a rule can fire on', () => {
    // The second and third: between them a minute closes (its count grows to the full one).
    const [, first, second] = history(3);
    const c = compactObservation(second!, first!);
    const newestBefore = (id: string) => Math.max(...first!.services!.find((s) => s.id === id)!.checks!.filter((x) => x.status !== 'unknown').map((x) => x.at));
    for (const s of c.services!) {
      expect(s.checks!.length).toBeLessThan(10);
      for (const check of s.checks!) expect(check.at).toBeGreaterThan(newestBefore(s.id));
    }
    // 15 buckets a service re-sent: the unchanged ones go, the growing current minute stays.
    expect(c.logs!.length).toBeLessThan(second!.logs!.length);
    expect(c.logs!.length).toBeGreaterThan(0);
    expect(c.issues!.map((i) => i.status).every((s) => s === 'new' || s === 'regressed' || s === 'escalating')).toBe(true);
    expect(c.issues!.every((i) => !('lastSeenAt' in i))).toBe(true);
    expect(c.feeds).toEqual(second!.feeds);
    expect(JSON.stringify(c).length).toBeLessThan(JSON.stringify(second).length / 2);
  });

  it('without an older observation to compare with, keeps every check and bucket', () => {
    const [first, second] = history(2);
    expect(compactObservation(second!, null).services).toEqual(second!.services);
    expect(compactObservation(second!, null).logs).toEqual(second!.logs);
    // The same cycle again is no reference: it would drop everything it carries.
    expect(compactObservation(second!, second!).logs).toEqual(second!.logs);
    expect(compactObservation(first!, second!).services).toEqual(first!.services);
    // An observation that watched logs and got none still says so.
    expect(compactObservation({ at: T0 + S, logs: [] }, { at: T0, logs: [] }).logs).toEqual([]);
  });
});
