/** Loki matrix (sum by level of count_over_time) → LogVolumeBucket[]. Pure. */
import type { LogLevel, LogVolumeBucket } from '@/lib/model';
import { secondsToMs } from '@/lib/nanotime';
import type { LokiMatrixSeries } from './api-schemas';
import { normalizeLevel } from '@/lib/log-level';

/** Prometheus-style sample strings: "NaN", "+Inf", "-Inf" are mapped explicitly, never parseFloat'ed blindly. */
export function parseSampleValue(value: string): number {
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    default: {
      const n = Number(value);
      return value.trim() === '' ? Number.NaN : n;
    }
  }
}

export function seriesLevel(metric: Record<string, string>, levelLabel: readonly string[]): LogLevel {
  for (const key of [...levelLabel, 'level', 'detected_level']) {
    const level = normalizeLevel(metric[key]);
    if (level) return level;
  }
  return 'unknown';
}

/**
 * One bucket per timestamp (ms), oldest first; counts summed per normalized level (so `warn`
 * and `WARNING` series add up). Non-finite samples (NaN, ±Inf) carry no count and are skipped.
 * `windowMs`: the samples are `count_over_time(… [windowMs])` values, which Loki stamps with the
 * window's end t (they count (t − windowMs, t]); each bucket is then placed at its start,
 * `at = t − windowMs`, as the logVolume contract wants. Default 0: `at` = the sample time.
 */
export function toLogVolume(series: readonly LokiMatrixSeries[], levelLabel: readonly string[] = [], windowMs = 0): LogVolumeBucket[] {
  const buckets = new Map<number, LogVolumeBucket>();
  for (const s of series) {
    const level = seriesLevel(s.metric, levelLabel);
    for (const [seconds, raw] of s.values) {
      const value = parseSampleValue(raw);
      const at = secondsToMs(seconds) - windowMs;
      let bucket = buckets.get(at);
      if (!bucket) {
        bucket = { at, counts: {} };
        buckets.set(at, bucket);
      }
      if (!Number.isFinite(value) || value < 0) continue;
      bucket.counts[level] = (bucket.counts[level] ?? 0) + value;
    }
  }
  return [...buckets.values()].sort((a, b) => a.at - b.at);
}
