/** `date_histogram` (+ per-level-field `terms`) aggregation → LogVolumeBucket[] (pure). */
import { z } from '@/lib/zod';
import type { LogLevel, LogVolumeBucket } from '@/lib/model';
import { normalizeLevel } from '@/lib/log-level';
import { VOLUME_AGG } from './query-dsl';

const termsSchema = z.object({ buckets: z.array(z.object({ key: z.union([z.string(), z.number()]), doc_count: z.number() })) });
const histogramSchema = z.object({
  buckets: z.array(z.looseObject({ key: z.union([z.number(), z.string()]), doc_count: z.number() })),
});

/**
 * Counts per level; a document's level comes from whichever level field it has. What no level
 * field accounts for is `unknown`. Returns null when the aggregation is missing or malformed.
 */
export function toLogVolume(aggregations: Record<string, unknown> | undefined, aggName = VOLUME_AGG): LogVolumeBucket[] | null {
  const parsed = histogramSchema.safeParse(aggregations?.[aggName]);
  if (!parsed.success) return null;
  return parsed.data.buckets.map((bucket) => {
    const counts: Partial<Record<LogLevel, number>> = {};
    let known = 0;
    for (const [name, value] of Object.entries(bucket)) {
      if (!name.startsWith('level_')) continue;
      const terms = termsSchema.safeParse(value);
      if (!terms.success) continue;
      for (const term of terms.data.buckets) {
        const level = normalizeLevel(String(term.key)) ?? 'unknown';
        counts[level] = (counts[level] ?? 0) + term.doc_count;
        known += term.doc_count;
      }
    }
    const rest = bucket.doc_count - known;
    if (rest > 0) counts.unknown = (counts.unknown ?? 0) + rest;
    return { at: Number(bucket.key), counts };
  });
}
