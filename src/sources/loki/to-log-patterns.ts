/** Loki `/patterns` → LogPatternReport. Pure. */
import { normalizeLevel } from '@/lib/log-level';
import type { LogPattern, LogPatternReport } from '@/lib/model';
import type { LokiPatterns } from './api-schemas';
import { patternLostSpaces } from './logql';

/**
 * Sample timestamps are Unix seconds (notes A.2). A value past year 5138 in seconds can only be
 * milliseconds: accepted as such rather than drawn 1000× too far in the future.
 */
function sampleMs(ts: number): number {
  return ts > 1e11 ? Math.round(ts) : Math.round(ts * 1000);
}

export function toLogPatterns(response: LokiPatterns): LogPatternReport {
  const byPattern = new Map<string, LogPattern & { counts: Map<number, number> }>();
  for (const series of response.data ?? []) {
    // The same pattern may come once per level (3.6+) or once per querier shard: merge by text + level.
    const level = series.level === undefined ? null : normalizeLevel(series.level) ?? 'unknown';
    const key = `${level ?? ''}\u0000${series.pattern}`;
    let entry = byPattern.get(key);
    if (!entry) {
      entry = { pattern: series.pattern, level, total: 0, samples: [], counts: new Map() };
      byPattern.set(key, entry);
    }
    for (const [ts, count] of series.samples ?? []) {
      if (!Number.isFinite(ts) || !Number.isFinite(count) || count < 0) continue;
      const at = sampleMs(ts);
      entry.counts.set(at, (entry.counts.get(at) ?? 0) + count);
      entry.total += count;
    }
  }
  const patterns = [...byPattern.values()]
    .map(({ counts, ...p }): LogPattern => ({
      ...p,
      samples: [...counts].sort(([a], [b]) => a - b).map(([at, count]) => ({ at, count })),
      ...(patternLostSpaces(p.pattern) ? { spacesLost: true } : {}),
    }))
    .sort((a, b) => b.total - a.total || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
  return { patterns, warnings: [] };
}
