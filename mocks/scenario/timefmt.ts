/** UTC time formatting used by the log renderers. Pure helpers. */

function p2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function p3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD HH:MM:SS` (UTC). */
export function fmtSeconds(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
  );
}

/** Python logging default asctime: `YYYY-MM-DD HH:MM:SS,mmm` (UTC). */
export function fmtAsctime(ms: number): string {
  return `${fmtSeconds(ms)},${p3(((ms % 1000) + 1000) % 1000)}`;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` with microseconds from (ms, sub-ms ns). */
function isoMicros(ms: number, subNs: number): string {
  const d = new Date(ms);
  const micros = p3(d.getUTCMilliseconds()) + p3(Math.floor(subNs / 1000));
  return (
    `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros}`
  );
}

/** structlog TimeStamper(fmt="iso", utc=True): `2026-02-17T22:04:48.810500Z`. */
export function fmtStructlog(ms: number, subNs: number): string {
  return `${isoMicros(ms, subNs)}Z`;
}

/** Python `datetime.isoformat()` of an aware UTC datetime: `2026-02-17T22:04:35.095528+00:00`. */
export function fmtEcs(ms: number, subNs: number): string {
  return `${isoMicros(ms, subNs)}+00:00`;
}

/** Decimal nanosecond string from ms and a sub-millisecond part in [0, 999999]. */
export function toTsNs(ms: number, subNs: number): string {
  return `${ms}${String(subNs).padStart(6, '0')}`;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
