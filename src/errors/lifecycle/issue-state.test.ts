import { describe, expect, it } from 'vitest';
import { issueState } from './issue-state';
import type { IssueStats } from './escalation';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TO = Date.UTC(2026, 1, 17, 12, 0, 0);
const FROM = TO - DAY;
const ns = (ms: number) => `${ms}000000`;

/** 24 hourly buckets over the last day. */
function stats(sparkline: number[], firstMs = FROM, lastMs = TO - 1): IssueStats {
  return { count: sparkline.reduce((a, b) => a + b, 0), firstSeenNs: ns(firstMs), lastSeenNs: ns(lastMs), sparkline, sparklineFromMs: FROM, bucketMs: HOUR };
}
const flat = stats(new Array<number>(24).fill(2));

describe('issueState', () => {
  it('new within 7 days of first seen, ongoing after', () => {
    expect(issueState(flat, undefined, TO).status).toBe('new');
    expect(issueState(flat, undefined, FROM + 8 * DAY).status).toBe('ongoing');
  });

  it('a remembered first-seen older than the range makes it ongoing', () => {
    expect(issueState(flat, { firstSeenNs: ns(TO - 30 * DAY), updatedAtMs: TO }, TO).status).toBe('ongoing');
  });

  it('resolved → regressed when an event is newer than resolvedAt', () => {
    const resolvedAtMs = TO - 2 * HOUR;
    const quiet = stats(new Array<number>(24).fill(2), FROM, TO - 3 * HOUR);
    expect(issueState(quiet, { resolvedAtMs, updatedAtMs: resolvedAtMs }, TO).status).toBe('resolved');
    expect(issueState(flat, { resolvedAtMs, updatedAtMs: resolvedAtMs }, TO).status).toBe('regressed');
  });

  it('ignore until N more events expires once N events arrived after the ignore', () => {
    const atMs = TO - 3 * HOUR; // the last 3 buckets hold 2 events each = 6 events since
    expect(issueState(flat, { ignored: { atMs, rule: { kind: 'until-count', count: 10 } }, updatedAtMs: atMs }, TO)).toMatchObject({ status: 'ignored', reason: 'Ignored until 10 more events (6 so far)' });
    const r = issueState(flat, { ignored: { atMs, rule: { kind: 'until-count', count: 5 } }, updatedAtMs: atMs }, TO);
    expect(r.status).toBe('new');
    expect(r.ignoreExpired).toBe(true);
  });

  it('ignore for a duration expires back to active; forever does not', () => {
    const stored = { ignored: { atMs: TO, rule: { kind: 'for-duration' as const, untilMs: TO + HOUR } }, updatedAtMs: TO };
    expect(issueState(flat, stored, TO + 30 * 60_000).status).toBe('ignored');
    expect(issueState(flat, stored, TO + 2 * HOUR).status).toBe('new');
    expect(issueState(flat, { ignored: { atMs: TO, rule: { kind: 'forever' } }, updatedAtMs: TO }, TO + 400 * DAY).status).toBe('ignored');
  });

  it('escalating on a burst against its own baseline', () => {
    const burst = stats([...new Array<number>(23).fill(1), 40]);
    const r = issueState(burst, undefined, TO);
    expect(r.status).toBe('escalating');
    expect(r.escalation).toMatchObject({ recentCount: 40, windowMs: HOUR });
    expect(issueState(stats([...new Array<number>(23).fill(1), 4]), undefined, TO).status).toBe('new'); // < 10 events
    expect(issueState(stats([...new Array<number>(23).fill(10), 40]), undefined, TO).status).toBe('new'); // < 5× baseline
    // A brand-new issue whose first event is inside the window is new, not escalating.
    expect(issueState(stats([...new Array<number>(23).fill(0), 40], TO - 30 * 60_000), undefined, TO).status).toBe('new');
    // A longer provided history raises the baseline.
    expect(issueState(burst, undefined, TO, { history: { count: 7 * 24 * 20, spanMs: 7 * DAY } }).status).toBe('new');
  });

  it("an indexed issue escalates against its own week before the range, even on a short range", () => {
    // The last hour only, as the index spreads it: 12 buckets of 5 minutes, 36 events.
    const lastHour = (n: number, baseline?: { count: number; spanMs: number }): IssueStats => ({
      count: n, firstSeenNs: ns(TO - 30 * DAY), lastSeenNs: ns(TO - 1), sparkline: new Array<number>(12).fill(n / 12), sparklineFromMs: TO - HOUR, bucketMs: HOUR / 12, ...(baseline ? { baseline } : {}),
    });
    // A quiet week (7 events in 7 days): 36 in the last hour is a spike.
    expect(issueState(lastHour(36, { count: 7, spanMs: 7 * DAY }), undefined, TO).status).toBe('escalating');
    // A week at 30 an hour: 36 is its usual rate.
    expect(issueState(lastHour(36, { count: 30 * 7 * 24, spanMs: 7 * DAY }), undefined, TO).status).toBe('ongoing');
    // Without it, a flat hour has nothing to compare against inside the range.
    expect(issueState(lastHour(36), undefined, TO).status).toBe('ongoing');
  });

  it('ignored until escalating wakes up on a burst; regressed wins over escalating', () => {
    const burst = stats([...new Array<number>(23).fill(1), 40]);
    const ig = { ignored: { atMs: FROM, rule: { kind: 'until-escalating' as const } }, updatedAtMs: FROM };
    expect(issueState(flat, ig, TO).status).toBe('ignored');
    expect(issueState(burst, ig, TO).status).toBe('escalating');
    expect(issueState(burst, { resolvedAtMs: TO - 2 * HOUR, updatedAtMs: TO }, TO).status).toBe('regressed');
  });
});
