import { describe, expect, it } from 'vitest';
import { backtest } from '../backtest';
import { defineRule } from '../rules';
import type { Rule } from '../rule-schemas';
import { backtestableRule, historyKindOf, historyStepMs } from './coverage';
import { buildObservations, expandChecks, HistoryError } from './observations';

const T0 = Date.parse('2026-11-28T00:00:00.000Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('buildObservations', () => {
  it('puts each log bucket in the step it starts in, and sends an empty list when nothing came', () => {
    const obs = buildObservations({
      from: T0,
      to: T0 + 3 * 5 * MIN,
      stepMs: 5 * MIN,
      logs: [{ service: 'api', buckets: [{ at: T0, counts: { error: 3, info: 0 } }, { at: T0 + 10 * MIN, counts: { critical: 1 } }] }],
    });
    expect(obs.map((o) => o.at)).toEqual([T0 + 5 * MIN, T0 + 10 * MIN, T0 + 15 * MIN]);
    expect(obs[0]!.logs).toEqual([{ from: T0, to: T0 + 5 * MIN, service: 'api', level: 'error', count: 3 }]);
    expect(obs[1]!.logs).toEqual([]);
    expect(obs[2]!.logs).toEqual([{ from: T0 + 10 * MIN, to: T0 + 15 * MIN, service: 'api', level: 'critical', count: 1 }]);
    expect(obs[0]!.services).toBeUndefined(); // no check history given: no data, not "all up"
  });

  it('expands run-length check history and hands each step its own checks', () => {
    const history = { id: 'db', name: 'Postgres', segments: [
      { from: iso(T0 + 30_000), to: iso(T0 + 90_000), status: 'up' as const, checks: 3 },
      { from: iso(T0 + 120_000), to: iso(T0 + 240_000), status: 'down' as const, checks: 5 },
    ] };
    expect(expandChecks(history).map((c) => [(c.at - T0) / 1000, c.status])).toEqual([
      [30, 'up'], [60, 'up'], [90, 'up'], [120, 'down'], [150, 'down'], [180, 'down'], [210, 'down'], [240, 'down'],
    ]);
    const obs = buildObservations({ from: T0, to: T0 + 4 * MIN, stepMs: 2 * MIN, services: [history] });
    expect(obs[0]!.services![0]!.checks!.map((c) => c.status)).toEqual(['up', 'up', 'up', 'down']);
    expect(obs[1]!.services![0]).toMatchObject({ status: 'down', lastCheckAt: T0 + 240_000 });
    expect(obs[1]!.services![0]!.checks).toHaveLength(4);
  });

  it('carries the latest feed state and queue depth at or before each step', () => {
    const obs = buildObservations({
      from: T0,
      to: T0 + 3 * MIN,
      stepMs: MIN,
      feeds: [{ id: 'f1', name: 'sec-rss', points: [{ at: iso(T0 + 90_000), state: 'late', lagSeconds: 120, lastError: null }] }],
      queues: [{ name: 'default', points: [{ at: iso(T0), depth: 4 }, { at: iso(T0 + 2 * MIN), depth: 500 }] }],
    });
    expect(obs.map((o) => o.feeds?.map((f) => f.state))).toEqual([[], ['late'], ['late']]);
    expect(obs.map((o) => o.queues?.map((q) => q.depth))).toEqual([[4], [500], [500]]);
  });

  it('rejects a bad range or step with a clear error', () => {
    expect(() => buildObservations({ from: T0, to: T0, stepMs: MIN })).toThrow(/from < to/);
    expect(() => buildObservations({ from: T0, to: T0 + MIN, stepMs: 0 })).toThrow(/positive/);
    expect(() => buildObservations({ from: T0, to: T0 + 7 * 86_400_000, stepMs: 1000 })).toThrow(HistoryError);
    expect(() => expandChecks({ id: 'x', name: 'x', segments: [{ from: 'nope', to: iso(T0), status: 'up', checks: 1 }] })).toThrow(/bad segment/);
  });
});

