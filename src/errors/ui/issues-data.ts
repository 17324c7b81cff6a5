import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { issueState } from '@/errors/lifecycle';
import type { IssueLifecycle } from '@/errors/lifecycle';
import type { IssueGroup } from '@/errors/pipeline';
import type { GroupingClient } from '@/errors/worker';
import { consoleKeys } from '@/lib/console-keys';
import { useConsoleSettings } from '@/lib/console-settings';
import { useSettled } from '@/lib/use-settled';
import type { LogEntry, LogLevel } from '@/lib/model';
import { resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import { supports } from '@/sources/registry';
import type { CapableSource } from '@/sources/sources-context';
import { useIssueStore, useIssuesContext } from './issues-context';

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
}

export function errorIssuesQuery(source: CapableSource<'logs'>, range: TimeRangeSpec, now: () => number, grouping: GroupingClient, onProgress?: (done: number, total: number) => void) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'errorIssues', { range }),
    queryFn: async ({ signal }): Promise<IssuesResult> => {
      const resolved = resolveRange(range, now());
      const ctx = { signal, range: resolved };
      const totalPromise = supports(source.adapter, 'logVolume')
        ? source.adapter.capabilities
            .logVolume(source.client, { levels: ERROR_LEVELS, stepMs: Math.max(60_000, resolved.to - resolved.from) }, ctx)
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
      const groups = await grouping.group(entries, { range: resolved }, { signal, ...(onProgress ? { onProgress } : {}) });
      return { groups, sampled: entries.length, truncated, total: await totalPromise, warnings: [...new Set(warnings)], range: resolved };
    },
    structuralSharing: false,
  });
}

export interface IssueWithState extends IssueGroup {
  lifecycle: IssueLifecycle;
}

const DEFER_UNTIL = ['serviceHealth', 'feedStatus', 'queueStats', 'logs', 'logVolume'];

/** Grouped issues of a source with their lifecycle, plus grouping progress while it runs. */
export function useErrorIssues(source: CapableSource<'logs'>, { defer = false, throwErrors = true }: { defer?: boolean; throwErrors?: boolean } = {}) {
  const { range, now, refreshMs } = useConsoleSettings();
  // Deferred grouping (the Errors tile, the alert watcher) runs after the view's own queries:
  // the health tiles on the dashboard, the lines and volume in the explorer.
  const idle = useSettled(DEFER_UNTIL, { minDelayMs: 1000, maxWaitMs: 5000 });
  const { grouping } = useIssuesContext();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const query = useQuery({
    ...errorIssuesQuery(source, range, now, grouping, (done, total) => setProgress({ done, total })),
    refetchInterval: refreshMs,
    // Inside a tile the boundary shows the error; elsewhere (the alert watcher) it must never throw.
    throwOnError: (_e, q) => throwErrors && q.state.data === undefined,
    enabled: !defer || idle,
  });
  const observable = useIssueStore(source.instance.id);
  const version = observable.version();
  const issues = useMemo<IssueWithState[]>(() => {
    void version;
    const t = now();
    return (query.data?.groups ?? []).map((g) => ({ ...g, lifecycle: issueState(g, observable.store.get(g.id), t) }));
  }, [query.data, observable, version, now]);
  return { query, issues, progress: query.isFetching ? progress : null, store: observable };
}
