/**
 * Which history a rule needs, and the part of a rule a source's history can replay. Where the
 * history lacks what a condition needs, the condition is dropped from the replayed copy and a
 * note says so: the backtest never pretends (e.g. queue history has depth only).
 */
import { formatDuration, parseDuration } from '../duration';
import type { Rule } from '../rule-schemas';

/** `logs` comes from the logVolume capability, the others from the history capability. */
export type RuleHistoryKind = 'logs' | 'services' | 'feeds' | 'queues';

/** The history a rule kind replays on; null: no source keeps it (issues are grouped by the console). */
export function historyKindOf(rule: Rule): RuleHistoryKind | null {
  switch (rule.kind) {
    case 'error-rate':
    case 'dead-man':
      return 'logs';
    case 'service-down':
      return 'services';
    case 'feed':
      return 'feeds';
    case 'queue':
      return 'queues';
    case 'issue':
      return null;
  }
}

export interface Backtestable {
  /** The copy of the rule to replay; null when nothing of it can be replayed on history. */
  rule: Rule | null;
  notes: string[];
}

/** `stepMs`: the history's resolution (an error-rate window finer than it is counted per step). */
export function backtestableRule(rule: Rule, stepMs?: number): Backtestable {
  const replay = { ...rule, enabled: true } as Rule;
  if (replay.kind === 'issue') {
    return { rule: null, notes: ['Issue rules need the console\'s grouping of error logs into issues; no source keeps that history.'] };
  }
  if (replay.kind === 'error-rate' && stepMs !== undefined && parseDuration(replay.window) < stepMs) {
    const step = formatDuration(stepMs);
    return { rule: { ...replay, window: step }, notes: [`The log history has one count per ${step}: the ${replay.window} window is replayed as ${step}.`] };
  }
  if (replay.kind !== 'queue') return { rule: replay, notes: [] };
  const notes: string[] = [];
  const { noWorker, oldestAgeAbove, ...rest } = replay;
  if (noWorker) notes.push('Queue history has depth only: the "no worker" condition is not replayed.');
  if (oldestAgeAbove !== undefined) notes.push('Queue history has depth only: the oldest-task-age condition is not replayed.');
  if (rest.depthAbove === undefined) return { rule: null, notes };
  return { rule: rest, notes };
}

/** The rule's evaluation window, which bounds the step of its log history (a coarser step would hide bursts). */
export function logWindowMs(rule: Rule): number | null {
  if (rule.kind === 'error-rate') return parseDuration(rule.window);
  if (rule.kind === 'dead-man') return parseDuration(rule.silence);
  return null;
}

export const BACKTEST_SPANS = { '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type BacktestSpan = keyof typeof BACKTEST_SPANS;

/**
 * The history step for a span: about 300 steps over 24 h and 700 over 7 d, never coarser than a
 * log rule's window (so an error-rate window is counted exactly, as tumbling windows), never finer
 * than a minute.
 */
export function historyStepMs(rule: Rule, span: BacktestSpan): number {
  const base = span === '24h' ? 5 * 60_000 : 15 * 60_000;
  const windowMs = logWindowMs(rule);
  const step = windowMs === null ? base : Math.min(base, windowMs);
  return Math.max(60_000, step);
}
