import { describe, expect, it } from 'vitest';
import { createScenario } from './index';
import { ANCHOR, HOUR, MIN, scenario } from './testing';

describe('createScenario: determinism', () => {
  it('same inputs give deep-equal outputs', () => {
    const a = scenario('incident');
    const b = scenario('incident');
    const feed = a.feeds()[0]!.id;
    expect(a.services()).toEqual(b.services());
    expect(a.checks('spine-dev-api', ANCHOR - HOUR, ANCHOR)).toEqual(b.checks('spine-dev-api', ANCHOR - HOUR, ANCHOR));
    expect(a.feedRuns(feed, ANCHOR - 2 * HOUR, ANCHOR)).toEqual(b.feedRuns(feed, ANCHOR - 2 * HOUR, ANCHOR));
    expect(a.queues(ANCHOR - 7)).toEqual(b.queues(ANCHOR - 7));
    expect(a.workers(ANCHOR)).toEqual(b.workers(ANCHOR));
    expect(a.logs(ANCHOR - 10 * MIN, ANCHOR, { limit: 300 })).toEqual(b.logs(ANCHOR - 10 * MIN, ANCHOR, { limit: 300 }));
    expect(a.incidents()).toEqual(b.incidents());
  });

  it('does not depend on call order', () => {
    const a = scenario('incident');
    const late = a.logs(ANCHOR - 5 * MIN, ANCHOR);
    a.logs(ANCHOR - 3 * HOUR, ANCHOR - 2 * HOUR);
    a.queues(ANCHOR + 5 * HOUR);
    expect(a.logs(ANCHOR - 5 * MIN, ANCHOR)).toEqual(late);
    expect(scenario('incident').logs(ANCHOR - 5 * MIN, ANCHOR)).toEqual(late);
  });

  it('a different seed gives different noise but the same story', () => {
    const a = scenario('incident', 1);
    const b = scenario('incident', 2);
    const rt = (s: typeof a) => s.checks('spine-dev-api', ANCHOR - HOUR, ANCHOR).map((c) => c.responseTimeMs);
    expect(rt(a)).not.toEqual(rt(b));
    expect(a.logs(ANCHOR - MIN, ANCHOR).map((e) => e.tsNs)).not.toEqual(b.logs(ANCHOR - MIN, ANCHOR).map((e) => e.tsNs));
    expect(a.incidents()).toEqual(b.incidents());
    expect(a.feeds()).toEqual(b.feeds()); // feed ids are stable across seeds
  });

  it('defaults the seed', () => {
    expect(createScenario({ name: 'healthy', anchorMs: ANCHOR }).seed).toBe(42);
  });
});

describe('scenarios', () => {
  it('incident lists five incidents placed relative to the anchor', () => {
    const inc = scenario('incident').incidents();
    expect(inc.map((i) => i.id)).toEqual(['pg-outage', 'sec-rate-limit', 'token-invalid', 'worker-down', 'ollama-down']);
    for (const i of inc) expect(i.startMs).toBeLessThan(ANCHOR);
    expect(inc.filter((i) => i.endMs !== null).map((i) => i.id)).toEqual(['pg-outage']);
  });

  it('healthy: everything up, feeds succeed, queues drained, no errors', () => {
    const s = scenario('healthy');
    expect(s.incidents()).toEqual([]);
    for (const svc of s.services()) {
      expect(s.checks(svc.id, ANCHOR - 3 * HOUR, ANCHOR).every((c) => c.status === 'up')).toBe(true);
    }
    for (const f of s.feeds()) {
      expect(s.feedRuns(f.id, ANCHOR - 6 * HOUR, ANCHOR).every((r) => r.status !== 'failed')).toBe(true);
    }
    for (const q of s.queues(ANCHOR)) expect(q.depth).toBeLessThan(50);
    expect(s.workers(ANCHOR).every((w) => w.online)).toBe(true);
    expect(s.logs(ANCHOR - HOUR, ANCHOR, { filter: (e) => e.level === 'ERROR' || e.level === 'CRITICAL' })).toEqual([]);
    expect(s.logs(ANCHOR - HOUR, ANCHOR, { limit: 10 })).toHaveLength(10);
  });

  it('empty: nothing at all', () => {
    const s = scenario('empty');
    expect(s.services()).toEqual([]);
    expect(s.feeds()).toEqual([]);
    expect(s.queues(ANCHOR)).toEqual([]);
    expect(s.workers(ANCHOR)).toEqual([]);
    expect(s.incidents()).toEqual([]);
    expect(s.logs(ANCHOR - HOUR, ANCHOR)).toEqual([]);
    expect(s.checks('spine-dev-api', ANCHOR - HOUR, ANCHOR)).toEqual([]);
    expect(s.queueDepth('default', ANCHOR - HOUR, ANCHOR, MIN)).toEqual([]);
    expect(() => s.checkAt('spine-dev-api', ANCHOR)).toThrow();
  });

  it('services use the real container names', () => {
    const ids = scenario().services().map((s) => s.id);
    for (const id of ['spine-dev-api', 'spine-dev-frontend', 'spine-dev-celery-worker', 'genai-spine-api', 'spine-entityspine-api', 'spine-ollama', 'spine-elasticsearch', 'spine-kibana', 'spine-loki', 'spine-grafana', 'postgres', 'redis']) {
      expect(ids).toContain(id);
    }
    expect(scenario().services().filter((s) => s.critical).map((s) => s.id)).toEqual(['spine-dev-api', 'spine-dev-frontend']);
  });
});
