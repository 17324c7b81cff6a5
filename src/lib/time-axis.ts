/**
 * Ticks and labels for a chart's time axis: ticks on round clock times (whole minutes, hours,
 * local midnights), labels that carry the date when the axis spans more than one day. Pure.
 */

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const INTERVALS = [SEC, 5 * SEC, 10 * SEC, 15 * SEC, 30 * SEC, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

// Built once (see format.ts): a formatter per tick would cost about 0.36 ms each in Chromium.
const HM_OPTIONS: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const HMS_OPTIONS: Intl.DateTimeFormatOptions = { ...HM_OPTIONS, second: '2-digit' };
const DATE_OPTIONS: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
const FORMATS = {
  local: { hm: new Intl.DateTimeFormat('en-GB', HM_OPTIONS), hms: new Intl.DateTimeFormat('en-GB', HMS_OPTIONS), date: new Intl.DateTimeFormat('en-US', DATE_OPTIONS) },
  utc: {
    hm: new Intl.DateTimeFormat('en-GB', { ...HM_OPTIONS, timeZone: 'UTC' }),
    hms: new Intl.DateTimeFormat('en-GB', { ...HMS_OPTIONS, timeZone: 'UTC' }),
    date: new Intl.DateTimeFormat('en-US', { ...DATE_OPTIONS, timeZone: 'UTC' }),
  },
};

export interface TimeTickOptions {
  /** The axis spans more than one calendar day: every label carries its date. */
  multiDay: boolean;
  /** Ticks closer than a minute: labels show seconds. */
  seconds: boolean;
  utc: boolean;
}

/**
 * "06:00" (or "06:00:30") on a one-day axis; on a multi-day axis "Dec 3" at midnight and
 * "Dec 3 06:00" otherwise, so a label never leaves the day to be guessed.
 */
export function formatTimeTick(t: number, { multiDay, seconds, utc }: TimeTickOptions): string {
  const f = utc ? FORMATS.utc : FORMATS.local;
  const d = new Date(t);
  const clock = (seconds ? f.hms : f.hm).format(d);
  if (!multiDay) return clock;
  const midnight = utc ? d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 : d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  return midnight ? f.date.format(d) : `${f.date.format(d)} ${clock}`;
}

/** "Dec 3 06:00–06:30", "Dec 3 21:00 – Dec 4 00:00": a bucket's span, for a tooltip. */
export function formatTimeSpan(from: number, to: number, utc = false): string {
  const f = utc ? FORMATS.utc : FORMATS.local;
  const seconds = new Date(from).getSeconds() !== 0 || new Date(to).getSeconds() !== 0 || to - from < MIN;
  const clock = seconds ? f.hms : f.hm;
  const a = new Date(from);
  const b = new Date(to);
  const dayA = f.date.format(a);
  const dayB = f.date.format(b);
  return dayA === dayB ? `${dayA} ${clock.format(a)}–${clock.format(b)}` : `${dayA} ${clock.format(a)} – ${dayB} ${clock.format(b)}`;
}

export interface TimeAxis {
  /** Round times inside [from, to], at most `maxTicks` of them. */
  ticks: number[];
  format: (t: number) => string;
}

/** Ticks every round interval (1 s … 7 d, then whole days), the finest for which at most `maxTicks` fit in [from, to]. */
export function timeAxis(from: number, to: number, { maxTicks = 9, utc = false }: { maxTicks?: number; utc?: boolean } = {}): TimeAxis {
  const span = to - from;
  const options: TimeTickOptions = { multiDay: span > 0 && dayKey(from, utc) !== dayKey(to - 1, utc), seconds: false, utc };
  if (!(span > 0) || !Number.isFinite(span)) return { ticks: [], format: (t) => formatTimeTick(t, options) };
  const limit = Math.max(2, maxTicks);
  // [from, to] holds at most floor(span / interval) + 1 ticks.
  const interval = INTERVALS.find((i) => Math.floor(span / i) + 1 <= limit) ?? Math.ceil(span / (limit - 1) / DAY) * DAY;
  options.seconds = interval < MIN;
  const ticks: number[] = [];
  for (let t = firstTick(from, interval, utc); t <= to && ticks.length < limit; t = nextTick(t, interval, utc)) {
    if (t >= from) ticks.push(t);
  }
  return { ticks, format: (t) => formatTimeTick(t, options) };
}

function dayKey(t: number, utc: boolean): number {
  const d = new Date(t);
  return utc ? d.getUTCFullYear() * 400 + d.getUTCMonth() * 32 + d.getUTCDate() : d.getFullYear() * 400 + d.getMonth() * 32 + d.getDate();
}

/** The round time at or before `from`: the interval's multiple within its minute, hour or day (local or UTC). */
function firstTick(from: number, interval: number, utc: boolean): number {
  const d = new Date(from);
  if (interval < MIN) return Math.floor(from / interval) * interval;
  if (interval < HOUR) {
    // Whole minutes are whole minutes in every zone worth drawing.
    const minutes = interval / MIN;
    const m = utc ? d.getUTCMinutes() : d.getMinutes();
    if (utc) d.setUTCMinutes(m - (m % minutes), 0, 0);
    else d.setMinutes(m - (m % minutes), 0, 0);
    return d.getTime();
  }
  if (interval < DAY) {
    const hours = interval / HOUR;
    const h = utc ? d.getUTCHours() : d.getHours();
    if (utc) d.setUTCHours(h - (h % hours), 0, 0, 0);
    else d.setHours(h - (h % hours), 0, 0, 0);
    return d.getTime();
  }
  if (utc) d.setUTCHours(0, 0, 0, 0);
  else d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The next tick; hours and days step on the wall clock, so a DST change keeps ticks on round times. */
function nextTick(t: number, interval: number, utc: boolean): number {
  if (interval < HOUR) return t + interval;
  const d = new Date(t);
  if (interval < DAY) {
    if (utc) d.setUTCHours(d.getUTCHours() + interval / HOUR);
    else d.setHours(d.getHours() + interval / HOUR);
  } else if (utc) d.setUTCDate(d.getUTCDate() + interval / DAY);
  else d.setDate(d.getDate() + interval / DAY);
  return d.getTime();
}
