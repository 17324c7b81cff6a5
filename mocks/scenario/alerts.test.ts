/**
 * The demo story through the built-in rules: the incidents of timeline.ts raise exactly these
 * alerts. The rules' own behaviour, on a small hand-made history: src/alerting/default-rules.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { backtest } from '@/alerting/backtest';
import { evaluate } from '@/alerting/evaluate';
import type { AlertEvent, AlertState } from '@/alerting/evaluate';
import type { Observation } from '@/alerting/observation';
import { defaultRules } from '@/alerting/rules';
import { observationsFromScenario } from './alert-observations.test-helper';
import { INCIDENT_OFFSETS as T, createScenario } from './index';

const A = Date.UTC(2025, 0, 15, 14, 0, 0);
const MIN = 60_000;
const rules = defaultRules();

/** [rule, subject (prefix), minutes after the anchor, event type] expected from timeline.ts. */
const EXPECTED: [string, string, number, AlertEvent['type']][] = [
  // PostgreSQL outage (pgStart … pgEnd): the 3rd failed check, pool errors, failed feed runs.
  ['service-down', 'postgres', T.pgStart / MIN + 1, 'opened'],
  ['new-or-escalating-issue', 'spine-dev-api:ConnectionRefusedError', T.pgStart / MIN + 1, 'opened'],
  ['new-or-escalating-issue', 'spine-dev-api:Connection pool health check failed', T.pgStart / MIN + 1, 'opened'],
  ['new-or-escalating-issue', 'spine-dev-celery-worker:ConnectionRefusedError', T.pgStart / MIN + 1, 'opened'],
  ['feed-health', 'sec-rss', T.pgStart / MIN + 2, 'opened'],
  ['feed-health', 'hacker-news', T.pgStart / MIN + 3, 'opened'],
  ['error-rate', 'spine-dev-api', T.pgStart / MIN + 6, 'opened'],
  ['feed-health', 'finnhub-news', T.pgStart / MIN + 9, 'opened'],
  // SEC rate limiting: sec-rss late, then failing (same incident, escalated WARNING → ERROR).
  ['feed-health', 'sec-rss', T.secLateStart / MIN + 3, 'opened'],
  ['feed-health', 'sec-rss', T.secFailStart / MIN + 1, 'escalated'],
  ['new-or-escalating-issue', 'spine-dev-celery-worker:HTTPStatusError', T.secFailStart / MIN + 1, 'opened'],
  ['new-or-escalating-issue', 'py-sec-edgar:Failed to fetch RSS feed', T.secFailStart / MIN + 8, 'opened'],
  // Worker 2 lost; default queue backs up.
  ['new-or-escalating-issue', 'spine-dev-celery-worker:WorkerLostError', T.worker2Down / MIN, 'opened'],
  ['queue-backlog', 'default', T.worker2Down / MIN + 9, 'opened'],
  // TokenInvalidError burst: escalating once its last hour is ≥ 5× its baseline.
  ['new-or-escalating-issue', 'spine-dev-api:TokenInvalidError', T.tokenBurstStart / MIN + 14, 'opened'],
  // Ollama down.
  ['service-down', 'spine-ollama', T.ollamaDown / MIN + 1, 'opened'],
  ['new-or-escalating-issue', 'genai-spine-api:ConnectionRefusedError', T.ollamaDown / MIN + 2, 'opened'],
  ['error-rate', 'spine-dev-api', -14, 'opened'],
  ['new-or-escalating-issue', 'spine-dev-api:Queue default backlog', -9, 'opened'],
];

describe('incident scenario with the default rules', () => {
  let history: Observation[] = [];
  let events: AlertEvent[] = [];
  let finalState: AlertState | undefined;
  beforeAll(() => {
    const s = createScenario({ name: 'incident', anchorMs: A });
    history = observationsFromScenario(s, A - 3 * 60 * MIN, A + 10 * MIN, MIN);
    const r = backtest(rules, history);
    events = r.events;
    finalState = r.state;
  }, 120_000);

  it('notifies exactly the expected alerts at the expected simulated times, and no others', () => {
    const notified = events.filter((e) => e.notify).map((e) => [e.ruleId, e.subject, (e.at - A) / MIN, e.type] as const);
    expect(notified).toHaveLength(EXPECTED.length);
    for (const [rule, subject, minute, type] of EXPECTED) {
      const hit = notified.find(([r, s, m, t]) => r === rule && s.startsWith(subject) && t === type && Math.abs(m - minute) <= 2);
      expect(hit, `${type} ${rule} ${subject} at A${minute}m`).toBeDefined();
    }
  });

  it('resolves postgres after the outage (recoverAfter good checks) and keeps Ollama firing', () => {
    const pgResolved = events.find((e) => e.type === 'resolved' && e.subject === 'postgres');
    expect(pgResolved).toBeDefined();
    expect((pgResolved?.at ?? 0) - A).toBeGreaterThanOrEqual(T.pgEnd);
    expect((pgResolved?.at ?? 0) - A).toBeLessThanOrEqual(T.pgEnd + 2 * MIN);
    const firing = finalState?.incidents.filter((i) => i.status === 'firing').map((i) => i.subject) ?? [];
    expect(firing).toEqual(expect.arrayContaining(['spine-ollama', 'default', 'sec-rss']));
    expect(firing).not.toContain('postgres');
  });

  it('updates incidents in place: one incident per rule × subject while it lasts', () => {
    const ollama = finalState?.incidents.filter((i) => i.subject === 'spine-ollama') ?? [];
    expect(ollama).toHaveLength(1);
    expect(ollama[0]?.count).toBeGreaterThan(20);
    expect(events.filter((e) => e.subject === 'spine-ollama' && e.notify)).toHaveLength(1);
  });

  it('a backtest equals a step-by-step replay of the same observations', () => {
    let state: AlertState | undefined;
    const replayed: AlertEvent[] = [];
    for (const obs of history) {
      const r = evaluate(rules, state, obs, obs.at);
      state = r.state;
      replayed.push(...r.events);
    }
    expect(replayed).toEqual(events);
    expect(state).toEqual(finalState);
    const one = rules.find((r) => r.id === 'service-down');
    if (!one) throw new Error('no rule');
    const bt = backtest(one, history);
    expect(bt.firings.map((f) => f.subject)).toEqual(['postgres', 'spine-ollama']);
    expect(bt.firings[0]?.end).not.toBeNull();
    expect(bt.firings[1]?.end).toBeNull();
    expect(bt.notifications).toBe(2);
    expect(bt.timeline).toHaveLength(history.length);
    expect(Math.max(...bt.timeline.map((p) => p.firing))).toBe(1);
  });
});

describe('healthy scenario', () => {
  it('fires nothing over an hour', () => {
    const s = createScenario({ name: 'healthy', anchorMs: A });
    const history = observationsFromScenario(s, A - 60 * MIN, A, MIN);
    const r = backtest(rules, history);
    expect(r.events).toEqual([]);
  }, 120_000);
});
