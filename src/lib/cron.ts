/**
 * A small 5-field cron reader (minute hour day-of-month month day-of-week, UTC), enough for
 * feed cadences such as `*\/5 * * * *`, `0 6 * * *` or `0 3 1 * *`. Supports `*`, numbers,
 * lists, ranges and steps. Day-of-month and day-of-week combine with OR when both are
 * restricted, as in Vixie cron.
 */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export class CronError extends Error {}

function parseField(text: string, index: number): Set<number> {
  const field = FIELDS[index]!;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [rangeText, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`Bad step "${part}" in the ${field.name} field.`);
    let lo: number;
    let hi: number;
    if (rangeText === '*') {
      lo = field.min;
      hi = field.max;
    } else if (rangeText !== undefined && rangeText.includes('-')) {
      const [a, b] = rangeText.split('-');
      lo = Number(a);
      hi = Number(b);
    } else {
      lo = Number(rangeText);
      hi = stepText === undefined ? lo : field.max;
    }
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < field.min || hi > field.max || lo > hi) {
      throw new CronError(`"${part}" is out of range for the ${field.name} field (${field.min}–${field.max}).`);
    }
    for (let v = lo; v <= hi; v += step) out.add(index === 4 && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`"${expression}" must have 5 fields (minute hour day month weekday).`);
  const sets = parts.map((p, i) => parseField(p, i));
  return {
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek: sets[4]!,
    domRestricted: parts[2] !== '*',
    dowRestricted: parts[4] !== '*',
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  if (!s.months.has(d.getUTCMonth() + 1)) return false;
  const dom = s.daysOfMonth.has(d.getUTCDate());
  const dow = s.daysOfWeek.has(d.getUTCDay());
  if (s.domRestricted && s.dowRestricted) return dom || dow;
  if (s.domRestricted) return dom;
  if (s.dowRestricted) return dow;
  return true;
}

const DAY = 86_400_000;

/** The latest scheduled time at or before `atMs`, searching back up to ~13 months. */
export function previousCronRun(schedule: CronSchedule, atMs: number): number | null {
  const start = new Date(Math.floor(atMs / 60_000) * 60_000);
  let dayStart = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  for (let i = 0; i < 400; i++, dayStart -= DAY) {
    const day = new Date(dayStart);
    if (!dayMatches(schedule, day)) continue;
    const limit = i === 0 ? start.getTime() : dayStart + DAY - 60_000;
    for (let t = limit; t >= dayStart; ) {
      const d = new Date(t);
      const h = d.getUTCHours();
      if (!schedule.hours.has(h)) {
        t = dayStart + h * 3_600_000 - 60_000;
        continue;
      }
      if (schedule.minutes.has(d.getUTCMinutes())) return t;
      t -= 60_000;
    }
  }
  return null;
}

/** The earliest scheduled time strictly after `afterMs`, searching ahead up to ~13 months. */
export function nextCronRun(schedule: CronSchedule, afterMs: number): number | null {
  const start = Math.floor(afterMs / 60_000) * 60_000 + 60_000;
  const first = new Date(start);
  let dayStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate());
  for (let i = 0; i < 400; i++, dayStart += DAY) {
    if (!dayMatches(schedule, new Date(dayStart))) continue;
    for (let t = i === 0 ? start : dayStart; t < dayStart + DAY; ) {
      const d = new Date(t);
      const h = d.getUTCHours();
      if (!schedule.hours.has(h)) {
        t = dayStart + (h + 1) * 3_600_000;
        continue;
      }
      if (schedule.minutes.has(d.getUTCMinutes())) return t;
      t += 60_000;
    }
  }
  return null;
}

/** "every 5 min", "daily at 06:00 UTC", or the expression itself. */
export function describeCron(expression: string): string {
  const p = expression.trim().split(/\s+/);
  if (p.length !== 5) return expression;
  const [min, hour, dom, mon, dow] = p as [string, string, string, string, string];
  const rest = dom === '*' && mon === '*' && dow === '*';
  const every = /^\*\/(\d+)$/.exec(min);
  if (every && hour === '*' && rest) return `every ${every[1]} min`;
  if (/^\d+$/.test(min) && hour === '*' && rest) return `hourly at :${min.padStart(2, '0')}`;
  if (/^\d+$/.test(min) && /^\d+$/.test(hour)) {
    const at = `${hour.padStart(2, '0')}:${min.padStart(2, '0')} UTC`;
    if (rest) return `daily at ${at}`;
    if (/^\d+$/.test(dom) && mon === '*' && dow === '*') return `monthly on day ${dom} at ${at}`;
    if (dom === '*' && mon === '*' && dow === '1-5') return `weekdays at ${at}`;
  }
  return `cron ${expression}`;
}
