/**
 * Patterns of the lines the explorer loaded, for sources without a pattern endpoint
 * (Elasticsearch, capture-spine): the console's own template miner (src/errors/miner) groups
 * the first line of each message; `<*>` marks a variable part. Pure.
 */
import { groupMessages } from '@/errors/miner';
import type { LogEntry, LogLevel, LogPattern, LogPatternReport } from '@/lib/model';
import { nsToMs } from '@/lib/nanotime';

const firstLine = (message: string) => {
  const i = message.indexOf('\n');
  return i < 0 ? message : message.slice(0, i);
};

export interface MinedPatterns {
  report: LogPatternReport;
  /**
   * The pattern of each entry, keyed by the entry itself (not its id: a string-keyed Map would
   * intern every id, see src/sources/without-seen.ts): what a click filters on.
   */
  patternOf: WeakMap<LogEntry, string>;
}

/** Groups `entries`; samples are counted per `stepMs` (aligned to multiples of the step). */
export function minePatterns(entries: readonly LogEntry[], stepMs: number): MinedPatterns {
  const step = Math.max(1000, stepMs);
  const grouped = groupMessages(entries.map((e) => firstLine(e.message)));
  const patternOf = new WeakMap<LogEntry, string>();
  const acc = new Map<string, { total: number; counts: Map<number, number>; levels: Map<LogLevel, number> }>();
  entries.forEach((entry, i) => {
    const template = grouped[i]?.template ?? firstLine(entry.message);
    patternOf.set(entry, template);
    let a = acc.get(template);
    if (!a) acc.set(template, (a = { total: 0, counts: new Map(), levels: new Map() }));
    a.total += 1;
    const at = Math.floor(nsToMs(entry.timeNs) / step) * step;
    a.counts.set(at, (a.counts.get(at) ?? 0) + 1);
    a.levels.set(entry.level, (a.levels.get(entry.level) ?? 0) + 1);
  });
  const patterns = [...acc]
    .map(([pattern, a]): LogPattern => ({
      pattern,
      // The level most of its lines have (ties: the more severe, by enumeration order below).
      level: [...a.levels].sort((x, y) => y[1] - x[1] || SEVERITY.indexOf(x[0]) - SEVERITY.indexOf(y[0]))[0]?.[0] ?? null,
      total: a.total,
      samples: [...a.counts].sort(([x], [y]) => x - y).map(([at, count]) => ({ at, count })),
    }))
    .sort((x, y) => y.total - x.total || (x.pattern < y.pattern ? -1 : x.pattern > y.pattern ? 1 : 0));
  return { report: { patterns, warnings: [] }, patternOf };
}

const SEVERITY: LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug', 'trace', 'unknown'];
