/**
 * Nanosecond timestamps as decimal strings. Loki and ES date_nanos timestamps have 19 digits,
 * beyond Number.MAX_SAFE_INTEGER, so they never pass through a JS number: comparisons and
 * arithmetic use BigInt, and conversion to ms numbers happens only for display and bucketing.
 */

const NS_PER_MS = 1_000_000n;
const DIGITS = /^\d+$/;

/** True for a non-negative decimal integer string (what Loki sends as `values[i][0]`). */
export function isNanoString(value: unknown): value is string {
  return typeof value === 'string' && DIGITS.test(value);
}

/** Strips leading zeros so equal instants have equal strings ("0" stays "0"). */
export function normalizeNs(ns: string): string {
  if (!DIGITS.test(ns)) throw new RangeError(`Not a nanosecond timestamp: ${ns}`);
  const trimmed = ns.replace(/^0+/, '');
  return trimmed === '' ? '0' : trimmed;
}

/** -1, 0 or 1, like a sort comparator. Compares by length, then lexically (no BigInt needed). */
export function compareNs(a: string, b: string): -1 | 0 | 1 {
  return compareCanonicalNs(normalizeNs(a), normalizeNs(b));
}

/** compareNs for strings already through normalizeNs (no validation: for hot sort loops). */
export function compareCanonicalNs(x: string, y: string): -1 | 0 | 1 {
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** `ns + delta` (delta may be negative), clamped at 0. */
export function addNs(ns: string, delta: number | bigint): string {
  const result = BigInt(normalizeNs(ns)) + BigInt(delta);
  return (result < 0n ? 0n : result).toString();
}

/** Milliseconds since the epoch (may have a fractional part down to 1 ns) → ns string. */
export function msToNs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Not a valid epoch ms: ${ms}`);
  const whole = Math.floor(ms);
  const fractionNs = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * NS_PER_MS + BigInt(fractionNs)).toString();
}

/** ns string → ms number (floored). Only for display and bucketing. */
export function nsToMs(ns: string): number {
  return Number(BigInt(normalizeNs(ns)) / NS_PER_MS);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO-8601 / RFC 3339 with up to 9 fractional digits → ns string. A missing offset means UTC
 * (ES reads `2099-11-15T14:12:12` as UTC; JS `Date` would read it as local time).
 * Returns null when the string is not an ISO timestamp.
 */
export function isoToNs(iso: string): string | null {
  const m = ISO.exec(iso.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (!Number.isFinite(seconds)) return null;
  let offsetSeconds = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetSeconds = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60);
  }
  const total = BigInt(seconds - offsetSeconds) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
  return total < 0n ? null : total.toString();
}

/** ns string → ISO with all 9 fractional digits, e.g. `2019-09-23T19:21:37.240578000Z`. */
export function nsToIso(ns: string): string {
  const n = BigInt(normalizeNs(ns));
  const seconds = n / 1_000_000_000n;
  const fraction = (n % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Float seconds (Loki matrix/vector timestamps, ms precision) → ms number. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}
