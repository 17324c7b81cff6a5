/**
 * Feed runs. Each schedule slot (cron firing or interval tick) yields at most one run whose
 * facts are a pure function of (scenario, feed, slot). A run's status is viewed "as of" a
 * query time: before its completion it is `running`.
 */
import type { FeedDef } from './catalog';
import type { CronSpec } from './cron';
import { cronBetween, cronPrev, parseCron } from './cron';
import { Rng, hash32 } from './prng';
import type { Ctx } from './timeline';
import { MINUTE } from './timefmt';
import type { SimFeedRun } from './types';

/** Upper bound of (start delay) so runs started in a window come from slots in [from - MAX_DELAY, to]. */
const MAX_DELAY_MS = 5 * MINUTE;

export interface RunFacts {
  id: string;
  feedName: string;
  slot: number;
  startedAt: number;
  completedAt: number;
  status: 'success' | 'failed';
  itemsProcessed: number;
  itemsNew: number;
  itemsDuplicate: number;
  itemsFailed: number;
  errors: string[];
  errorType: string | null;
  /** Why the run looks the way it does (for log generation). */
  cause: 'normal' | 'rate-limited-retry' | 'rate-limited-failed' | 'db-down';
}

interface Schedule {
  between(fromMs: number, toMs: number): number[];
  prev(atMs: number): number | null;
}

const cronCache = new Map<string, CronSpec>(); // parse cache only; results never depend on it

const schedules = new WeakMap<FeedDef, Schedule>(); // a pure function of the def

function scheduleOf(def: FeedDef): Schedule {
  let s = schedules.get(def);
  if (!s) schedules.set(def, (s = makeSchedule(def)));
  return s;
}

function makeSchedule(def: FeedDef): Schedule {
  if (def.cron !== null) {
    let spec = cronCache.get(def.cron);
    if (!spec) {
      spec = parseCron(def.cron);
      cronCache.set(def.cron, spec);
    }
    const s = spec;
    return { between: (a, b) => cronBetween(s, a, b), prev: (t) => cronPrev(s, t) };
  }
  const every = (def.intervalSeconds ?? 3600) * 1000;
  const phase = (hash32('phase', def.name) % (def.intervalSeconds ?? 3600)) * 1000;
  return {
    between: (a, b) => {
      const out: number[] = [];
      for (let t = Math.ceil((a - phase) / every) * every + phase; t <= b; t += every) out.push(t);
      return out;
    },
    prev: (t) => Math.floor((t - phase) / every) * every + phase,
  };
}

/**
 * Memo of built runs per scenario (a run is a pure function of its slot, so the memo never changes
 * a result). Walking the logs asks for the same runs once per one-minute bucket they overlap, and
 * building one (id, draws) costs more than the lines it yields. Bounded, oldest dropped first.
 */
const MAX_MEMO_RUNS = 20_000;
const runMemo = new WeakMap<Ctx, Map<string, RunFacts | null>>();

