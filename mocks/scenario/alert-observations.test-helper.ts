/**
 * Test-only: builds evaluator observations from the simulator, the way the app would from its
 * query data. For the tests that run the demo story through the alerting (src/alerting).
 *   services: the checks that ran in (t − step, t];
 *   feeds:    lastRun + recent runs → the capture-spine wire shape → deriveFeedState (same rules as the app);
 *   queues:   scenario.queues / workers at t;
 *   logs:     counts per service × level per one-minute bucket that ended in (t − step, t];
 *   issues:   ERROR/CRITICAL events grouped by service + exception type (or message template),
 *             status from the app's issueState over the last 24 h (escalation, new).
 */
import type { IssueObs, LogCountObs, Observation } from '@/alerting/observation';
import type { Scenario, SimFeedRun } from './index';
import { issueState } from '@/errors/lifecycle';
import type { IssueStats } from '@/errors/lifecycle';
import type { LogLevel } from '@/lib/model';
import { deriveFeedState } from '@/sources/capture-spine/to-feed-status';
import type { FeedStatusResponse } from '@/sources/capture-spine/api-schemas';

type RawFeed = FeedStatusResponse['feeds'][number];

const MINUTE = 60_000;
const LEVEL: Record<string, LogLevel> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warning', ERROR: 'error', CRITICAL: 'critical' };

export interface ScenarioObsOptions {
  /** Issue range (the Errors view's range). Default 24 h. */
  issueRangeMs?: number;
  /** Leave out parts of the observation. */
  include?: { services?: boolean; feeds?: boolean; queues?: boolean; logs?: boolean; issues?: boolean };
}

interface ErrEvent {
  ms: number;
  key: string;
  title: string;
  service: string;
  level: LogLevel;
}

const iso = (ms: number) => new Date(ms).toISOString();

function rawRun(r: SimFeedRun): NonNullable<RawFeed['last_run']> {
  return {
    id: r.id, feed_name: r.feedName, status: r.status, started_at: iso(r.startedAt), completed_at: r.completedAt === null ? null : iso(r.completedAt),
    items_processed: r.itemsProcessed, items_new: r.itemsNew, items_duplicate: r.itemsDuplicate, items_failed: r.itemsFailed, errors: r.errors, error_type: r.errorType,
  };
}

function template(message: string): string {
  return message.replace(/\b[0-9a-f]{8,}\b/gi, '<hex>').replace(/\d+(?:\.\d+)?/g, '<n>').slice(0, 160);
}

