/** Per-issue statistics helpers for groupIssues: template merging, slot values, top-k counts. */
import { extractSlotValues } from '@/errors/miner';

export const WILDCARD = '<*>';

/**
 * One template covering several: equal token counts → differing tokens become `<*>`; otherwise
 * common prefix + `<*>` + common suffix. Adjacent wildcards collapse.
 */
export function mergeTemplates(templates: readonly string[]): string {
  const [first, ...rest] = templates;
  if (first === undefined) return '';
  let acc = first.split(' ');
  for (const t of rest) {
    const b = t.split(' ');
    if (b.length === acc.length) {
      acc = acc.map((tok, i) => (tok === b[i] ? tok : WILDCARD));
    } else {
      let p = 0;
      while (p < acc.length && p < b.length && acc[p] === b[p]) p++;
      let s = 0;
      while (s < acc.length - p && s < b.length - p && acc[acc.length - 1 - s] === b[b.length - 1 - s]) s++;
      acc = [...acc.slice(0, p), WILDCARD, ...acc.slice(acc.length - s)];
    }
  }
  const out: string[] = [];
  for (const tok of acc) if (!(tok === WILDCARD && out[out.length - 1] === WILDCARD)) out.push(tok);
  return out.join(' ');
}

export interface CountEntry {
  name: string;
  count: number;
}

export function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Map → `{name, count}[]`, most frequent first, ties by name. */
export function toCounts(map: Map<string, number>, limit = Infinity): CountEntry[] {
  return [...map]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit);
}

export interface SlotValues {
  index: number;
  values: { value: string; count: number }[];
}

/** Top values of each `<*>` of `template` over the messages (message → occurrences). */
export function slotValuesOf(template: string, messages: Map<string, number>, top = 10): SlotValues[] {
  if (!template.includes(WILDCARD)) return [];
  const perSlot: Map<string, number>[] = [];
  for (const [message, n] of messages) {
    const values = extractSlotValues(template, message);
    if (!values) continue;
    values.forEach((v, i) => {
      let m = perSlot[i];
      if (!m) perSlot[i] = m = new Map();
      increment(m, v.length > 200 ? v.slice(0, 200) + '…' : v, n);
    });
  }
  return perSlot.map((m, index) => ({
    index,
    values: toCounts(m, top).map((c) => ({ value: c.name, count: c.count })),
  }));
}

/** Bucket index of `ms` in `[from, to)` split into `buckets`; clamped to the edges. */
export function bucketOf(ms: number, from: number, to: number, buckets: number): number {
  const span = to - from;
  if (!(span > 0) || buckets <= 1) return 0;
  const i = Math.floor(((ms - from) / span) * buckets);
  return i < 0 ? 0 : i >= buckets ? buckets - 1 : i;
}
