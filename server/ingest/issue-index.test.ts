// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueIdOfFingerprint, reassemble } from '@/errors/pipeline';
import type { LogEvent } from '@/errors/pipeline';
import { lokiEntries, ns, OLD_TOKEN_STACK_TEXT, tokenCaseEntries, TOKEN_LINE, TOKEN_TRACEBACK } from '@/errors/pipeline/test-lines';
import { indexedIssuesResponseSchema } from '@/service/api-schemas';
import { connectStore } from '../store/connect';
import type { StoreConnection } from '../store/connect';
import { migrate } from '../store/migrate';
import { indexIssueSamples, indexIssues } from '../store/schema';
import { HOUR_MS, createIssueIndex } from './issue-index';
import type { IssueIndex } from './issue-index';
import { mergeTopK, remapSlotValues, spreadHours } from './issue-index-stats';

const T0 = Date.UTC(2026, 11, 1, 0, 0, 0);
const SRC = 'loki';

/** A pipe-format error line (capture-spine's layout) at `ms`, one event. */
function line(message: string, ms: number, level = 'ERROR'): LogEvent[] {
  return reassemble(lokiEntries([`2026-12-01 00:00:00,000 | ${level.padEnd(8)} | capture_spine.api.auth | ${message}`], ms));
}

function traceback(ms: number): LogEvent[] {
  return reassemble(lokiEntries(TOKEN_TRACEBACK, ms));
}

/** A seeded generator, so reservoir sampling is the same every run. */
function lcg(seed = 1): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

