import { describe, expect, it } from 'vitest';
import { INCIDENT_OFFSETS as T } from './index';
import type { SimFeed } from './index';
import { ANCHOR, HOUR, MIN, scenario } from './testing';

const s = scenario('incident');
const byName = (n: string): SimFeed => s.feeds().find((f) => f.name === n)!;

describe('feeds', () => {
  it('has the catalogue from the notes', () => {
    const rss = byName('sec-rss');
    expect(rss).toMatchObject({ type: 'rss', cron: '*/5 * * * *', intervalSeconds: null, enabled: true });
    expect(byName('sec-full-index').cron).toBe('0 6 * * *');
    expect(byName('hacker-news').intervalSeconds).toBe(600);
    expect(byName('sec-8k').enabled).toBe(false);
  });

  it('runs are oldest first, started in the window, and lastRun agrees with feedRuns', () => {
    for (const f of s.feeds()) {
      for (const t of [ANCHOR, ANCHOR - 37 * MIN + 4321, ANCHOR + 9 * HOUR + 17]) {
        const runs = s.feedRuns(f.id, t - 3 * 86_400_000, t);
        expect(runs.map((r) => r.startedAt)).toEqual([...runs.map((r) => r.startedAt)].sort((a, b) => a - b));
        expect(runs.every((r) => r.startedAt >= t - 3 * 86_400_000 && r.startedAt <= t)).toBe(true);
        const last = runs[runs.length - 1] ?? null;
        if (f.name !== 'monthly-xbrl') expect(s.lastRun(f.id, t)).toEqual(last);
      }
    }
    expect(s.feedRuns(byName('sec-8k').id, ANCHOR - HOUR, ANCHOR)).toEqual([]);
    expect(s.lastRun(byName('sec-8k').id, ANCHOR)).toBeNull();
  });

  it('a run in progress at the query time is running, and completes later', () => {
    const f = byName('sec-full-index');
    const run = s.feedRuns(f.id, ANCHOR - 2 * 86_400_000, ANCHOR).at(-1)!;
    const mid = run.startedAt + 60_000;
    expect(s.lastRun(f.id, mid)).toMatchObject({ id: run.id, status: 'running', completedAt: null });
    expect(s.lastRun(f.id, run.completedAt!)).toEqual(run);
    expect(run.itemsProcessed).toBe(run.itemsNew + run.itemsDuplicate + run.itemsFailed);
  });

  it('sec-rss is late during the rate-limit ramp, then fails with 429s', () => {
    const rss = byName('sec-rss');
    const late = s.feedRuns(rss.id, ANCHOR + T.secLateStart, ANCHOR + T.secFailStart);
    expect(late.length).toBeLessThanOrEqual(2); // backing off: most slots skipped
    const before = s.feedRuns(rss.id, ANCHOR - 2 * HOUR, ANCHOR + T.secLateStart);
    const gapAt = ANCHOR + T.secLateStart + 10 * MIN;
    expect(gapAt - s.lastRun(rss.id, gapAt)!.startedAt).toBeGreaterThan(5 * MIN);
    expect(before.length).toBeGreaterThan(5);

    const failing = s.feedRuns(rss.id, ANCHOR + T.secFailStart, ANCHOR - 2 * MIN);
    expect(failing.length).toBeGreaterThanOrEqual(8);
    for (const r of failing) {
      expect(r).toMatchObject({ status: 'failed', errorType: 'HTTPStatusError' });
      expect(r.errors[0]).toContain('429 Too Many Requests');
    }
    expect(s.lastRun(rss.id, ANCHOR + 6 * HOUR)!.status).not.toBe('success');
  });

  it('healthy sec-rss runs every 5 minutes', () => {
    const h = scenario('healthy');
    const runs = h.feedRuns(byName('sec-rss').id, ANCHOR - HOUR, ANCHOR);
    expect(runs.length).toBeGreaterThanOrEqual(11);
    expect(runs.every((r) => r.status === 'success' || r.status === 'running')).toBe(true);
  });

  it('runs starting during the Postgres outage fail with ConnectionRefusedError', () => {
    const runs = s.feeds().flatMap((f) => s.feedRuns(f.id, ANCHOR + T.pgStart + MIN, ANCHOR + T.pgEnd - MIN));
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.errorType === 'ConnectionRefusedError')).toBe(true);
  });
});
