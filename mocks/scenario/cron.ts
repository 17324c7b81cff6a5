/**
 * Minimal 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC.
 * Supports `*`, `*\/n`, `a`, `a-b`, `a-b/n` and comma lists. Standard day semantics: when
 * both day-of-month and day-of-week are restricted, either may match.
 */
import { DAY, HOUR, MINUTE } from './timefmt';

export interface CronSpec {
  minutes: number[]; // ascending
  hours: number[];
  doms: Set<number>;
  months: Set<number>;
  dows: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

function parseField(field: string, lo: number, hi: number): number[] {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [rangePart = '*', stepPart] = part.split('/');
    const step = stepPart === undefined ? 1 : Number(stepPart);
    let a = lo;
    let b = hi;
    if (rangePart !== '*') {
      const [x = '', y] = rangePart.split('-');
      a = Number(x);
      b = y === undefined ? (stepPart === undefined ? a : hi) : Number(y);
    }
    if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(step) || step < 1) {
      throw new Error(`bad cron field "${field}"`);
    }
    for (let v = a; v <= b; v += step) out.add(hi === 7 && v === 7 ? 0 : v);
  }
  return [...out].sort((x, y) => x - y);
}

export function parseCron(expr: string): CronSpec {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) throw new Error(`cron needs 5 fields: "${expr}"`);
  const [mi = '', ho = '', dm = '', mo = '', dw = ''] = f;
  return {
    minutes: parseField(mi, 0, 59),
    hours: parseField(ho, 0, 23),
    doms: new Set(parseField(dm, 1, 31)),
    months: new Set(parseField(mo, 1, 12)),
    dows: new Set(parseField(dw, 0, 7)),
    domStar: dm === '*',
    dowStar: dw === '*',
  };
}

function dayMatches(spec: CronSpec, dayStartMs: number): boolean {
  const d = new Date(dayStartMs);
  if (!spec.months.has(d.getUTCMonth() + 1)) return false;
  const domOk = spec.doms.has(d.getUTCDate());
  const dowOk = spec.dows.has(d.getUTCDay());
  if (spec.domStar && spec.dowStar) return true;
  if (spec.domStar) return dowOk;
  if (spec.dowStar) return domOk;
  return domOk || dowOk;
}

/** Every firing time in [fromMs, toMs], ascending. */
export function cronBetween(spec: CronSpec, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  if (toMs < fromMs) return out;
  for (let day = Math.floor(fromMs / DAY) * DAY; day <= toMs; day += DAY) {
    if (!dayMatches(spec, day)) continue;
    for (const h of spec.hours) {
      const hs = day + h * HOUR;
      if (hs + HOUR <= fromMs || hs > toMs) continue;
      for (const m of spec.minutes) {
        const t = hs + m * MINUTE;
        if (t >= fromMs && t <= toMs) out.push(t);
      }
    }
  }
  return out;
}

/** The latest firing time at or before `atMs` (searching back up to `maxDays`), or null. */
export function cronPrev(spec: CronSpec, atMs: number, maxDays = 400): number | null {
  const first = Math.floor(atMs / DAY) * DAY;
  for (let i = 0, day = first; i <= maxDays; i++, day -= DAY) {
    if (!dayMatches(spec, day)) continue;
    for (let hi = spec.hours.length - 1; hi >= 0; hi--) {
      const hs = day + (spec.hours[hi] ?? 0) * HOUR;
      if (hs > atMs) continue;
      for (let mi = spec.minutes.length - 1; mi >= 0; mi--) {
        const t = hs + (spec.minutes[mi] ?? 0) * MINUTE;
        if (t <= atMs) return t;
      }
    }
  }
  return null;
}
