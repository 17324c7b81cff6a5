/**
 * Shared by the Loki and Elasticsearch wire renderers: a memoised walk over the simulator's
 * log events (the simulator renders one-minute buckets lazily; re-rendering them on every page
 * request would make deep paging quadratic), per-bucket tallies for counting without rendering,
 * plus nanosecond helpers that never go through a JS number.
 */
import type { Scenario, SimLevel, SimLogEvent, SimLogShape } from '../scenario';
import { BUCKET_MS } from '../scenario';

/**
 * Rendered buckets kept per scenario (about 24 h + 9 h). Counting never renders (bucketTally), so
 * only what is actually read fills it: pages of lines, and metric queries that filter on the text
 * (a text-filtered volume over 24 h is re-read on every refresh, hence the size).
 */
export const MAX_CACHED_BUCKETS = 2_000;
/**
 * Memoises `compute(scenario, bucket)` per scenario, keeping the `max` most recently used buckets
 * (LRU by Map insertion order).
 */
function bucketMemo<T>(max: number, compute: (scenario: Scenario, b: number) => T): (scenario: Scenario, b: number) => T {
  const memo = new WeakMap<Scenario, Map<number, T>>();
  return (scenario, b) => {
    let byBucket = memo.get(scenario);
    if (!byBucket) {
      byBucket = new Map();
      memo.set(scenario, byBucket);
    }
    const hit = byBucket.get(b);
    if (hit !== undefined) {
      byBucket.delete(b);
      byBucket.set(b, hit);
      return hit;
    }
    const value = compute(scenario, b);
    byBucket.set(b, value);
    if (byBucket.size > max) {
      const oldest = byBucket.keys().next();
      if (!oldest.done) byBucket.delete(oldest.value);
    }
    return value;
  };
}

/** All events of one bucket, ascending by tsNs (memoised, LRU). */
export const bucketOf = bucketMemo(MAX_CACHED_BUCKETS, (scenario, b): SimLogEvent[] =>
  scenario.logs(b * BUCKET_MS, b * BUCKET_MS + BUCKET_MS - 1, { direction: 'forward' }),
);

/** A log stream as both wires label it: one service at one level. */
export interface StreamKey {
  readonly service: string;
  readonly level: SimLevel;
}

const LEVEL_SLOT: Record<SimLevel, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3, CRITICAL: 4 };
const streamIds = new Map<string, number[]>();
const streamKeys: StreamKey[] = [];
/** A small integer per (service, level), stable for the page's lifetime. */
export function streamId(service: string, level: SimLevel): number {
  let byLevel = streamIds.get(service);
  if (!byLevel) streamIds.set(service, (byLevel = [-1, -1, -1, -1, -1]));
  const slot = LEVEL_SLOT[level];
  let id = byLevel[slot] as number;
  if (id < 0) {
    id = streamKeys.length;
    byLevel[slot] = id;
    streamKeys.push(Object.freeze({ service, level }));
  }
  return id;
}
export const streamKey = (id: number): StreamKey => streamKeys[id] as StreamKey;

/**
 * The counts of one bucket's events without their text: per stream, events (Elasticsearch
 * documents) and lines (Loki entries), and the time span they occupy. Counting from them keeps the
 * mock's volume, backtest and label answers fast: rendering instead costs 1.5 s of CPU for a 24 h
 * volume (0.3 s from tallies), 8.4 s for a 7-day backtest (0.4 s) and 14.6 s for a 7-day label
 * list (0.6 s) (scripts/bench/log-volume.ts, docs/PERFORMANCE.md#the-mocks-counting-paths).
 */