export function observationsFromScenario(scenario: Scenario, from: number, to: number, stepMs: number, options: ScenarioObsOptions = {}): Observation[] {
  const inc = { services: true, feeds: true, queues: true, logs: true, issues: true, ...options.include };
  const issueRange = options.issueRangeMs ?? 24 * 3_600_000;
  const logFrom = inc.issues ? from - issueRange : from - stepMs - MINUTE;
  // One pass over the logs: counts per minute × service × level, and the error events.
  const counts = new Map<number, Map<string, number>>();
  const errors: ErrEvent[] = [];
  if (inc.logs || inc.issues) {
    for (const e of scenario.logs(Math.floor(logFrom / MINUTE) * MINUTE, to)) {
      const ms = Number(e.tsNs.slice(0, -6));
      const level = LEVEL[e.level] ?? 'unknown';
      const b = Math.floor(ms / MINUTE) * MINUTE;
      const m = counts.get(b) ?? new Map<string, number>();
      counts.set(b, m);
      const k = `${e.service}\u0000${level}`;
      m.set(k, (m.get(k) ?? 0) + 1);
      if (level === 'error' || level === 'critical') {
        const title = e.exception ? e.exception.type : template(e.message);
        errors.push({ ms, key: `${e.service}:${title}`, title, service: e.service, level });
      }
    }
  }
  const services = scenario.services();
  const feeds = scenario.feeds();
  const out: Observation[] = [];
  for (let t = from; t <= to; t += stepMs) {
    const obs: Observation = { at: t };
    if (inc.services) {
      obs.services = services.map((s) => {
        const last = scenario.checkAt(s.id, t);
        return { id: s.id, name: s.name, status: last.status, lastCheckAt: last.at, message: last.error,
          checks: scenario.checks(s.id, t - stepMs + 1, t).map((c) => ({ at: c.at, status: c.status })) };
      });
    }
    if (inc.feeds) {
      obs.feeds = feeds.map((f) => {
        const last = scenario.lastRun(f.id, t);
        const recent = scenario.feedRuns(f.id, t - 3 * 3_600_000, t).sort((a, b) => b.startedAt - a.startedAt);
        let failures = 0;
        for (const r of recent) {
          if (r.status === 'running') continue;
          if (r.status !== 'failed') break;
          failures += 1;
        }
        const raw: RawFeed = {
          feed_id: f.id, name: f.name, feed_type: f.type, base_url: f.url, enabled: f.enabled, schedule_cron: f.cron,
          poll_interval_seconds: f.intervalSeconds, next_poll_at: null, consecutive_failures: failures, last_run: last ? rawRun(last) : null, last_error: null,
        };
        const d = deriveFeedState(raw, t);
        const lastError = last?.errorType ? `${last.errorType}: ${last.errors.at(-1) ?? ''}` : null;
        return { id: f.id, name: f.name, state: d.state, lagSeconds: d.lagSeconds, lastError };
      });
    }
    if (inc.queues) {
      obs.queues = scenario.queues(t).map((q) => ({ name: q.name, depth: q.depth, oldestTaskAgeSeconds: q.oldestTaskAgeSeconds, workers: q.workers }));
      obs.workers = scenario.workers(t).map((w) => ({ name: w.name, online: w.online }));
    }
    if (inc.logs) {
      const logs: LogCountObs[] = [];
      for (let b = Math.ceil((t - stepMs) / MINUTE) * MINUTE; b + MINUTE <= t; b += MINUTE) {
        for (const [k, count] of counts.get(b) ?? []) {
          const [service = '', level = 'unknown'] = k.split('\u0000');
          logs.push({ from: b, to: b + MINUTE, service, level: level as LogLevel, count });
        }
      }
      obs.logs = logs;
    }
    if (inc.issues) obs.issues = issuesAt(errors, t, issueRange);
    out.push(obs);
  }
  return out;
}

const BUCKET = 5 * MINUTE;

function issuesAt(errors: readonly ErrEvent[], t: number, range: number): IssueObs[] {
  const start = t - range;
  const groups = new Map<string, ErrEvent[]>();
  const first = new Map<string, number>();
  for (const e of errors) {
    if (e.ms > t) break;
    if (!first.has(e.key)) first.set(e.key, e.ms);
    if (e.ms < start) continue;
    const g = groups.get(e.key) ?? [];
    groups.set(e.key, g);
    g.push(e);
  }
  const out: IssueObs[] = [];
  for (const [key, list] of groups) {
    const head = list[0];
    const tail = list[list.length - 1];
    if (!head || !tail) continue;
    const spark = new Array<number>(Math.ceil(range / BUCKET)).fill(0);
    for (const e of list) {
      const i = Math.min(spark.length - 1, Math.floor((e.ms - start) / BUCKET));
      spark[i] = (spark[i] ?? 0) + 1;
    }
    const firstMs = first.get(key) ?? head.ms;
    const stats: IssueStats = { count: list.length, firstSeenNs: `${firstMs}000000`, lastSeenNs: `${tail.ms}000000`, sparkline: spark, sparklineFromMs: start, bucketMs: BUCKET };
    const s = issueState(stats, undefined, t);
    out.push({ id: key, title: head.title, status: s.status, count: list.length, firstSeenAt: firstMs, lastSeenAt: tail.ms, services: [head.service],
      level: list.some((e) => e.level === 'critical') ? 'critical' : 'error' });
  }
  return out;
}