describe('backtest on history', () => {
  it('fires an error-rate rule on the steps whose counts pass the threshold, once per burst', () => {
    const rule = defineRule({ id: 'api-errors', name: 'API errors', kind: 'error-rate', severity: 'ERROR', threshold: 10, window: '5m' });
    const counts = [0, 2, 30, 40, 1, 0, 25, 0];
    const obs = buildObservations({
      from: T0,
      to: T0 + counts.length * 5 * MIN,
      stepMs: historyStepMs(rule, '24h'),
      logs: [{ service: 'api', buckets: counts.map((n, i) => ({ at: T0 + i * 5 * MIN, counts: { error: n } })) }],
    });
    const r = backtest(rule, obs);
    expect(r.firings.map((f) => [(f.start - T0) / MIN, f.end === null ? null : (f.end - T0) / MIN])).toEqual([[15, 25], [35, 40]]);
    expect(r.notifications).toBe(2);
  });

  it('replays service-down flap damping over check history', () => {
    const rule = defineRule({ id: 'down', name: 'Down', kind: 'service-down', severity: 'CRITICAL', failAfter: 3, recoverAfter: 2 });
    const seg = (fromS: number, n: number, status: 'up' | 'down') => ({ from: iso(T0 + fromS * 1000), to: iso(T0 + (fromS + (n - 1) * 30) * 1000), status, checks: n });
    // 2 failures (not enough), then 4 failures (down at the 3rd, 330 s, seen at 6 min), then 2 good checks (390 s, 420 s: up at 7 min).
    const services = [{ id: 'db', name: 'db', segments: [seg(30, 4, 'up'), seg(150, 2, 'down'), seg(210, 2, 'up'), seg(270, 4, 'down'), seg(390, 10, 'up')] }];
    const r = backtest(rule, buildObservations({ from: T0, to: T0 + 12 * MIN, stepMs: MIN, services }));
    expect(r.firings).toHaveLength(1);
    expect(r.firings[0]).toMatchObject({ subject: 'db', start: T0 + 6 * MIN, end: T0 + 7 * MIN });
  });
});

describe('coverage', () => {
  const queue = (extra: object) => defineRule({ id: 'q', name: 'q', kind: 'queue', severity: 'WARNING', ...extra } as never) as Rule;

  it('names the history each kind needs; issues have none', () => {
    expect(historyKindOf(defineRule({ id: 'd', name: 'd', kind: 'dead-man', severity: 'ERROR', services: ['a'], silence: '15m' }))).toBe('logs');
    expect(historyKindOf(queue({ depthAbove: 1 }))).toBe('queues');
    const issue = defineRule({ id: 'i', name: 'i', kind: 'issue', severity: 'ERROR', statuses: ['new'] });
    expect(historyKindOf(issue)).toBeNull();
    expect(backtestableRule(issue).rule).toBeNull();
  });

  it('drops the queue conditions the depth history cannot replay, and says so', () => {
    const both = backtestableRule(queue({ depthAbove: 100, noWorker: true, oldestAgeAbove: '10m' }));
    expect(both.rule).toMatchObject({ depthAbove: 100 });
    expect(both.rule).not.toHaveProperty('noWorker');
    expect(both.notes).toHaveLength(2);
    expect(backtestableRule(queue({ noWorker: true })).rule).toBeNull();
  });

  it('keeps the step no coarser than an error-rate window, and widens a window finer than a minute', () => {
    const r = defineRule({ id: 'e', name: 'e', kind: 'error-rate', severity: 'ERROR', threshold: 1, window: '2m' });
    expect(historyStepMs(r, '24h')).toBe(2 * MIN);
    expect(historyStepMs(r, '7d')).toBe(2 * MIN);
    expect(historyStepMs(queue({ depthAbove: 1 }), '7d')).toBe(15 * MIN);
    const fine = backtestableRule({ ...r, window: '30s' } as Rule, MIN);
    expect(fine.rule).toMatchObject({ window: '1m' });
    expect(fine.notes[0]).toMatch(/replayed as 1m/);
  });
});
