/**
 * The built-in rule set on a small, hand-made 40-minute history: one of each kind of trouble,
 * at known minutes. (The demo story through the same rules: mocks/scenario/alerts.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { backtest } from './backtest';
import { evaluate } from './evaluate';
import type { AlertEvent, AlertState } from './evaluate';
import type { FeedObs, Observation } from './observation';
import { defaultRules } from './rules';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const MIN = 60_000;
const rules = defaultRules();
const during = (m: number, from: number, to: number) => m >= from && m <= to;

/**
 * Minute m (1…40): `db` down at 5–14; feed `filings` late at 10–19, failing at 20–29; queue
 * `default` backed up at 25–34; queue `bulk` waiting with no worker from 30; 30 API errors a
 * minute at 12–16; a new error issue from 18. The API logs every minute (no dead man).
 */
function minute(m: number, trouble = true): Observation {
  const at = T0 + m * MIN;
  const t = (from: number, to: number) => trouble && during(m, from, to);
  const feedState: FeedObs['state'] = t(10, 19) ? 'late' : t(20, 29) ? 'failing' : 'on_time';
  return {
    at,
    services: [
      { id: 'db', status: t(5, 14) ? 'down' : 'up', lastCheckAt: at },
      { id: 'api', status: 'up', lastCheckAt: at },
    ],
    feeds: [{ id: 'f1', name: 'filings', state: feedState }],
    queues: [
      { name: 'default', depth: t(25, 34) ? 500 : 5, oldestTaskAgeSeconds: t(25, 34) ? 1200 : 10, workers: ['w1'] },
      { name: 'bulk', depth: t(30, 40) ? 10 : 0, oldestTaskAgeSeconds: null, workers: t(30, 40) ? [] : ['w1'] },
    ],
    workers: [{ name: 'w1', online: true }],
    logs: [
      { from: at - MIN, to: at, service: 'spine-dev-api', level: 'info', count: 10 },
      ...(t(12, 16) ? [{ from: at - MIN, to: at, service: 'spine-dev-api', level: 'error' as const, count: 30 }] : []),
    ],
    issues: t(18, 40) ? [{ id: 'i1', title: 'KeyError: invoice', status: 'new', count: 3, level: 'error', services: ['billing'] }] : [],
  };
}
const history = Array.from({ length: 40 }, (_, i) => minute(i + 1));

describe('the default rules on a small history', () => {
  const { events, state } = backtest(rules, history);

  it('notify each kind of trouble once, at the minute its rule allows', () => {
    const notified = events.filter((e) => e.notify).map((e) => [e.ruleId, e.subject, (e.at - T0) / MIN, e.type]);
    expect(notified).toEqual([
      ['service-down', 'db', 7, 'opened'], // the 3rd failed check
      ['feed-health', 'filings', 11, 'opened'], // late for 1 min
      ['error-rate', 'spine-dev-api', 14, 'opened'], // above 20 per 5 min for 2 min
      ['new-or-escalating-issue', 'i1', 18, 'opened'],
      ['feed-health', 'filings', 20, 'escalated'], // failing is an ERROR
      ['queue-backlog', 'default', 26, 'opened'],
      ['queue-no-worker', 'bulk', 31, 'opened'],
    ]);
  });

  it('resolve after recoverAfter good checks and keepFiringFor, without a notification', () => {
    const resolved = events.filter((e) => e.type === 'resolved').map((e) => [e.ruleId, e.subject, (e.at - T0) / MIN, e.notify]);
    expect(resolved).toEqual([
      ['service-down', 'db', 16, false], // the 2nd good check
      // keepFiringFor after the last minute the condition held:
      ['error-rate', 'spine-dev-api', 25, false], // errors in the 5 min window until 20, + 5 min
      ['feed-health', 'filings', 39, false], // failing until 29, + 10 min
      ['queue-backlog', 'default', 39, false], // backed up until 34, + 5 min
    ]);
    expect(state.incidents.filter((i) => i.status === 'firing').map((i) => i.subject).sort()).toEqual(['bulk', 'i1']);
  });

  it('keep one incident per rule × subject while it lasts, updated in place', () => {
    const db = state.incidents.filter((i) => i.subject === 'db');
    expect(db).toHaveLength(1);
    expect(db[0]?.count).toBeGreaterThan(5);
    expect(events.filter((e) => e.subject === 'db' && e.notify)).toHaveLength(1);
  });

  it('a backtest equals a step-by-step replay of the same observations', () => {
    let replayState: AlertState | undefined;
    const replayed: AlertEvent[] = [];
    for (const obs of history) {
      const r = evaluate(rules, replayState, obs, obs.at);
      replayState = r.state;
      replayed.push(...r.events);
    }
    expect(replayed).toEqual(events);
    expect(replayState).toEqual(state);
    const down = backtest(rules.find((r) => r.id === 'service-down')!, history);
    expect(down.firings.map((f) => [f.subject, (f.start - T0) / MIN, f.end === null ? null : (f.end - T0) / MIN])).toEqual([['db', 7, 16]]);
    expect(down.notifications).toBe(1);
    expect(down.timeline).toHaveLength(history.length);
    expect(Math.max(...down.timeline.map((p) => p.firing))).toBe(1);
  });

  it('fire nothing on the same hour without the trouble', () => {
    expect(backtest(rules, Array.from({ length: 40 }, (_, i) => minute(i + 1, false))).events).toEqual([]);
  });
});