/** The run of a slot (null: the slot did not run). Frozen: shared by every caller. */
export function buildRun(ctx: Ctx, def: FeedDef, slot: number): Readonly<RunFacts> | null {
  if (!def.enabled) return null;
  let memo = runMemo.get(ctx);
  if (!memo) runMemo.set(ctx, (memo = new Map()));
  const key = `${def.name}|${slot}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const run = draftRun(ctx, def, slot);
  if (run) Object.freeze(run.errors);
  memo.set(key, run ? Object.freeze(run) : null);
  if (memo.size > MAX_MEMO_RUNS) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  return run;
}

function draftRun(ctx: Ctx, def: FeedDef, slot: number): RunFacts | null {
  const r = new Rng(ctx.seed, 'run', def.name, slot);
  const id = `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${'89ab'[r.int(0, 3)] ?? '8'}${r.hex(3)}-${r.hex(12)}`;
  let startedAt = slot + r.int(1_000, 12_999);
  const base = { id, feedName: def.name, slot };
  const tl = ctx.tl;

  if (def.name === 'sec-rss') {
    const phase = tl.secPhase(slot);
    if (phase === 'late') {
      // Backing off after 429s: only every third slot runs, late and slow, with some items failed.
      if (new Date(slot).getUTCMinutes() % 15 !== 0) return null;
      startedAt += r.int(60_000, 150_000);
      const processed = 100;
      const failed = r.int(4, 14);
      const fresh = r.int(2, 9);
      return { ...base, startedAt, completedAt: startedAt + r.int(100_000, 140_000), status: 'success', itemsProcessed: processed, itemsNew: fresh, itemsDuplicate: processed - fresh - failed, itemsFailed: failed, errors: [], errorType: null, cause: 'rate-limited-retry' };
    }
    if (phase === 'failing') {
      return { ...base, startedAt, completedAt: startedAt + r.int(25_000, 70_000), status: 'failed', itemsProcessed: 0, itemsNew: 0, itemsDuplicate: 0, itemsFailed: 0, errors: [`Client error '429 Too Many Requests' for url '${def.url}'`], errorType: 'HTTPStatusError', cause: 'rate-limited-failed' };
    }
  }
  if (tl.pgDown(startedAt)) {
    return { ...base, startedAt, completedAt: startedAt + r.int(3_000, 12_000), status: 'failed', itemsProcessed: 0, itemsNew: 0, itemsDuplicate: 0, itemsFailed: 0, errors: ['[Errno 111] Connection refused'], errorType: 'ConnectionRefusedError', cause: 'db-down' };
  }
  const durationMs = Math.round(def.durationS * 1000 * (0.7 + 0.6 * r.f()));
  const processed = Math.max(1, Math.round(def.items * (def.name === 'sec-rss' ? 1 : 0.85 + 0.3 * r.f())));
  const failed = r.chance(0.05) ? r.int(1, 3) : 0;
  const fresh = Math.min(processed - failed, Math.round(processed * def.newRatio * (0.3 + 1.4 * r.f())));
  return { ...base, startedAt, completedAt: startedAt + durationMs, status: 'success', itemsProcessed: processed, itemsNew: fresh, itemsDuplicate: processed - fresh - failed, itemsFailed: failed, errors: [], errorType: null, cause: 'normal' };
}

/** The run as an observer sees it at `asOfMs`. */
export function viewRun(f: Readonly<RunFacts>, asOfMs: number): SimFeedRun {
  if (asOfMs < f.completedAt) {
    return { id: f.id, feedName: f.feedName, status: 'running', startedAt: f.startedAt, completedAt: null, itemsProcessed: 0, itemsNew: 0, itemsDuplicate: 0, itemsFailed: 0, errors: [], errorType: null };
  }
  return {
    id: f.id, feedName: f.feedName, status: f.status, startedAt: f.startedAt, completedAt: f.completedAt,
    itemsProcessed: f.itemsProcessed, itemsNew: f.itemsNew, itemsDuplicate: f.itemsDuplicate, itemsFailed: f.itemsFailed,
    errors: [...f.errors], errorType: f.errorType,
  };
}

/** Full facts of runs whose slot lies in [fromMs - MAX_DELAY, toMs] (callers filter by time). */
export function runFactsNear(ctx: Ctx, def: FeedDef, fromMs: number, toMs: number): Readonly<RunFacts>[] {
  if (!def.enabled || toMs < fromMs) return [];
  const out: Readonly<RunFacts>[] = [];
  for (const slot of scheduleOf(def).between(fromMs - MAX_DELAY_MS, toMs)) {
    const f = buildRun(ctx, def, slot);
    if (f) out.push(f);
  }
  return out;
}

export function runsStartedBetween(ctx: Ctx, def: FeedDef, fromMs: number, toMs: number): SimFeedRun[] {
  return runFactsNear(ctx, def, fromMs, toMs)
    .filter((f) => f.startedAt >= fromMs && f.startedAt <= toMs)
    .map((f) => viewRun(f, toMs));
}

export function lastRunAt(ctx: Ctx, def: FeedDef, atMs: number): SimFeedRun | null {
  if (!def.enabled) return null;
  const sched = scheduleOf(def);
  let slot = sched.prev(atMs);
  for (let i = 0; i < 64 && slot !== null; i++) {
    const f = buildRun(ctx, def, slot);
    if (f && f.startedAt <= atMs) return viewRun(f, atMs);
    slot = sched.prev(slot - 1);
  }
  return null;
}