export interface BucketTally {
  /** streamId per entry; the other arrays are parallel. */
  readonly streams: Uint16Array;
  readonly events: Uint32Array;
  readonly lines: Uint32Array;
  /** ms of the stream's first and last event in the bucket. */
  readonly minMs: Float64Array;
  readonly maxMs: Float64Array;
  /**
   * Span of the whole bucket: first and last event (ms, exact), the first event's ns (exact), and
   * upper bounds of the last event's ns and of the last line's ns (exact or at most one ns per
   * event above: tallies are taken before ties are broken). Only ever used to decide that a bucket
   * lies wholly inside a window.
   */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly firstNs: bigint;
  readonly lastNs: bigint;
  readonly lastLineNs: bigint;
}

const EMPTY_TALLY: BucketTally = {
  streams: new Uint16Array(0), events: new Uint32Array(0), lines: new Uint32Array(0), minMs: new Float64Array(0), maxMs: new Float64Array(0),
  firstMs: Number.POSITIVE_INFINITY, lastMs: Number.NEGATIVE_INFINITY, firstNs: 0n, lastNs: -1n, lastLineNs: -1n,
};

/** Shape ns → bigint (first line: i = 0). */
export const shapeNs = (s: SimLogShape, i = 0): bigint => BigInt(s.ms) * 1_000_000n + BigInt(s.sub + i);

/** Tallies kept per scenario: about 600 bytes a bucket, so eight days of them fit. */
export const MAX_CACHED_TALLIES = 12_000;

/** Compares ns given as (ms, offset ns ≥ 0), the offset possibly ≥ 10⁶, without BigInt. */
function nsBefore(aMs: number, aOff: number, bMs: number, bOff: number): boolean {
  const a = aMs + Math.floor(aOff / 1_000_000);
  const b = bMs + Math.floor(bOff / 1_000_000);
  return a < b || (a === b && aOff % 1_000_000 < bOff % 1_000_000);
}
const toNs = (ms: number, off: number) => BigInt(ms) * 1_000_000n + BigInt(off);

/** Scratch: slot of each streamId in the tally being built (-1: none yet). */
const slotOf: number[] = [];

/**
 * The tally of the shapes `visitAll` visits (it returns how many). `slackNs` widens the last-event
 * and last-line ns upwards, for shapes visited before nanosecond ties are broken.
 */
function tallyOf(visitAll: (visit: (s: Readonly<SimLogShape>) => void) => number, slackNs: (events: number) => number = () => 0): BucketTally {
  const ids: number[] = [];
  const events: number[] = [];
  const lines: number[] = [];
  const minMs: number[] = [];
  const maxMs: number[] = [];
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  let [fMs, fOff, lMs, lOff, tMs, tOff] = [Number.POSITIVE_INFINITY, 0, Number.NEGATIVE_INFINITY, 0, Number.NEGATIVE_INFINITY, 0];
  const n = visitAll((s) => {
    const id = streamId(s.service, s.level);
    let j = slotOf[id] ?? -1;
    if (j < 0) {
      j = ids.length;
      slotOf[id] = j;
      ids.push(id);
      events.push(0);
      lines.push(0);
      minMs.push(s.ms);
      maxMs.push(s.ms);
    }
    events[j] = (events[j] as number) + 1;
    lines[j] = (lines[j] as number) + s.lines;
    if (s.ms < (minMs[j] as number)) minMs[j] = s.ms;
    if (s.ms > (maxMs[j] as number)) maxMs[j] = s.ms;
    if (s.ms < firstMs) firstMs = s.ms;
    if (s.ms > lastMs) lastMs = s.ms;
    if (nsBefore(s.ms, s.sub, fMs, fOff)) [fMs, fOff] = [s.ms, s.sub];
    if (nsBefore(lMs, lOff, s.ms, s.sub)) [lMs, lOff] = [s.ms, s.sub];
    // A traceback's lines may outlast the next event's first line: keep the latest line of all.
    if (nsBefore(tMs, tOff, s.ms, s.sub + s.lines - 1)) [tMs, tOff] = [s.ms, s.sub + s.lines - 1];
  });
  for (const id of ids) slotOf[id] = -1;
  if (n === 0) return EMPTY_TALLY;
  lOff += slackNs(n);
  tOff += slackNs(n);
  return {
    streams: Uint16Array.from(ids), events: Uint32Array.from(events), lines: Uint32Array.from(lines),
    minMs: Float64Array.from(minMs), maxMs: Float64Array.from(maxMs), firstMs, lastMs,
    firstNs: toNs(fMs, fOff), lastNs: toNs(lMs, lOff), lastLineNs: toNs(tMs, tOff),
  };
}

