// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupIssues, reassemble } from '@/errors/pipeline';
import type { LogEntry, LogVolumeBucket } from '@/lib/model';
import { compareNs, msToNs } from '@/lib/nanotime';
import type { ResolvedSource } from '@/sources/registry';
import type { AnySourceAdapter, QueryContext } from '@/sources/source-adapter';
import { readServiceConfig } from '../service-config';
import { connectStore } from '../store/connect';
import type { StoreConnection } from '../store/connect';
import { createIngestCursorsStore } from '../store/ingest-cursors';
import { migrate } from '../store/migrate';
import { createIngester } from './ingester';
import type { IngesterOptions } from './ingester';
import { createIssueIndex } from './issue-index';
import { createFakeLogSource, line } from './testing/fake-log-source';

const HOUR = 3_600_000;
/** Hour-aligned: spans sit on the epoch's hour grid. */
const T0 = Date.parse('2026-11-28T00:00:00.000Z');
const NOW = T0 + 10 * HOUR;
const ns = (ms: number, plus = 0) => (BigInt(ms) * 1_000_000n + BigInt(plus)).toString();

/**
 * A story from T0 to NOW − 2 min: an error every 10 minutes, none in [T0 + 2 h, T0 + 5 h), and a
 * traceback whose lines straddle the boundary T0 + 7 h (one event, four lines).
 */
function story(): LogEntry[] {
  const out: LogEntry[] = [];
  for (let t = T0; t < NOW - 2 * 60_000; t += 10 * 60_000) {
    if (t >= T0 + 2 * HOUR && t < T0 + 5 * HOUR) continue;
    out.push(line(`e${t}`, ns(t, 17), `ERROR: payment ${(t / 60_000) % 7} failed`));
  }
  const b = T0 + 7 * HOUR;
  out.push(line('tb1', ns(b - 2), 'ERROR: request crashed'), line('tb2', ns(b - 1), 'Traceback (most recent call last):'));
  out.push(line('tb3', ns(b), '  File "app.py", line 3, in run'), line('tb4', ns(b, 1), 'ValueError: bad input'));
  return out;
}

/** The fake source with a `logVolume` counted from its lines (or without one), recording every logs range. */
function sourceOf(id: string, lines: LogEntry[], withVolume: boolean) {
  const fake = createFakeLogSource(id);
  fake.add(...lines);
  const ranges: { from: number; to: number }[] = [];
  const adapter = fake.source.adapter as AnySourceAdapter;
  const logs = adapter.capabilities.logs as (c: unknown, p: never, ctx: QueryContext) => Promise<unknown>;
  const logVolume = async (_c: unknown, p: { stepMs: number }, ctx: QueryContext): Promise<LogVolumeBucket[]> => {
    const buckets = new Map<number, number>();
    for (const e of lines) {
      const ms = Number(BigInt(e.timeNs) / 1_000_000n);
      if (ms < ctx.range.from || ms >= ctx.range.to) continue;
      const at = Math.floor(ms / p.stepMs) * p.stepMs;
      buckets.set(at, (buckets.get(at) ?? 0) + 1);
    }
    return [...buckets].map(([at, n]) => ({ at, counts: { error: n } }));
  };
  const capabilities = {
    logs: (c: unknown, p: never, ctx: QueryContext) => {
      ranges.push(ctx.range);
      return logs(c, p, ctx);
    },
    ...(withVolume ? { logVolume } : {}),
  };
  const source: ResolvedSource = { ...fake.source, adapter: { ...adapter, capabilities } as AnySourceAdapter };
  return { source, ranges };
}

