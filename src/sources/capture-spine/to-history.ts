/**
 * capture-spine's history responses → the normalized SourceHistory pieces. Pure.
 * Feed states are derived at each step with the same rule as the live feed status
 * (deriveFeedState), from the run that was the latest at that instant.
 */
import type { FeedStateHistory, FeedStatePoint, HealthStatus, QueueDepthHistory, QueueStatsReport, ServiceCheckHistory } from '@/lib/model';
import type { ResolvedRange } from '@/sources/source-adapter';
import type { FeedHistoryResponse, FeedStatusResponse, HealthHistoryResponse } from './api-schemas';
import { deriveFeedState } from './to-feed-status';

const STATUS: Record<string, HealthStatus> = { healthy: 'up', degraded: 'degraded', unhealthy: 'down', unknown: 'unknown' };

export function toServiceHistory(raw: HealthHistoryResponse): ServiceCheckHistory[] {
  return raw.services.map((s) => ({
    id: s.name,
    name: s.display_name ?? s.name,
    segments: [...s.segments]
      .sort((a, b) => Date.parse(a.from) - Date.parse(b.from))
      .map((g) => ({ from: g.from, to: g.to, status: STATUS[g.status] ?? 'unknown', checks: g.checks })),
  }));
}

export function toQueueHistory(report: QueueStatsReport): QueueDepthHistory[] {
  return report.queues.map((q) => ({ name: q.name, points: q.depthHistory }));
}

type RawFeed = FeedStatusResponse['feeds'][number];
type RawRun = NonNullable<RawFeed['last_run']>;

function errorOf(run: RawRun | undefined): string | null {
  if (!run || run.status !== 'failed') return null;
  const message = run.errors.at(-1) ?? '';
  if (run.error_type && !message.startsWith(run.error_type)) return message ? `${run.error_type}: ${message}` : run.error_type;
  return message || null;
}

/** The feed's state at every step of the range (t = from + k·step, k ≥ 0). */
export function toFeedHistory(raw: FeedHistoryResponse, range: ResolvedRange, stepMs: number): { feeds: FeedStateHistory[]; warnings: string[] } {
  const warnings = new Set<string>();
  const feeds = raw.feeds.map((feed) => {
    const runs = [...feed.runs].sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
    const starts = runs.map((r) => Date.parse(r.started_at));
    const points: FeedStatePoint[] = [];
    let i = -1;
    for (let t = range.from; t <= range.to; t += stepMs) {
      while (i + 1 < runs.length && starts[i + 1]! <= t) i++;
      // The run as it looked at t: one that completed later was still running then.
      const run = runs[i];
      const completed = run?.completed_at ? Date.parse(run.completed_at) : null;
      const lastRun = run ? (completed !== null && completed <= t ? run : { ...run, status: 'running' as const, completed_at: null }) : null;
      let failures = 0;
      for (let j = i; j >= 0; j--) {
        const r = runs[j]!;
        const done = r.completed_at ? Date.parse(r.completed_at) : null;
        if (done === null || done > t || r.status === 'running' || r.status === 'pending') continue;
        if (r.status !== 'failed') break;
        failures++;
      }
      const derived = deriveFeedState({ ...feed, last_run: lastRun, next_poll_at: null, consecutive_failures: failures, last_error: null }, t);
      if (derived.warning) warnings.add(derived.warning);
      const lastFailed = failures > 0 ? runs.slice(0, i + 1).reverse().find((r) => r.status === 'failed' && r.completed_at !== null && Date.parse(r.completed_at) <= t) : undefined;
      points.push({ at: new Date(t).toISOString(), state: derived.state, lagSeconds: derived.lagSeconds, lastError: errorOf(lastFailed) });
    }
    return { id: feed.feed_id, name: feed.name, points };
  });
  return { feeds, warnings: [...warnings] };
}
