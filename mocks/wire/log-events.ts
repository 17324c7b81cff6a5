/**
 * Shared by the Loki and Elasticsearch wire renderers: a memoised walk over the simulator's
 * log events (the simulator renders one-minute buckets lazily; re-rendering them on every page
 * request would make deep paging quadratic), plus nanosecond helpers that never go through a
 * JS number.
 */
import type { Scenario, SimLogEvent } from '../scenario';
import { BUCKET_MS } from '../scenario';

const MAX_CACHED_BUCKETS = 2_000;
const cache = new WeakMap<Scenario, Map<number, SimLogEvent[]>>();

/** All events of one bucket, ascending by tsNs (memoised, LRU by insertion order). */
export function bucketOf(scenario: Scenario, b: number): SimLogEvent[] {
  let byBucket = cache.get(scenario);
  if (!byBucket) {
    byBucket = new Map();
    cache.set(scenario, byBucket);
  }
  const hit = byBucket.get(b);
  if (hit) {
    byBucket.delete(b);
    byBucket.set(b, hit);
    return hit;
  }
  const events = scenario.logs(b * BUCKET_MS, b * BUCKET_MS + BUCKET_MS - 1, { direction: 'forward' });
  byBucket.set(b, events);
  if (byBucket.size > MAX_CACHED_BUCKETS) {
    const oldest = byBucket.keys().next();
    if (!oldest.done) byBucket.delete(oldest.value);
  }
  return events;
}

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
export function streamOf(e: SimLogEvent): 'stdout' | 'stderr' {
  return e.level === 'DEBUG' || e.level === 'INFO' ? 'stdout' : 'stderr';
}

/** FNV-1a over a string → unsigned 32-bit. */
export function fnv32(value: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}
