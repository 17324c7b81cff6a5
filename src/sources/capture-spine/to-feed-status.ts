import { CronError, nextCronRun, parseCron, previousCronRun } from '@/lib/cron';
import type { FeedCadence, FeedRunSummary, FeedState, FeedStatus, FeedStatusReport } from '@/lib/model';
import type { FeedStatusResponse } from './api-schemas';

type RawFeed = FeedStatusResponse['feeds'][number];
type RawRun = NonNullable<RawFeed['last_run']>;

function toRun(run: RawRun): FeedRunSummary {
  return {
    id: run.id,
    status: run.status,
    startedAt: run.started_at,
    completedAt: run.completed_at,
    itemsNew: run.items_new,
    itemsFailed: run.items_failed,
    itemsProcessed: run.items_processed,
    errorType: run.error_type,
    errors: run.errors,
  };
}

interface Schedule {
  cadence: FeedCadence | null;
  periodMs: number | null;
  /** The run that should have started most recently, at or before `now`. */
  expectedAt: (now: number) => number | null;
  nextAfter: (t: number) => number | null;
}

function scheduleOf(feed: RawFeed): Schedule {
  if (feed.schedule_cron) {
    const cron = parseCron(feed.schedule_cron);
    return {
      cadence: { kind: 'cron', expression: feed.schedule_cron },
      periodMs: null,
      expectedAt: (now) => previousCronRun(cron, now),
      nextAfter: (t) => nextCronRun(cron, t),
    };
  }
  if (feed.poll_interval_seconds) {
    const period = feed.poll_interval_seconds * 1000;
    return {
      cadence: { kind: 'interval', seconds: feed.poll_interval_seconds },
      periodMs: period,
      expectedAt: () => null,
      nextAfter: (t) => t + period,
    };
  }
  return { cadence: null, periodMs: null, expectedAt: () => null, nextAfter: () => null };
}

/**
 * Derives a feed's state against its cadence. A run is due at `next_poll_at` when capture-spine
 * says so, else one cadence after the last run started (or at the latest cron slot). Past the
 * due time plus a grace of 10 % of the period (at least a minute) the feed is late; once a whole
 * further period has passed with no run it has missed a run. Failures win over lateness.
 */
export function deriveFeedState(feed: RawFeed, now: number): Pick<FeedStatus, 'state' | 'nextDueAt' | 'lagSeconds' | 'cadence'> & { warning?: string } {
  let schedule: Schedule;
  try {
    schedule = scheduleOf(feed);
  } catch (error) {
    const why = error instanceof CronError ? error.message : String(error);
    return { state: 'unknown', nextDueAt: null, lagSeconds: null, cadence: null, warning: `Feed "${feed.name}": ${why}` };
  }
  const last = feed.last_run;
  const lastStart = last ? Date.parse(last.started_at) : null;
  let due: number | null = feed.next_poll_at ? Date.parse(feed.next_poll_at) : null;
  if (due === null && lastStart !== null) due = schedule.nextAfter(lastStart);
  if (due === null) due = schedule.expectedAt(now);
  const expected = schedule.expectedAt(now);
  if (expected !== null && lastStart !== null && due !== null && expected > lastStart && expected < due) due = expected;

  let period = schedule.periodMs;
  if (period === null && due !== null) {
    const following = schedule.nextAfter(due);
    period = following === null ? null : following - due;
  }
  const lagMs = due === null ? null : Math.max(0, now - due);
  const grace = period === null ? 60_000 : Math.max(60_000, period * 0.1);

  if (!feed.enabled) return { state: 'disabled', cadence: schedule.cadence, nextDueAt: null, lagSeconds: null };
  let state: FeedState;
  // A feed whose recent runs failed is failing even while a retry runs: that is what on-call needs to see.
  if (last?.status === 'failed' || feed.consecutive_failures > 0) state = 'failing';
  else if (last?.status === 'running' || last?.status === 'pending') state = 'running';
  else if (lagMs === null) state = 'unknown';
  else if (period !== null && lagMs > period) state = 'missed';
  else if (lagMs > grace) state = 'late';
  else state = 'on_time';

  return {
    state,
    cadence: schedule.cadence,
    nextDueAt: due === null ? null : new Date(due).toISOString(),
    lagSeconds: lagMs === null ? null : Math.round(lagMs / 1000),
  };
}

function withType(type: string | null, message: string): string | null {
  if (type && !message.startsWith(type)) return message ? `${type}: ${message}` : type;
  return message || null;
}

/** The last run's error, else the most recent failure capture-spine remembers (while a retry runs). */
function lastErrorOf(feed: RawFeed): string | null {
  const run = feed.last_run;
  if (run && (run.errors.length > 0 || run.error_type)) return withType(run.error_type, run.errors.at(-1) ?? '');
  if (feed.last_error && feed.consecutive_failures > 0) return withType(feed.last_error.error_type, feed.last_error.message);
  return null;
}

export function toFeedStatus(raw: FeedStatusResponse, now: number): FeedStatusReport {
  const warnings: string[] = [];
  const feeds: FeedStatus[] = raw.feeds.map((feed) => {
    const { warning, ...derived } = deriveFeedState(feed, now);
    if (warning) warnings.push(warning);
    return {
      id: feed.feed_id,
      name: feed.name,
      type: feed.feed_type ?? null,
      enabled: feed.enabled,
      lastRun: feed.last_run ? toRun(feed.last_run) : null,
      consecutiveFailures: feed.consecutive_failures,
      lastError: lastErrorOf(feed),
      ...derived,
    };
  });
  return { feeds, generatedAt: raw.generated_at, warnings };
}
