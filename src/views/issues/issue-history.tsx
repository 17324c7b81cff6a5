import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import type { ObservableStore } from '@/errors/ui/issues-context';
import type { IssueWithState } from '@/errors/ui/issues-data';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatCount, formatDateTime } from '@/lib/format';
import { compareNs, nsToIso, nsToMs } from '@/lib/nanotime';
import { supports } from '@/sources/registry';
import type { CapableSource } from '@/sources/sources-context';
import { searchTextFor } from './issues-filter';

/** How far back "Find first occurrence" searches (Loki and Elasticsearch often keep 7–30 days). */
const RETENTION_MS = 7 * 86_400_000;

/**
 * On-demand questions the sample cannot answer: when did this issue really start (searching the
 * source's retention, beyond the selected range), and how many lines match it exactly (counted
 * by the source, not sampled).
 */
export function IssueHistory({ issue, source, store }: { issue: IssueWithState; source: CapableSource<'logs'>; store: ObservableStore }) {
  const { now, range } = useConsoleSettings();
  const text = searchTextFor(issue);
  const firstSeen = useMutation({
    mutationFn: async () => {
      const to = nsToMs(issue.firstSeenNs);
      const page = await source.adapter.capabilities.logs(
        source.client,
        { text, services: issue.services.map((s) => s.name), limit: 1, direction: 'forward' },
        { signal: new AbortController().signal, range: { from: now() - RETENTION_MS, to: to + 1 } },
      );
      const earliest = page.entries[0];
      if (earliest && compareNs(earliest.timeNs, issue.firstSeenNs) < 0) {
        const prev = store.store.get(issue.id);
        if (!prev?.firstSeenNs || compareNs(earliest.timeNs, prev.firstSeenNs) < 0) store.update(issue.id, { ...prev, firstSeenNs: earliest.timeNs, updatedAtMs: now() });
      }
      return earliest ?? null;
    },
  });
  const canCount = supports(source.adapter, 'logVolume');
  const count = useMutation({
    mutationFn: async () => {
      const adapter = source.adapter;
      if (!supports(adapter, 'logVolume')) return null;
      const span = 'last' in range ? null : range;
      const to = span ? Date.parse(span.to) : now();
      const from = span ? Date.parse(span.from) : to - (issue.sparkline.length * issue.bucketMs || 3_600_000);
      const buckets = await adapter.capabilities.logVolume(
        source.client,
        { text, services: issue.services.map((s) => s.name), stepMs: Math.max(60_000, to - from) },
        { signal: new AbortController().signal, range: { from, to } },
      );
      return buckets.reduce((n, b) => n + Object.values(b.counts).reduce((m, c) => m + (c ?? 0), 0), 0);
    },
  });
  return (
    <div className="flex flex-col gap-1.5 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" disabled={firstSeen.isPending || !text} onClick={() => firstSeen.mutate()}>
          {firstSeen.isPending ? 'Searching 7 days…' : 'Find first occurrence'}
        </Button>
        {firstSeen.isSuccess && (
          <span role="status">
            {firstSeen.data
              ? `Earliest line with “${text}” in the last 7 days: ${formatDateTime(nsToIso(firstSeen.data.timeNs))}.`
              : `No line with “${text}” before the range, within the last 7 days.`}
          </span>
        )}
        {firstSeen.isError && <span role="alert" className="text-crit">{firstSeen.error.message}</span>}
      </div>
      {canCount && (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" disabled={count.isPending || !text} onClick={() => count.mutate()}>
            {count.isPending ? 'Counting…' : 'Exact count'}
          </Button>
          {count.isSuccess && count.data !== null && (
            <span role="status">
              {formatCount(count.data)} {source.adapter.countsLines ? 'lines' : 'events'} containing “{text}” in the range, counted by {source.instance.label}
              {source.adapter.countsLines ? ` (${source.adapter.displayName} counts lines: a traceback can count more than once)` : ''}.
            </span>
          )}
          {count.isError && <span role="alert" className="text-crit">{count.error.message}</span>}
        </div>
      )}
    </div>
  );
}
