/**
 * The newest warning-and-above lines of a range, grouped into issues: what the Errors views and
 * the alert watcher (in the tab, or in the console service) read. No React, so both can run it.
 */
import type { IssueGroup } from '@/errors/pipeline';
import type { GroupCallOptions, GroupingClient } from '@/errors/worker';
import type { LogEntry, LogLevel } from '@/lib/model';
import { supports } from '@/sources/registry';
import type { ResolvedRange } from '@/sources/source-adapter';
import type { CapableSource } from '@/sources/sources-context';

/** The console groups at most this many of the newest warning-and-above lines in the range. */
export const SAMPLE_LINES = 10_000;
const ERROR_LEVELS: LogLevel[] = ['warning', 'error', 'critical'];

export interface IssuesResult {
  groups: IssueGroup[];
  sampled: number;
  /** More matching lines exist in the range than were grouped. */
  truncated: boolean;
  /** Warning-and-above lines in the range, counted by the source (null when it cannot count). */
  total: number | null;
  warnings: string[];
  range: { from: number; to: number };
  /**
   * Set when the console service's issue index answered: every line of the range was grouped as
   * it arrived (`sampled` and `total` are the range's count), and first seen means first seen
   * since `knownSinceNs`.
   */
  index?: { knownSinceNs: string };
}

export async function sampleErrorIssues(source: Pick<CapableSource<'logs'>, 'adapter' | 'client'>, range: ResolvedRange, grouping: GroupingClient, call: GroupCallOptions & { signal: AbortSignal }): Promise<IssuesResult> {
  const ctx = { signal: call.signal, range };
  const totalPromise = supports(source.adapter, 'logVolume')
    ? source.adapter.capabilities
        .logVolume(source.client, { levels: ERROR_LEVELS, stepMs: Math.max(60_000, range.to - range.from) }, ctx)
        .then((b) => b.reduce((n, x) => n + Object.values(x.counts).reduce((m, c) => m + (c ?? 0), 0), 0))
        .catch(() => null)
    : Promise.resolve(null);
  const entries: LogEntry[] = [];
  const warnings: string[] = [];
  let cursor: string | null = null;
  let truncated = false;
  for (;;) {
    const page = await source.adapter.capabilities.logs(
      source.client,
      { levels: ERROR_LEVELS, limit: Math.min(5000, SAMPLE_LINES - entries.length), direction: 'backward', cursor },
      ctx,
    );
    for (const e of page.entries) entries.push(e);
    warnings.push(...page.warnings);
    truncated = page.truncated;
    if (!page.truncated || !page.nextCursor || entries.length >= SAMPLE_LINES) break;
    cursor = page.nextCursor;
  }
  const groups = await grouping.group(entries, { range }, call);
  return { groups, sampled: entries.length, truncated, total: await totalPromise, warnings: [...new Set(warnings)], range };
}
