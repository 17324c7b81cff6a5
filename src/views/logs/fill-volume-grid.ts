/** LogVolumeBucket[] as a source sends them → one bucket per step across the range (pure). */
import type { LogLevel, LogVolumeBucket } from '@/lib/model';

/** The volume over a range on a regular grid: what the histogram draws. */
export interface VolumeGrid {
  /** Start of the first bucket: the chart's left edge (at or a little before the range start). */
  from: number;
  /** End of the last bucket: the chart's right edge. */
  to: number;
  /** Bucket width; the step asked for, or a multiple of it when the grid was capped. */
  stepMs: number;
  /** Oldest first, `buckets[i].at = from + i * stepMs`; a step with no lines has `counts: {}`. */
  buckets: LogVolumeBucket[];
}

/** More bars than a screen has pixels for cannot be told apart, and each costs Recharts an element. */
export const MAX_VOLUME_BUCKETS = 1500;

/**
 * Fills the step grid of `range` with zero buckets, so a quiet stretch stays on the chart as
 * empty bars (Loki's query_range leaves a step with no lines out of the matrix).
 *
 * The grid is the source's own: its phase comes from the first bucket, so the grid coincides
 * with Loki's (`at = range.from + k·step`, log-volume.ts) and with Elasticsearch's date_histogram
 * (`at = k·step` since the epoch, its first bucket starting before `range.from`). With no bucket
 * the grid starts at `range.from`, as Loki's would.
 *
 * - Cells: every whole step from the grid start up to `range.to` (at least one). A partial last
 *   step is kept only when the source sent a bucket for it: Elasticsearch does, Loki is never
 *   asked for it, and a zero there would claim lines were counted.
 * - A bucket off the grid adds its counts to the cell that holds its `at`; one outside every
 *   cell is dropped (the source was not asked for it).
 * - More than `maxBuckets` cells: k adjacent steps are merged into one (counts summed), and
 *   `stepMs` of the result says so.
 */
export function fillVolumeGrid(
  buckets: readonly LogVolumeBucket[],
  range: { from: number; to: number },
  stepMs: number,
  maxBuckets = MAX_VOLUME_BUCKETS,
): VolumeGrid {
  const baseStep = Number.isFinite(stepMs) && stepMs >= 1 ? stepMs : 1;
  const first = minAt(buckets);
  const phase = first === null ? 0 : mod(first - range.from, baseStep);
  const start = phase === 0 ? range.from : range.from + phase - baseStep;
  const span = Math.max(0, range.to - start);

  const whole = Math.max(1, Math.floor(span / baseStep));
  const factor = Math.max(1, Math.ceil(whole / Math.max(1, maxBuckets)));
  const step = baseStep * factor;
  const full = Math.max(1, Math.floor(span / step));
  // The partial cell at the end, when the range does not end on a step.
  const last = start + full * step < range.to ? full : -1;

  const counts: Partial<Record<LogLevel, number>>[] = Array.from({ length: full }, () => ({}));
  let extra: Partial<Record<LogLevel, number>> | null = null;
  for (const bucket of buckets) {
    const i = Math.floor((bucket.at - start) / step);
    let cell: Partial<Record<LogLevel, number>> | undefined;
    if (i >= 0 && i < full) cell = counts[i];
    else if (i === last) cell = extra ??= {};
    if (!cell) continue;
    for (const [level, n] of Object.entries(bucket.counts) as [LogLevel, number | undefined][]) {
      if (n !== undefined && Number.isFinite(n)) cell[level] = (cell[level] ?? 0) + n;
    }
  }
  if (extra) counts.push(extra);
  return {
    from: start,
    to: start + counts.length * step,
    stepMs: step,
    buckets: counts.map((c, i) => ({ at: start + i * step, counts: c })),
  };
}

function minAt(buckets: readonly LogVolumeBucket[]): number | null {
  let min: number | null = null;
  for (const b of buckets) if (Number.isFinite(b.at) && (min === null || b.at < min)) min = b.at;
  return min;
}

/** `a mod m` in [0, m). */
function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