describe('backfill', () => {
  let conn: StoreConnection;
  beforeAll(async () => {
    conn = await connectStore({ dataDir: 'memory://' });
    await migrate(conn.raw);
  }, 60_000);
  afterAll(() => conn.close());

  const make = (source: ResolvedSource, backfill: IngesterOptions['backfill'], now: () => number) => {
    const index = createIssueIndex(conn.db);
    const logs: string[] = [];
    const ingester = createIngester({ db: conn.db, sources: [source], index, cursors: createIngestCursorsStore(conn.db), now, intervalMs: 30_000, lead: async () => true, log: (l) => logs.push(l), pull: { pageSize: 5, maxPages: 2, lagMs: 5_000 }, ...(backfill ? { backfill } : {}) });
    return { index, ingester, logs };
  };

  async function untilDone(ingester: ReturnType<typeof make>['ingester'], max = 400): Promise<number> {
    for (let k = 1; k <= max; k += 1) {
      const r = await ingester.runRound();
      if (r?.backfill[0]?.done) return k;
      expect(r?.backfill[0]?.error ?? null).toBeNull();
    }
    throw new Error('backfill did not finish');
  }

  /** What the source holds from `fromMs` on, grouped in one go: the counts the index must have. */
  function direct(lines: LogEntry[], fromMs: number) {
    const inSpan = lines.filter((e) => compareNs(e.timeNs, msToNs(fromMs)) >= 0);
    return groupIssues(inSpan, { range: { from: fromMs, to: NOW } });
  }

  it('walks back to now − BACKFILL: every line once, a traceback across a span boundary one event, first seen and known since moved back', async () => {
    const lines = story();
    const { source } = sourceOf('walk', lines, true);
    const { index, ingester, logs } = make(source, { backMs: 9 * HOUR, pageSize: 5, maxPages: 2, readsPerRound: 2 }, () => NOW);
    const rounds = await untilDone(ingester);
    // A budget per round: nine hours of five-line pages take many rounds.
    expect(rounds).toBeGreaterThan(2);
    expect(logs).toEqual([]);
    const from = NOW - 9 * HOUR;
    const want = direct(lines, from);
    const listed = await index.list('walk', { from: T0 - HOUR, to: NOW + HOUR });
    const total = (l: { count: number }[]) => l.reduce((n, g) => n + g.count, 0);
    expect(total(listed.issues)).toBe(total(want));
    expect(listed.issues.map((i) => [i.title, i.count]).sort()).toEqual(want.map((g) => [g.title, g.count]).sort());
    // The traceback split by the boundary at T0 + 7 h is still one occurrence of one issue.
    expect(listed.issues.filter((i) => i.title.startsWith('ValueError')).map((i) => i.count)).toEqual([1]);
    expect(listed.knownSinceNs).toBe(msToNs(from));
    const oldest = lines.filter((e) => e.timeNs >= msToNs(from)).reduce((a, e) => (compareNs(e.timeNs, a) < 0 ? e.timeNs : a), msToNs(NOW));
    expect(listed.issues.some((i) => i.firstSeenEverNs === oldest)).toBe(true);
    const [status] = await ingester.status();
    expect(status?.backfill).toEqual({ from, to: NOW - HOUR, doneTo: from, done: true });
    expect(status?.linesIngested).toBe(lines.filter((e) => e.timeNs >= msToNs(from) && e.timeNs < msToNs(NOW - 5_000)).length);
    // Done stays done: a later round reads nothing older.
    const again = await ingester.runRound();
    expect(again?.backfill[0]).toMatchObject({ reads: 0, done: true });
  }, 120_000);

  it('skips the spans the log volume says are empty, and reads them without one', async () => {
    const lines = story();
    const inQuiet = (r: { from: number; to: number }) => r.from >= T0 + 3 * HOUR && r.to <= T0 + 5 * HOUR;
    const withVolume = sourceOf('volume', lines, true);
    await untilDone(make(withVolume.source, { backMs: 9 * HOUR, pageSize: 50, readsPerRound: 3 }, () => NOW).ingester);
    // [3 h, 4 h) and [4 h, 5 h) are skipped; [2 h, 3 h) is read (the hour before it had lines).
    expect(withVolume.ranges.filter(inQuiet)).toEqual([]);
    const without = sourceOf('no-volume', lines, false);
    await untilDone(make(without.source, { backMs: 9 * HOUR, pageSize: 50, readsPerRound: 3 }, () => NOW).ingester);
    // Both empty spans are read (and the window at the boundary between them).
    expect(without.ranges.filter(inQuiet).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('resumes after a restart mid-span without counting a line twice', async () => {
    const lines = story();
    const { source } = sourceOf('restart', lines, true);
    // Pages of 4 lines: a span takes several reads, so the restart lands inside one.
    const opts = { backMs: 9 * HOUR, pageSize: 4, maxPages: 1, readsPerRound: 1 };
    let run = make(source, opts, () => NOW);
    for (let k = 0; k < 8; k += 1) await run.ingester.runRound();
    const [mid] = await run.ingester.status();
    expect(mid?.backfill?.done).toBe(false);
    const [row] = await conn.raw.query<{ t: string | null }>(`SELECT backfill_time_ns AS t FROM spine_console.ingest_cursors WHERE source_id = 'restart'`);
    expect(row?.t).not.toBeNull();
    // A new process on the same database: a fresh index (its miner reseeded) and loop.
    run = make(source, opts, () => NOW);
    await untilDone(run.ingester, 800);
    const listed = await run.index.list('restart', { from: T0 - HOUR, to: NOW + HOUR });
    const want = direct(lines, NOW - 9 * HOUR);
    expect(listed.issues.map((i) => [i.title, i.count]).sort()).toEqual(want.map((g) => [g.title, g.count]).sort());
  }, 120_000);

  it('BACKFILL=0 reads nothing before live start', async () => {
    const lines = story();
    const { source, ranges } = sourceOf('off', lines, true);
    const { index, ingester } = make(source, { backMs: 0 }, () => NOW);
    for (let k = 0; k < 10; k += 1) await ingester.runRound();
    expect(ranges.every((r) => r.from >= NOW - HOUR)).toBe(true);
    const listed = await index.list('off', { from: T0, to: NOW + HOUR });
    expect(listed.knownSinceNs).toBe(msToNs(NOW - HOUR));
    const [status] = await ingester.status();
    expect(status?.backfill).toBeNull();
  }, 60_000);

  it('reassembles the straddling traceback the same way from either side', () => {
    // The oracle the boundary logic relies on: one reassembly of the whole story keeps it whole.
    const events = reassemble(story(), { order: 'oldest-first' });
    expect(events.find((e) => e.id === 'tb1')?.entryIds).toEqual(['tb1', 'tb2', 'tb3', 'tb4']);
  });
});

describe('BACKFILL', () => {
  it('reads durations, 0 as off, and names garbage', () => {
    expect(readServiceConfig({}).backfillMs).toBe(7 * 24 * HOUR);
    expect(readServiceConfig({ BACKFILL: '24h' }).backfillMs).toBe(24 * HOUR);
    expect(readServiceConfig({ BACKFILL: '0' }).backfillMs).toBe(0);
    for (const bad of ['7', 'a week', '-1d', '400d']) {
      const c = readServiceConfig({ BACKFILL: bad });
      expect(c.backfillMs).toBe(7 * 24 * HOUR);
      expect(c.problems.join(' ')).toContain(`BACKFILL="${bad}" is not a duration up to 365d; set it like BACKFILL=7d`);
    }
  });
});