/** The tally of bucket `b` (memoised, LRU). Never renders a line. */
export const bucketTally = bucketMemo(MAX_CACHED_TALLIES, (scenario, b): BucketTally => {
  // Counting never needs the events in order: tally them as drawn, the ns span widened by what
  // breaking ties could add (under 1 ns per event; the span is only ever an upper bound). With
  // 1,000 events or more (never, in practice) a tie could move an event's ms: tally them ordered.
  let tally = tallyOf((visit) => scenario.visitLogShapes(b, visit), (n) => n - 1);
  if (tally.events.reduce((a, x) => a + x, 0) >= 1_000) {
    const shapes = scenario.logShapes(b);
    tally = tallyOf((visit) => {
      shapes.forEach(visit);
      return shapes.length;
    });
  }
  return tally;
});

/** Epoch ms of a ns string (floor). */
export function msOfNs(ns: string): number {
  return Number(ns.length > 6 ? ns.slice(0, -6) : '0');
}

export function msToNsBig(ms: number): bigint {
  return BigInt(Math.floor(ms)) * 1_000_000n;
}

/**
 * Visits the events with fromMs <= ms(tsNs) <= toMs in time order (forward: oldest first).
 * The visitor returns false to stop. Events after `nowMs` do not exist yet.
 */
export function walkEvents(
  scenario: Scenario,
  fromMs: number,
  toMs: number,
  direction: 'forward' | 'backward',
  visit: (e: SimLogEvent) => boolean,
): void {
  if (!(toMs >= fromMs)) return;
  const firstB = Math.floor(fromMs / BUCKET_MS);
  const lastB = Math.floor(toMs / BUCKET_MS);
  for (let i = 0; i <= lastB - firstB; i++) {
    const b = direction === 'backward' ? lastB - i : firstB + i;
    const events = bucketOf(scenario, b);
    const n = events.length;
    for (let j = 0; j < n; j++) {
      const e = events[direction === 'backward' ? n - 1 - j : j];
      if (!e) continue;
      const ms = msOfNs(e.tsNs);
      if (ms < fromMs || ms > toMs) continue;
      if (!visit(e)) return;
    }
  }
}

/** `2026-11-28T09:59:59.123456789Z` from ns (digits >= 3 kept, trailing zeros trimmed to 3). */
export function isoFromNs(ns: string | bigint, minFraction = 3): string {
  const big = typeof ns === 'bigint' ? ns : BigInt(ns);
  const ms = Number(big / 1_000_000n);
  const frac = (big % 1_000_000_000n).toString().padStart(9, '0');
  let digits = frac;
  while (digits.length > minFraction && digits.endsWith('0')) digits = digits.slice(0, -1);
  return `${new Date(ms).toISOString().slice(0, 19)}${digits ? `.${digits}` : ''}Z`;
}

/** RFC3339 / ISO date-time (any fraction length, Z or ±hh:mm) → ns, or null. */
export function nsFromIso(value: string): bigint | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value.trim());
  if (!m) return null;
  const [, date, time = '00:00:00', frac = '', zone = 'Z'] = m;
  const base = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`);
  if (Number.isNaN(base)) return null;
  return BigInt(base) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
}

/** Docker stream of a Python service: WARNING and above go to stderr. */
export function streamOf(e: Pick<SimLogEvent, 'level'>): 'stdout' | 'stderr' {
  return e.level === 'DEBUG' || e.level === 'INFO' ? 'stdout' : 'stderr';
}