describe('the issue index on PGlite', () => {
  let conn: StoreConnection;
  let index: IssueIndex;
  const record = (events: LogEvent[], now = T0 + 24 * HOUR_MS, i = index) => conn.db.transaction((tx) => i.record(tx, SRC, events, now));
  const listDay = (i = index) => i.list(SRC, { from: T0, to: T0 + 24 * HOUR_MS, buckets: 24 });

  beforeEach(async () => {
    conn = await connectStore({ dataDir: 'memory://' });
    await migrate(conn.raw);
    index = createIssueIndex(conn.db, { random: lcg() });
  }, 60_000);
  afterEach(() => conn.close());

  it('counts every line once, and first seen is the oldest line across batches', async () => {
    await record([...line(TOKEN_LINE, T0 + 2 * HOUR_MS), ...line(TOKEN_LINE, T0 + 2 * HOUR_MS + 1000), ...line(TOKEN_LINE, T0 + 3 * HOUR_MS)]);
    // A later batch brings an older line (a backfill) and a newer one.
    await record([...line(TOKEN_LINE, T0 + 5 * HOUR_MS), ...line(TOKEN_LINE, T0 + 30_000, 'WARNING')]);
    const { issues, knownSinceNs } = await listDay();
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue).toMatchObject({ count: 5, totalCount: 5, firstSeenEverNs: ns(T0 + 30_000), firstSeenNs: ns(T0 + 30_000), lastSeenNs: ns(T0 + 5 * HOUR_MS), level: 'error', fingerprintKind: 'message' });
    expect(issue?.levels).toEqual([{ name: 'error', count: 4 }, { name: 'warning', count: 1 }]);
    expect(issue?.services).toEqual([{ name: 'spine-dev-api', count: 5 }]);
    expect(knownSinceNs).toBe(ns(T0 + 30_000));
    expect(await index.knownSince(SRC)).toBe(ns(T0 + 30_000));
    // The first sample is the oldest line, whatever order the lines came in; newest first.
    expect(issue?.samples[0]?.timeNs).toBe(ns(T0 + 5 * HOUR_MS));
    expect(issue?.samples[issue.samples.length - 1]?.timeNs).toBe(ns(T0 + 30_000));
    // The range counts only its hours; first seen stays first seen ever.
    const later = await index.list(SRC, { from: T0 + 2 * HOUR_MS, to: T0 + 4 * HOUR_MS, buckets: 2 });
    expect(later.issues[0]).toMatchObject({ count: 3, totalCount: 5, sparkline: [2, 1], firstSeenNs: ns(T0 + 30_000) });
    expect((await index.list(SRC, { from: T0 + 10 * HOUR_MS, to: T0 + 12 * HOUR_MS })).issues).toEqual([]);
  });

  it('keeps one exception one issue, with and without its traceback, across batches', async () => {
    // The real-Loki case: 120 TokenInvalidErrors, 66 logged alone and 54 with their traceback.
    const events = reassemble(tokenCaseEntries(T0)).sort((a, b) => (a.timeNs < b.timeNs ? -1 : 1));
    for (let i = 0; i < events.length; i += 25) await record(events.slice(i, i + 25));
    const list = await listDay();
    const { issues } = list;
    expect(issues.map((i) => [i.exceptionType, i.count, i.framelessCount, i.stacks.length])).toEqual([['TokenInvalidError', 120, 66, 1]]);
    // What the API will answer parses with the schema the page's client uses, unchanged.
    expect(indexedIssuesResponseSchema.parse(list)).toEqual(list);
    expect(issues[0]?.aliases).toContain(issueIdOfFingerprint(OLD_TOKEN_STACK_TEXT));
    expect(issues[0]?.frames.length).toBeGreaterThan(0);
  });

  it('gives the range exact hourly counts and a sparkline built from them', async () => {
    const perHour = [3, 0, 7, 1, 0, 4];
    const events = perHour.flatMap((n, h) => Array.from({ length: n }, (_, k) => line(`Connection to 10.0.0.${k}:5432 refused after ${k} retries`, T0 + h * HOUR_MS + k * 60_000)).flat());
    await record(events.slice(0, 6));
    await record(events.slice(6));
    const six = await index.list(SRC, { from: T0, to: T0 + 6 * HOUR_MS, buckets: 6 });
    expect(six.issues.map((i) => [i.title, i.count, i.sparkline])).toEqual([['Connection to <*>:<*> refused after <*> retries', 15, perHour]]);
    // Half-hour buckets share each hour's count; the total stays exact.
    const twelve = await index.list(SRC, { from: T0, to: T0 + 6 * HOUR_MS, buckets: 12 });
    expect(twelve.issues[0]?.sparkline).toEqual([2, 1, 0, 0, 4, 3, 1, 0, 0, 0, 2, 2]);
    // A range inside the hours: the hours it overlaps, whole.
    const mid = await index.list(SRC, { from: T0 + 2.5 * HOUR_MS, to: T0 + 4 * HOUR_MS, buckets: 3 });
    expect(mid.issues[0]).toMatchObject({ count: 8, bucketMs: HOUR_MS / 2, sparklineFromMs: T0 + 2.5 * HOUR_MS });
    expect(mid.issues[0]?.sparkline.reduce((a, b) => a + b, 0)).toBe(8);
    expect(six.issues[0]?.slotValues[2]?.values.find((v) => v.value === '0')).toEqual({ value: '0', count: 4 });
  });

  it('maps the same kind of line to the same issue after a restart', async () => {
    await record(traceback(T0));
    await record(['alice', 'bob', 'carol', 'dave', 'erin'].flatMap((u, i) => line(`User ${u} logged out`, T0 + i * 1000)));
    const before = await listDay();
    expect(before.issues.map((i) => [i.title, i.count])).toEqual([['User <*> logged out', 5], [expect.stringMatching(/^TokenInvalidError: /), 1]]);

    // A new index on the same database: its miner starts empty and is seeded from the stored issues.
    const restarted = createIssueIndex(conn.db, { random: lcg(2) });
    const result = await record([...traceback(T0 + HOUR_MS), ...line('User zed logged out', T0 + HOUR_MS)], T0 + 24 * HOUR_MS, restarted);
    expect(result).toMatchObject({ indexed: 2, issues: 2, newIssues: 0, merges: [] });
    const after = await listDay(restarted);
    expect(after.issues.map((i) => [i.id, i.count])).toEqual([[before.issues[0]?.id, 6], [before.issues[1]?.id, 2]]);
  });

  it('merges issues the miner generalizes into one, and records the merge', async () => {
    const users = ['alice', 'bob', 'carol', 'dave'];
    await record(users.flatMap((u, i) => [...line(`User ${u} logged out`, T0 + i * HOUR_MS), ...line(`User ${u} logged out`, T0 + i * HOUR_MS + 1)]));
    const before = await listDay();
    expect(before.issues).toHaveLength(4);
    // A fifth user name turns the position into a variable: the four stored issues are one.
    const result = await record(line('User erin logged out', T0 + 10 * HOUR_MS), T0 + 11 * HOUR_MS);
    expect(result.merges).toHaveLength(4);
    const list = await listDay();
    expect(indexedIssuesResponseSchema.parse(list)).toEqual(list);
    const { issues } = list;
    expect(issues).toHaveLength(1);
    const [merged] = issues;
    expect(merged).toMatchObject({ title: 'User <*> logged out', count: 9, totalCount: 9, firstSeenEverNs: ns(T0) });
    expect(merged?.merged.map((m) => [m.fromId, m.count, m.at]).sort()).toEqual(before.issues.map((i) => [i.id, 2, T0 + 11 * HOUR_MS]).sort());
    expect(merged?.merged.map((m) => m.title).sort()).toEqual(users.map((u) => `User ${u} logged out`));
    expect(merged?.aliases.sort()).toEqual(before.issues.map((i) => i.id).sort());
    expect(merged?.sparkline.slice(0, 5)).toEqual([2, 2, 2, 2, 0]);
    expect(merged?.slotValues).toEqual([{ index: 0, values: [{ value: 'alice', count: 2 }, { value: 'bob', count: 2 }, { value: 'carol', count: 2 }, { value: 'dave', count: 2 }, { value: 'erin', count: 1 }] }]);
    expect(merged?.samples.map((s) => s.timeNs)[merged.samples.length - 1]).toBe(ns(T0));
    expect(merged?.samples.length).toBeLessThanOrEqual(16);
    // The merged ids are gone from the table; a restart finds the merged issue, not the old ones.
    const rows = await conn.db.select({ id: indexIssues.issueId }).from(indexIssues);
    expect(rows.map((r) => r.id)).toEqual([merged?.id]);
    const restarted = createIssueIndex(conn.db);
    await record(line('User frank logged out', T0 + 12 * HOUR_MS), T0 + 13 * HOUR_MS, restarted);
    expect((await listDay(restarted)).issues.map((i) => [i.id, i.count])).toEqual([[merged?.id, 10]]);
  });

  it('reloads its miner after a batch whose transaction rolled back', async () => {
    await record(['alice', 'bob', 'carol', 'dave'].flatMap((u, i) => line(`User ${u} logged out`, T0 + i * 1000)));
    // The cursor's write fails after the index's: nothing of the batch is stored, but the miner saw it.
    const failed = conn.db.transaction(async (tx) => {
      await index.record(tx, SRC, line('User erin logged out', T0 + HOUR_MS), T0 + 2 * HOUR_MS);
      throw new Error('cursor moved');
    });
    await expect(failed).rejects.toThrow('cursor moved');
    expect((await listDay()).issues).toHaveLength(4);
    const again = await record(line('User erin logged out', T0 + HOUR_MS));
    expect(again.merges).toHaveLength(4);
    expect((await listDay()).issues.map((i) => [i.title, i.count])).toEqual([['User <*> logged out', 5]]);
  });

  it('stays bounded: 10,000 distinct messages of one template keep 16 samples and capped slot values', async () => {
    const events = Array.from({ length: 10_000 }, (_, i) =>
      line(`Job ${i * 7919} failed for tenant t${i % 30}x${i}: disk quota exceeded on /data/${i}`, T0 + i * 1000)).flat();
    for (let i = 0; i < events.length; i += 2_500) await record(events.slice(i, i + 2_500));
    const { issues } = await index.list(SRC, { from: T0, to: T0 + 3 * HOUR_MS });
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue).toMatchObject({ count: 10_000, template: 'Job <*> failed for tenant <*>: disk quota exceeded on <*>' });
    expect(issue?.slotValues.map((s) => s.values.length)).toEqual([10, 10, 10]);
    const stored = await conn.db.select().from(indexIssues);
    expect(stored[0]?.slotValues.map((s) => s.values.length)).toEqual([16, 16, 16]);
    const samples = await conn.db.select({ role: indexIssueSamples.role }).from(indexIssueSamples);
    expect(samples.length).toBe(16);
    expect(issue?.samples.length).toBeLessThanOrEqual(16);
    expect(issue?.samples[0]?.timeNs).toBe(ns(T0 + 9_999_000));
    // The reservoir spans the whole history, not only the first or last batch.
    const reservoir = await conn.db.select({ role: indexIssueSamples.role, t: indexIssueSamples.timeNs }).from(indexIssueSamples);
    const times = reservoir.filter((r) => r.role === 'reservoir').map((r) => Number(r.t / 1_000_000n) - T0);
    expect(times).toHaveLength(10);
    expect(times.some((t) => t < 5_000_000)).toBe(true);
    expect(times.some((t) => t >= 5_000_000)).toBe(true);
  }, 60_000);

  it('prunes hourly counts past the retention and forgets issues silent for that long', async () => {
    const DAY = 24 * HOUR_MS;
    const cutoff = T0 + 30 * DAY;
    // Old: four users merged into one issue (with its merge history), then silent.
    await record(['alice', 'bob', 'carol', 'dave'].flatMap((u, i) => line(`User ${u} logged out`, T0 + i * 1000)));
    await record(line('User erin logged out', T0 + 10_000), T0 + DAY);
    // Seen long ago and again recently; and one line each side of the cutoff's hour.
    await record([...traceback(T0), ...traceback(T0 + 100 * DAY)], T0 + 100 * DAY);
    await record([...line('Disk full on /data', cutoff - 1), ...line('Queue stalled on the worker', cutoff + 1)], T0 + 100 * DAY);
    const whole = { from: T0, to: T0 + 121 * DAY };
    const before = await index.list(SRC, whole);
    const users = before.issues.find((i) => i.title === 'User <*> logged out');
    expect(users?.merged.length).toBeGreaterThan(0);

    const pruned = await index.prune(T0 + 120 * DAY, 90 * DAY);
    // Hours of T0 (the users, the old traceback) and the hour ending at the cutoff go; two issues with them.
    expect(pruned).toMatchObject({ hours: 3, issues: 2, merges: users?.merged.length });
    expect(pruned.samples).toBeGreaterThan(0);
    const after = await index.list(SRC, whole);
    expect(after.issues.map((i) => [i.title.split(':')[0], i.count, i.totalCount]).sort()).toEqual([['Queue stalled on the worker', 1, 1], ['TokenInvalidError', 1, 2]]);
    // Still seen: its total and first seen ever are kept, though the old hour's count is gone.
    expect(after.issues.find((i) => i.exceptionType === 'TokenInvalidError')?.firstSeenEverNs).toBe(ns(T0));
    expect((await index.list(SRC, { from: T0, to: T0 + DAY })).issues).toEqual([]);
    const rows = await conn.db.select({ id: indexIssueSamples.issueId }).from(indexIssueSamples);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(after.issues.map((i) => i.id)));
    expect(await index.prune(T0 + 120 * DAY, 90 * DAY)).toEqual({ hours: 0, issues: 0, samples: 0, merges: 0 });

    // A forgotten issue that comes back is new again, and its miner no longer knows the old names.
    const back = await record(line('User alice logged out', T0 + 120 * DAY), T0 + 120 * DAY);
    expect(back).toMatchObject({ indexed: 1, newIssues: 1, merges: [] });
    const returned = (await index.list(SRC, whole)).issues.find((i) => i.title.startsWith('User '));
    expect(returned).toMatchObject({ title: 'User alice logged out', totalCount: 1, firstSeenEverNs: ns(T0 + 120 * DAY), merged: [] });
  });

  it("gives each issue its own baseline: its count over the week of whole hours before the range, since the index knew the source", async () => {
    // Known from T0 (the first line); 2 lines a day for 3 days, then a burst of 30 in one hour.
    const quiet = [0, 1, 2].flatMap((d) => [...line(TOKEN_LINE, T0 + d * 24 * HOUR_MS + 1000), ...line(TOKEN_LINE, T0 + d * 24 * HOUR_MS + 2000)]);
    const burstAt = T0 + 3 * 24 * HOUR_MS + 10 * HOUR_MS;
    const burst = Array.from({ length: 30 }, (_, k) => line(TOKEN_LINE, burstAt + k * 60_000)).flat();
    await record([...quiet, ...burst], burstAt + HOUR_MS);
    const hour = await index.list(SRC, { from: burstAt, to: burstAt + HOUR_MS, buckets: 12 });
    expect(hour.issues).toHaveLength(1);
    // The week before the range reaches back only to the first whole hour the index has known (known
    // since T0 + 1 s, so T0's own hour is left out): 81 hours, holding 4 of the quiet lines.
    expect(hour.issues[0]).toMatchObject({ count: 30, baseline: { count: 4, spanMs: 81 * HOUR_MS } });
    // A range starting where the index began has no baseline.
    expect((await index.list(SRC, { from: T0, to: T0 + HOUR_MS })).issues[0]?.baseline).toBeUndefined();
  });
});

describe('the index statistics', () => {
  it('spreads hours over buckets, keeping the total', () => {
    expect(spreadHours(new Map([[0, 5]]), 0, HOUR_MS, 4, HOUR_MS)).toEqual([2, 1, 1, 1]);
    expect(spreadHours(new Map([[0, 3], [HOUR_MS, 4]]), 0, 2 * HOUR_MS, 1, HOUR_MS)).toEqual([7]);
  });

  it('keeps a capped top-k whose new names can still climb', () => {
    const top = mergeTopK([{ name: 'a', count: 5 }, { name: 'b', count: 1 }], [['c', 3]], 2);
    expect(top).toEqual([{ name: 'a', count: 5 }, { name: 'c', count: 4 }]);
  });

  it('carries slot values into a more general template', () => {
    const slots = [{ index: 0, values: [{ value: '7', count: 3 }] }];
    expect(remapSlotValues('User alice logged out after <*> s', 'User <*> logged out after <*> s', slots, 3)).toEqual([
      { index: 0, values: [{ value: 'alice', count: 3 }] },
      { index: 1, values: [{ value: '7', count: 3 }] },
    ]);
    expect(remapSlotValues('Other text', 'User <*> logged out', slots, 3)).toEqual([]);
  });
});
