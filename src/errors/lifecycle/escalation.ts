/**
 * Escalation rule (documented in README terms here):
 *   window   = the last hour of the range, or the last 1/6 of it when the range is under 6 h;
 *   recent   = events in the window; baseline = events in the rest of the range (or a longer
 *              history the caller provides), both as rates per hour;
 *   escalating when recent ≥ 10 events AND recent rate ≥ 5 × baseline rate AND the issue was
 *   first seen before the window (an issue needs a baseline to escalate against; a brand-new
 *   burst is "new"). Counts come from the sparkline, prorated for partly covered buckets.
 * This is Sentry's idea (a spike against the issue's own history) with a fixed factor instead of
 * its weekly variance model. In the page the history is the queried range; an issue from the
 * console service's index brings `baseline`, its own count over the week of hours before it.
 */
import { nsToMsFast } from '@/errors/pipeline/ns';
import type { IssueGroup } from '@/errors/pipeline/group-issues';

export type IssueStats = Pick<IssueGroup, 'count' | 'firstSeenNs' | 'lastSeenNs' | 'sparkline' | 'sparklineFromMs' | 'bucketMs'> & {
  /** The console service's issue index: the issue's own count before the range (its hourly baseline). */
  baseline?: { count: number; spanMs: number };
};

export interface EscalationOptions {
  /** Recent rate must be at least this multiple of the baseline. Default 5. */
  factor?: number;
  /** Recent events needed. Default 10. */
  minEvents?: number;
  /** Recent window, ms. Default: 1 h, or 1/6 of the range when the range is under 6 h. */
  windowMs?: number;
  /** A longer baseline than the range: events and the span they cover (ms). */
  history?: { count: number; spanMs: number };
}

export interface Escalation {
  escalating: boolean;
  windowMs: number;
  recentCount: number;
  recentPerHour: number;
  baselinePerHour: number;
}

const HOUR = 3_600_000;

/** Events between `a` and `b` (ms), from the sparkline, prorating partly covered buckets. */
export function countBetween(g: IssueStats, a: number, b: number): number {
  if (!(g.bucketMs > 0)) return g.count;
  let n = 0;
  g.sparkline.forEach((c, i) => {
    const s = g.sparklineFromMs + i * g.bucketMs;
    const e = s + g.bucketMs;
    const overlap = Math.min(e, b) - Math.max(s, a);
    if (overlap > 0) n += (c * overlap) / g.bucketMs;
  });
  return n;
}

export function escalation(g: IssueStats, options: EscalationOptions = {}): Escalation {
  const factor = options.factor ?? 5;
  const minEvents = options.minEvents ?? 10;
  const span = g.bucketMs * g.sparkline.length;
  const end = g.sparklineFromMs + span;
  // The index counts per hour: its issues compare their last hour (at most the range) with their week.
  const windowMs = options.windowMs ?? (g.baseline ? Math.min(span, HOUR) : span >= 6 * HOUR ? HOUR : span / 6);
  const none: Escalation = { escalating: false, windowMs, recentCount: 0, recentPerHour: 0, baselinePerHour: 0 };
  if (!(span > 0) || !(windowMs > 0)) return none;
  const recentCount = Math.round(countBetween(g, end - windowMs, end) * 1000) / 1000;
  const recentPerHour = (recentCount / windowMs) * HOUR;
  // An indexed issue brings its own week before the range; a caller's history wins over it.
  const history = options.history ?? g.baseline;
  const baseSpan = history ? history.spanMs : span - windowMs;
  const baseCount = history ? history.count : Math.max(0, g.count - recentCount);
  const baselinePerHour = baseSpan > 0 ? (baseCount / baseSpan) * HOUR : 0;
  // With first seen ever (the index), an issue older than the window always has a baseline.
  const hasHistory = options.history !== undefined || nsToMsFast(g.firstSeenNs) < end - windowMs;
  const escalating = hasHistory && recentCount >= minEvents && recentPerHour >= factor * baselinePerHour;
  return { escalating, windowMs, recentCount, recentPerHour, baselinePerHour };
}
