/**
 * Renders the simulator's facts in capture-spine's wire format: the documented shapes
 * (/health, /api/v1/monitoring/alerts, FeedRun, FeedTaskStats) and the console's proposed
 * contract for the rest (docs/capture-spine-api.md). Pure: (scenario, now, params) → JSON.
 */
import type { Scenario, SimCheck, SimFeedRun } from '../scenario';

const iso = (ms: number) => new Date(ms).toISOString();
const STATUS: Record<SimCheck['status'], string> = { up: 'healthy', degraded: 'degraded', down: 'unhealthy' };

/** Uptime over a window, sampling at most ~1,500 checks per service. */
function uptimePct(scenario: Scenario, serviceId: string, from: number, to: number): number | null {
  const step = Math.max(scenario.checkIntervalMs, Math.ceil((to - from) / 1500 / scenario.checkIntervalMs) * scenario.checkIntervalMs);
  let total = 0;
  let up = 0;
  for (let t = to; t >= from; t -= step) {
    const c = scenario.checkAt(serviceId, t);
    total++;
    if (c.status !== 'down') up++;
  }
  return total === 0 ? null : Math.round((10_000 * up) / total) / 100;
}

export function systemDashboardWire(scenario: Scenario, now: number, minutes: number, historyLimit = 40) {
  const from = now - minutes * 60_000;
  const services = scenario.services().map((s) => {
    const history = scenario.checks(s.id, Math.max(from, now - historyLimit * scenario.checkIntervalMs), now).slice(-historyLimit);
    const last = scenario.checkAt(s.id, now);
    return {
      name: s.id,
      display_name: s.name,
      category: s.group,
      critical: s.critical,
      url: s.url,
      status: STATUS[last.status],
      http_status: last.httpStatus,
      response_time_ms: last.responseTimeMs,
      checked_at: iso(last.at),
      version: s.version,
      error: last.error,
      uptime_pct: uptimePct(scenario, s.id, from, now),
      history: history.map((c) => ({ checked_at: iso(c.at), status: STATUS[c.status], response_time_ms: c.responseTimeMs })),
    };
  });
  const unhealthy = services.filter((s) => s.status === 'unhealthy');
  return {
    generated_at: iso(now),
    summary: {
      total: services.length,
      healthy: services.filter((s) => s.status === 'healthy').length,
      unhealthy: unhealthy.length,
      critical_down: unhealthy.filter((s) => s.critical).length,
    },
    services,
  };
}

/** The fields that name and schedule a feed, shared by /feeds/status and /feeds/history. */
function feedIdentityWire(f: ReturnType<Scenario['feeds']>[number]) {
  return {
    feed_id: f.id,
    name: f.name,
    feed_type: f.type,
    base_url: f.url,
    enabled: f.enabled,
    schedule_cron: f.cron,
    poll_interval_seconds: f.intervalSeconds,
  };
}

function feedRunWire(run: SimFeedRun) {
  return {
    id: run.id,
    feed_name: run.feedName,
    status: run.status,
    started_at: iso(run.startedAt),
    completed_at: run.completedAt === null ? null : iso(run.completedAt),
    items_processed: run.itemsProcessed,
    items_new: run.itemsNew,
    items_duplicate: run.itemsDuplicate,
    items_failed: run.itemsFailed,
    errors: run.errors,
    error_type: run.errorType,
  };
}

export function feedStatusWire(scenario: Scenario, now: number) {
  const feeds = scenario.feeds().map((f) => {
    const recent = scenario.feedRuns(f.id, now - 2 * 86_400_000, now);
    let failures = 0;
    for (let i = recent.length - 1; i >= 0; i--) {
      const run = recent[i]!;
      if (run.status === 'running') continue;
      if (run.status !== 'failed') break;
      failures++;
    }
    const last = scenario.lastRun(f.id, now);
    const lastFailed = [...recent].reverse().find((r) => r.status === 'failed');
    return {
      ...feedIdentityWire(f),
      next_poll_at: null,
      consecutive_failures: failures,
      last_run: last ? feedRunWire(last) : null,
      last_error: lastFailed
        ? { at: iso(lastFailed.completedAt ?? lastFailed.startedAt), error_type: lastFailed.errorType, message: lastFailed.errors.at(-1) ?? '' }
        : null,
    };
  });
  const workers = scenario.workers(now);
  return {
    generated_at: iso(now),
    stats: {
      total_feeds: feeds.length,
      enabled_feeds: feeds.filter((f) => f.enabled).length,
      active_workers: workers.filter((w) => w.online).length,
      claimed_feeds: feeds.filter((f) => f.last_run?.status === 'running').length,
      overdue_feeds: 0,
      feeds_with_errors: feeds.filter((f) => f.consecutive_failures > 0).length,
    },
    feeds,
  };
}

