import { useMemo } from 'react';
import type { LogEntry } from '@/lib/model';
import { supports } from '@/sources/registry';
import type { CapableSource } from '@/sources/sources-context';
import { minePatterns, type MinedPatterns } from './mine-patterns';

export interface PatternFilter {
  /** The source computes patterns itself (Loki): the pattern goes into its query. */
  server: boolean;
  /** Patterns mined from the loaded lines (other sources), when the panel or a filter needs them. */
  mined: MinedPatterns | null;
  /** The lines to show: all of them, or (mined mode) those of the selected pattern. */
  entries: LogEntry[];
}

/**
 * Where a pattern filter applies. A source with `logPatterns` filters on the server (the query
 * carries the pattern); for the others the console mines the loaded lines and filters them here.
 */
export function usePatternFilter(source: CapableSource<'logs'>, entries: LogEntry[], pattern: string, open: boolean, stepMs: number): PatternFilter {
  const server = supports(source.adapter, 'logPatterns');
  const needMined = !server && (open || pattern !== '');
  const mined = useMemo(() => (needMined ? minePatterns(entries, stepMs) : null), [needMined, entries, stepMs]);
  const filtered = useMemo(() => (mined && pattern ? entries.filter((e) => mined.patternOf.get(e) === pattern) : entries), [mined, pattern, entries]);
  return { server, mined, entries: filtered };
}
