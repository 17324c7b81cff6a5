import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { issueState, storedStateOf } from '@/errors/lifecycle';
import type { IssueLifecycle } from '@/errors/lifecycle';
import type { IssueGroup } from '@/errors/pipeline';
import type { GroupingClient } from '@/errors/worker';
import { consoleKeys } from '@/lib/console-keys';
import type { ServiceClient } from '@/service/service-client';
import { serviceKeys } from '@/service/service-queries';
import { useConsoleSettings } from '@/lib/console-settings';
import { useSettled } from '@/lib/use-settled';
import { sampleErrorIssues } from '@/errors/sample-issues';
import type { IssuesResult } from '@/errors/sample-issues';
import { resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { CapableSource } from '@/sources/sources-context';
import { useIssueStore, useIssuesContext } from './issues-context';

export type { IssuesResult } from '@/errors/sample-issues';
export { SAMPLE_LINES } from '@/errors/sample-issues';

export function errorIssuesQuery(source: CapableSource<'logs'>, range: TimeRangeSpec, now: () => number, grouping: GroupingClient, onProgress?: (done: number, total: number) => void) {
  // Typed with a plain QueryKey: useErrorIssues runs this or indexedIssuesQuery through one useQuery.
  return queryOptions<IssuesResult, Error, IssuesResult, QueryKey>({
    queryKey: consoleKeys.query(source.instance.id, 'errorIssues', { range }),
    queryFn: ({ signal }): Promise<IssuesResult> => sampleErrorIssues(source, resolveRange(range, now()), grouping, { signal, ...(onProgress ? { onProgress } : {}) }),
    structuralSharing: false,
  });
}

/**
 * The issues from the console service's issue index: every line of the range, grouped once as it
 * arrived, first seen ever. While the index does not know the source yet (a service just
 * started), or cannot answer, a sample is grouped here as without the service, saying why.
 */
export function indexedIssuesQuery(client: ServiceClient, source: CapableSource<'logs'>, range: TimeRangeSpec, now: () => number, grouping: GroupingClient, onProgress?: (done: number, total: number) => void) {
  return queryOptions<IssuesResult, Error, IssuesResult, QueryKey>({
    queryKey: serviceKeys.indexedIssues(client.baseUrl, source.instance.id, range),
    queryFn: async ({ signal }): Promise<IssuesResult> => {
      const resolved = resolveRange(range, now());
      let why: string;
      try {
        const list = await client.indexedIssues(source.instance.id, { from: resolved.from, to: resolved.to, buckets: 24 }, { signal });
        if (list.knownSinceNs !== null) {
          const total = list.issues.reduce((n, i) => n + i.count, 0);
          return { groups: list.issues, sampled: total, truncated: false, total, warnings: [], range: resolved, index: { knownSinceNs: list.knownSinceNs } };
        }
        why = 'the console service has not indexed this source yet';
      } catch (error) {
        if (signal.aborted) throw error;
        why = `the console service's issue index did not answer (${error instanceof Error ? error.message : String(error)})`;
      }
      const sample = await sampleErrorIssues(source, resolved, grouping, { signal, ...(onProgress ? { onProgress } : {}) });
      return { ...sample, warnings: [...sample.warnings, `Grouped a sample here: ${why}.`] };
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
  const { grouping, service } = useIssuesContext();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const onProgress = (done: number, total: number) => setProgress({ done, total });
  const options = service
    ? indexedIssuesQuery(service.client, source, range, now, grouping, onProgress)
    : errorIssuesQuery(source, range, now, grouping, onProgress);
  // A failed query is not deferred again: after the boundary's Retry it must fetch at once, or
  // the remounted tile throws the old error before the deferral ends.
  const failed = useQueryClient().getQueryState(options.queryKey)?.status === 'error';
  const query = useQuery({
    ...options,
    refetchInterval: refreshMs,
    // Inside a tile the boundary shows the error; elsewhere (the alert watcher) it must never throw.
    throwOnError: (_e, q) => throwErrors && q.state.data === undefined,
    enabled: !defer || idle || failed,
  });
  const observable = useIssueStore(source.instance.id);
  const version = observable.version();
  const issues = useMemo<IssueWithState[]>(() => {
    void version;
    const t = now();
    return (query.data?.groups ?? []).map((g) => ({ ...g, lifecycle: issueState(g, storedStateOf(observable.store, g), t) }));
  }, [query.data, observable, version, now]);
  return { query, issues, progress: query.isFetching ? progress : null, store: observable };
}