export function queueStatsWire(scenario: Scenario, now: number, minutes: number, stepSeconds: number) {
  const from = now - minutes * 60_000;
  const step = Math.max(10_000, stepSeconds * 1000);
  return {
    generated_at: iso(now),
    queues: scenario.queues(now).map((q) => ({
      name: q.name,
      messages: q.depth,
      active: q.active,
      reserved: q.reserved,
      consumers: q.workers,
      succeeded_per_minute: Math.round(q.succeededPerMin * 10) / 10,
      failed_per_minute: Math.round(q.failedPerMin * 10) / 10,
      oldest_message_age_seconds: q.oldestTaskAgeSeconds,
      history: scenario.queueDepth(q.name, from, now, step).map((p) => ({ t: iso(p.at), messages: p.depth })),
    })),
    workers: scenario.workers(now).map((w) => ({
      hostname: w.name,
      status: w.online ? 'online' : 'offline',
      queues: w.queues,
      active: w.active,
      last_heartbeat: w.lastHeartbeatAt === null ? null : iso(w.lastHeartbeatAt),
    })),
  };
}

const LEVELS = ['WARNING', 'ERROR', 'CRITICAL'] as const;

/** GET /api/v1/monitoring/alerts, exactly as documented. */
export function monitoringAlertsWire(scenario: Scenario, now: number, minutes: number, limit: number, minLevel: string) {
  const min = Math.max(0, LEVELS.indexOf(minLevel.toUpperCase() as (typeof LEVELS)[number]));
  const wanted = new Set<string>(LEVELS.slice(min));
  const events = scenario.logs(now - minutes * 60_000, now, {
    direction: 'backward',
    filter: (e) => wanted.has(e.level) && !e.message.includes('GET /health'),
  });
  const alerts = events.slice(0, limit).map((e) => ({
    timestamp: new Date(Number(BigInt(e.tsNs) / 1_000_000n)).toISOString(),
    level: e.level,
    service: e.service,
    logger: e.logger,
    message: e.message,
    exception: e.exception ? `${e.exception.type}: ${e.exception.message}` : null,
  }));
  return {
    alerts,
    total_count: events.length,
    time_range_minutes: minutes,
    has_critical: events.some((e) => e.level === 'CRITICAL'),
    has_errors: events.some((e) => e.level === 'ERROR' || e.level === 'CRITICAL'),
  };
}

/**
 * GET /api/v1/system/health-history (proposed): each service's checks over the window, run-length
 * encoded. `services` narrows the list (unknown names are ignored, like a SQL IN).
 */
export function healthHistoryWire(scenario: Scenario, now: number, minutes: number, services: string[] | null) {
  const from = now - minutes * 60_000;
  const wanted = services && services.length > 0 ? new Set(services) : null;
  return {
    generated_at: iso(now),
    check_interval_seconds: scenario.checkIntervalMs / 1000,
    services: scenario
      .services()
      .filter((s) => !wanted || wanted.has(s.id))
      .map((s) => {
        const segments: { from: string; to: string; status: string; checks: number }[] = [];
        let run: { from: number; to: number; status: SimCheck['status']; checks: number } | null = null;
        const flush = () => run && segments.push({ from: iso(run.from), to: iso(run.to), status: STATUS[run.status], checks: run.checks });
        for (const c of scenario.checks(s.id, from, now)) {
          if (run && run.status === c.status) {
            run.to = c.at;
            run.checks++;
          } else {
            flush();
            run = { from: c.at, to: c.at, status: c.status, checks: 1 };
          }
        }
        flush();
        return { name: s.id, display_name: s.name, segments };
      }),
  };
}

/** GET /api/v1/feeds/history (proposed): cadence, the runs started in the window and the latest run before it. */
export function feedHistoryWire(scenario: Scenario, now: number, minutes: number) {
  const from = now - minutes * 60_000;
  const runsOf = (feedId: string) => {
    const inWindow = scenario.feedRuns(feedId, from, now);
    const before = scenario.lastRun(feedId, from - 1);
    return before && !inWindow.some((r) => r.id === before.id) ? [before, ...inWindow] : inWindow;
  };
  return {
    generated_at: iso(now),
    feeds: scenario.feeds().map((f) => ({
      ...feedIdentityWire(f),
      runs: runsOf(f.id).map(feedRunWire),
    })),
  };
}
