import { describe, expect, it } from 'vitest';
import { INCIDENT_OFFSETS as T } from './index';
import { ANCHOR, HOUR, MIN, scenario } from './testing';

const s = scenario('incident');
const depthOf = (name: string, t: number) => s.queues(t).find((q) => q.name === name)!;

describe('queues and workers', () => {
  it('has the lanes from the notes', () => {
    expect(s.queues(ANCHOR).map((q) => q.name)).toEqual(['realtime', 'high', 'default', 'low', 'slow', 'celery']);
  });

  it('queueDepth ends at the depth queues(t) reports, for every queue', () => {
    for (const t of [ANCHOR, ANCHOR - 12_345, ANCHOR + 3 * HOUR + 1]) {
      for (const q of s.queues(t)) {
        const series = s.queueDepth(q.name, t - HOUR, t, MIN);
        expect(series).toHaveLength(61);
        expect(series.at(-1)).toEqual({ at: t, depth: q.depth });
        expect(series[0]!.at).toBe(t - HOUR);
      }
    }
  });

  it('default backs up while worker-2 is offline', () => {
    const start = ANCHOR + T.worker2Down;
    const before = depthOf('default', start - MIN);
    const d10 = depthOf('default', start + 10 * MIN);
    const now = depthOf('default', ANCHOR);
    const later = depthOf('default', ANCHOR + 2 * HOUR);
    expect(before.depth).toBeLessThan(40);
    expect(d10.depth).toBeGreaterThan(before.depth);
    expect(now.depth).toBeGreaterThan(d10.depth + 200);
    expect(later.depth).toBeGreaterThan(now.depth);
    expect(now.oldestTaskAgeSeconds!).toBeGreaterThan(d10.oldestTaskAgeSeconds!);
    expect(now.workers).toEqual(['celery@spine-dev-celery-worker-1']);
    const series = s.queueDepth('default', start, ANCHOR, 5 * MIN).map((p) => p.depth);
    expect(series.at(-1)!).toBeGreaterThan(series[1]!);
  });

  it('worker-2 is offline with a frozen heartbeat; others beat', () => {
    const w = (t: number) => Object.fromEntries(s.workers(t).map((x) => [x.name, x]));
    const now = w(ANCHOR);
    expect(now['celery@spine-dev-celery-worker-2']).toMatchObject({ online: false, active: 0 });
    expect(now['celery@spine-dev-celery-worker-2']!.lastHeartbeatAt!).toBeLessThanOrEqual(ANCHOR + T.worker2Down);
    expect(now['celery@spine-dev-celery-worker-1']!.online).toBe(true);
    expect(ANCHOR - now['celery@spine-dev-celery-worker-1']!.lastHeartbeatAt!).toBeLessThan(5_000);
    expect(w(ANCHOR - HOUR)['celery@spine-dev-celery-worker-2']!.online).toBe(true);
  });

  it('worker active counts add up to queue active counts', () => {
    for (const t of [ANCHOR, ANCHOR - 2 * HOUR]) {
      const qa = s.queues(t).reduce((n, q) => n + q.active, 0);
      const wa = s.workers(t).reduce((n, x) => n + x.active, 0);
      expect(wa).toBe(qa);
    }
  });

  it('healthy: default stays drained', () => {
    const h = scenario('healthy');
    const series = h.queueDepth('default', ANCHOR - 6 * HOUR, ANCHOR + 6 * HOUR, 5 * MIN);
    expect(Math.max(...series.map((p) => p.depth))).toBeLessThan(40);
  });
});
