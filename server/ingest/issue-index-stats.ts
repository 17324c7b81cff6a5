/**
 * Bounded per-issue statistics of the issue index, pure: capped top-k counts (Space-Saving, so a
 * value first seen late can still climb in), slot values carried over when an issue's template
 * generalizes, reservoir sampling, and an hourly series spread over a sparkline's buckets.
 */
import { extractSlotValues, WILDCARD } from '@/errors/miner';
import type { SlotValues } from '@/errors/pipeline';

export interface Counted {
  name: string;
  count: number;
}

/**
 * Adds `batch` to the capped list `stored` (most frequent first). Past `cap`, a new name replaces
 * the least frequent one and inherits its count (Space-Saving): counts may overestimate by at
 * most that minimum, and the list never grows.
 */
export function mergeTopK(stored: readonly Counted[], batch: Iterable<readonly [string, number]>, cap: number): Counted[] {
  const map = new Map<string, number>();
  for (const c of stored) map.set(c.name, (map.get(c.name) ?? 0) + c.count);
  for (const [name, n] of batch) {
    const had = map.get(name);
    if (had !== undefined) map.set(name, had + n);
    else if (map.size < cap) map.set(name, n);
    else {
      let minName = '';
      let min = Infinity;
      for (const [k, v] of map) if (v < min || (v === min && k > minName)) [minName, min] = [k, v];
      map.delete(minName);
      map.set(name, min + n);
    }
  }
  return [...map]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, cap);
}

/** Slot values tracked per slot (the API shows the top 10), and slots tracked per issue. */
export const SLOT_VALUES_TRACKED = 16;
export const SLOTS_TRACKED = 8;
export const SLOT_VALUES_SHOWN = 10;

export function mergeSlotValues(stored: readonly SlotValues[], batch: readonly SlotValues[]): SlotValues[] {
  const out: SlotValues[] = [];
  for (let index = 0; index < SLOTS_TRACKED; index++) {
    const a = stored.find((s) => s.index === index)?.values ?? [];
    const b = batch.find((s) => s.index === index)?.values ?? [];
    if (a.length === 0 && b.length === 0) continue;
    const merged = mergeTopK(a.map((v) => ({ name: v.value, count: v.count })), b.map((v) => [v.value, v.count] as const), SLOT_VALUES_TRACKED);
    out.push({ index, values: merged.map((c) => ({ value: c.name, count: c.count })) });
  }
  return out;
}

/**
 * An issue's slot values re-expressed in a more general template (its own, generalized, or the
 * template of the issue it is merged into): a literal that became a slot counts the issue's
 * occurrences under that literal; a slot that stays a slot keeps its values (with the literal
 * text around it when the new slot spans more). Empty when the old template does not fit.
 */
export function remapSlotValues(oldTemplate: string, newTemplate: string, slots: readonly SlotValues[], count: number): SlotValues[] {
  if (oldTemplate === newTemplate) return slots.map((s) => ({ index: s.index, values: s.values.map((v) => ({ ...v })) }));
  if (!newTemplate.includes(WILDCARD)) return [];
  const fills = extractSlotValues(newTemplate, oldTemplate);
  if (!fills) return [];
  const out: SlotValues[] = [];
  let oldSlot = 0;
  fills.forEach((fill, index) => {
    const wild = fill.split(WILDCARD).length - 1;
    let values: { value: string; count: number }[] = [];
    if (wild === 0) values = [{ value: fill, count }];
    else if (wild === 1) {
      const [pre = '', post = ''] = fill.split(WILDCARD);
      const old = slots.find((s) => s.index === oldSlot)?.values ?? [];
      values = old.map((v) => ({ value: pre + v.value + post, count: v.count }));
    }
    // Several old slots in one new slot: their values are not joined (which pairs went together is lost).
    oldSlot += wild;
    if (index < SLOTS_TRACKED && values.length > 0) out.push({ index, values: values.slice(0, SLOT_VALUES_TRACKED) });
  });
  return out;
}

/** Reservoir slots per issue, newest samples kept. */
export const RESERVOIR_SIZE = 10;
export const NEWEST_SIZE = 5;

/**
 * Algorithm R: where the `n`-th occurrence (1-based) goes in a reservoir of `size`, or -1. Every
 * occurrence ends up in the reservoir with the same probability, whatever the batch sizes.
 */
export function reservoirSlot(n: number, size: number, random: () => number): number {
  if (n <= size) return n - 1;
  const j = Math.floor(random() * n);
  return j < size ? j : -1;
}

/**
 * Counts of hours spread over `buckets` equal buckets of [from, to) (ms): each hour's count goes
 * to the buckets its in-range part overlaps, in proportion, rounded by largest remainder so the
 * buckets sum to exactly the hours' total. Finer buckets than an hour show the hour's average.
 */
export function spreadHours(hours: ReadonlyMap<number, number>, from: number, to: number, buckets: number, hourMs: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  const width = (to - from) / buckets;
  if (!(width > 0)) {
    let total = 0;
    for (const n of hours.values()) total += n;
    out[0] = total;
    return out;
  }
  for (const [hour, n] of hours) {
    const a = Math.max(hour, from);
    const b = Math.min(hour + hourMs, to);
    const first = Math.min(buckets - 1, Math.max(0, Math.floor((a - from) / width)));
    const last = Math.min(buckets - 1, Math.max(first, Math.ceil((b - from) / width) - 1));
    if (b <= a || first === last) {
      out[first] = (out[first] ?? 0) + n;
      continue;
    }
    const span = b - a;
    const parts: { i: number; whole: number; rest: number }[] = [];
    let given = 0;
    for (let i = first; i <= last; i++) {
      const lo = Math.max(a, from + i * width);
      const hi = Math.min(b, from + (i + 1) * width);
      const exact = (n * Math.max(0, hi - lo)) / span;
      const whole = Math.floor(exact);
      given += whole;
      parts.push({ i, whole, rest: exact - whole });
    }
    parts.sort((x, y) => y.rest - x.rest || x.i - y.i);
    for (let k = 0; k < n - given; k++) (parts[k % parts.length] as { whole: number }).whole++;
    for (const p of parts) out[p.i] = (out[p.i] ?? 0) + p.whole;
  }
  return out;
}
