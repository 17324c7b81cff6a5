/**
 * Prometheus-style durations ("30s", "5m", "1h30m", "7d") as used in rules (`for`, windows) and
 * in the Loki ruler YAML. Rules store the string so exported JSON stays readable.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const DURATION_RE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;

/** Milliseconds of a duration string; throws RangeError on anything else. */
export function parseDuration(text: string): number {
  if (!DURATION_RE.test(text)) throw new RangeError(`Not a duration: "${text}" (use e.g. 30s, 5m, 1h30m, 7d)`);
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return total;
}

/** The shortest Prometheus duration for `ms` ("0s", "90s" → "1m30s", "3600000" → "1h"). */
export function formatDuration(ms: number): string {
  if (!(ms > 0)) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
