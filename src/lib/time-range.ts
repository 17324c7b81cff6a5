/**
 * Time ranges as the user picks them. Relative ranges stay symbolic (`{ last: '15m' }`) in
 * query keys and URLs; they are resolved to absolute milliseconds only when a query runs.
 */
export const RELATIVE_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];

export type TimeRangeSpec = { last: RelativeRange } | { from: string; to: string };

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function relativeRangeMs(last: RelativeRange): number {
  const unit = last.slice(-1) as keyof typeof UNIT_MS;
  return Number(last.slice(0, -1)) * UNIT_MS[unit];
}

export function isRelativeRange(value: string | null | undefined): value is RelativeRange {
  return (RELATIVE_RANGES as readonly string[]).includes(value ?? '');
}

export function resolveRange(spec: TimeRangeSpec, now: number): { from: number; to: number } {
  if ('last' in spec) return { from: now - relativeRangeMs(spec.last), to: now };
  return { from: Date.parse(spec.from), to: Date.parse(spec.to) };
}

export function rangeDurationMs(spec: TimeRangeSpec): number {
  if ('last' in spec) return relativeRangeMs(spec.last);
  return Date.parse(spec.to) - Date.parse(spec.from);
}

export type RangeParseResult = { ok: true; range: TimeRangeSpec } | { ok: false; error: string };

/** Reads `?range=1h` or `?from=…&to=…` (ISO). Anything else is an explained error. */
export function parseRangeParams(params: URLSearchParams, fallback: TimeRangeSpec): RangeParseResult {
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) {
    if (from === null || to === null) return { ok: false, error: 'An absolute range needs both "from" and "to".' };
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      return { ok: false, error: `"${from}" – "${to}" is not a valid ISO date range.` };
    }
    if (fromMs >= toMs) return { ok: false, error: 'The range start must be before its end.' };
    return { ok: true, range: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() } };
  }
  const last = params.get('range');
  if (last === null) return { ok: true, range: fallback };
  if (!isRelativeRange(last)) {
    return { ok: false, error: `Unknown range "${last}": use one of ${RELATIVE_RANGES.join(', ')}.` };
  }
  return { ok: true, range: { last } };
}

export function writeRangeParams(params: URLSearchParams, spec: TimeRangeSpec): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('range');
  next.delete('from');
  next.delete('to');
  if ('last' in spec) next.set('range', spec.last);
  else {
    next.set('from', spec.from);
    next.set('to', spec.to);
  }
  return next;
}

export const REFRESH_OPTIONS = ['off', '5s', '15s', '30s', '1m', '5m'] as const;
export type RefreshOption = (typeof REFRESH_OPTIONS)[number];

export function refreshIntervalMs(option: RefreshOption): number | false {
  if (option === 'off') return false;
  const n = Number(option.slice(0, -1));
  return option.endsWith('m') ? n * 60_000 : n * 1_000;
}

export function isRefreshOption(value: string | null | undefined): value is RefreshOption {
  return (REFRESH_OPTIONS as readonly string[]).includes(value ?? '');
}
