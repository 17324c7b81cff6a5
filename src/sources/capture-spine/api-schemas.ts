/**
 * zod schemas for capture-spine's raw responses. `GET /health` and `GET /api/v1/monitoring/alerts`
 * exist today; the dashboard, feed-status and queue-stats shapes are the console's proposed
 * contract (docs/capture-spine-api.md). Schemas are tolerant of extra fields (schema drift
 * adds fields all the time) and strict about the fields the console reads.
 */
import { z } from '@/lib/zod';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO-8601 date' });
const count = z.number().int().nonnegative();

export const healthResponseSchema = z.looseObject({
  status: z.string(),
  version: z.string().nullish(),
});

const serviceStatus = z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']);

export const serviceCheckSchema = z.looseObject({
  checked_at: isoDate,
  status: serviceStatus,
  response_time_ms: z.number().nonnegative().nullable(),
});

export const dashboardServiceSchema = z.looseObject({
  name: z.string().min(1),
  display_name: z.string().nullish(),
  category: z.string().nullish(),
  critical: z.boolean().default(false),
  url: z.string().nullish(),
  status: serviceStatus,
  http_status: z.number().int().nullish(),
  response_time_ms: z.number().nonnegative().nullish(),
  checked_at: isoDate.nullish(),
  version: z.string().nullish(),
  error: z.string().nullish(),
  uptime_pct: z.number().min(0).max(100).nullish(),
  history: z.array(serviceCheckSchema).default([]),
});

export const systemDashboardSchema = z.looseObject({
  generated_at: isoDate,
  summary: z
    .looseObject({ total: count, healthy: count, unhealthy: count, critical_down: count })
    .nullish(),
  services: z.array(dashboardServiceSchema),
});
export type SystemDashboardResponse = z.infer<typeof systemDashboardSchema>;

/** Mirrors capture-spine's `feed_runs` table (feedspine FeedRun). */
export const feedRunSchema = z.looseObject({
  id: z.string(),
  feed_name: z.string(),
  status: z.enum(['pending', 'running', 'success', 'failed', 'cancelled']),
  started_at: isoDate,
  completed_at: isoDate.nullable(),
  items_processed: count,
  items_new: count,
  items_duplicate: count.default(0),
  items_failed: count,
  errors: z.array(z.string()).default([]),
  error_type: z.string().nullable().default(null),
});

export const feedStatusItemSchema = z.looseObject({
  feed_id: z.string(),
  name: z.string().min(1),
  feed_type: z.string().nullish(),
  base_url: z.string().nullish(),
  enabled: z.boolean(),
  schedule_cron: z.string().nullish(),
  poll_interval_seconds: z.number().int().positive().nullish(),
  next_poll_at: isoDate.nullish(),
  consecutive_failures: count.default(0),
  last_run: feedRunSchema.nullable(),
  /** Proposed: the most recent failure, so it stays visible while a retry runs. */
  last_error: z.looseObject({ at: isoDate, error_type: z.string().nullable(), message: z.string() }).nullish(),
});

/** FeedTaskStats, as documented. */
export const feedTaskStatsSchema = z.looseObject({
  total_feeds: count,
  enabled_feeds: count,
  active_workers: count,
  claimed_feeds: count,
  overdue_feeds: count,
  feeds_with_errors: count,
});

export const feedStatusResponseSchema = z.looseObject({
  generated_at: isoDate,
  stats: feedTaskStatsSchema.nullish(),
  feeds: z.array(feedStatusItemSchema),
});
export type FeedStatusResponse = z.infer<typeof feedStatusResponseSchema>;

export const queueSchema = z.looseObject({
  name: z.string().min(1),
  messages: count,
  active: count,
  reserved: count,
  consumers: z.array(z.string()),
  succeeded_per_minute: z.number().nonnegative(),
  failed_per_minute: z.number().nonnegative(),
  oldest_message_age_seconds: z.number().nonnegative().nullable(),
  history: z.array(z.looseObject({ t: isoDate, messages: count })).default([]),
});

export const workerSchema = z.looseObject({
  hostname: z.string(),
  status: z.enum(['online', 'offline']),
  queues: z.array(z.string()),
  active: count,
  last_heartbeat: isoDate.nullable(),
});

export const queueStatsResponseSchema = z.looseObject({
  generated_at: isoDate,
  queues: z.array(queueSchema),
  workers: z.array(workerSchema).default([]),
});
export type QueueStatsResponse = z.infer<typeof queueStatsResponseSchema>;

/** GET /api/v1/monitoring/alerts, as documented by capture-spine. */
export const monitoringAlertsSchema = z.looseObject({
  alerts: z.array(
    z.looseObject({
      timestamp: isoDate,
      level: z.string(),
      service: z.string().nullable(),
      logger: z.string().nullable(),
      message: z.string(),
      exception: z.string().nullable(),
    }),
  ),
  total_count: count,
  time_range_minutes: count,
  has_critical: z.boolean(),
  has_errors: z.boolean(),
});
export type MonitoringAlertsResponse = z.infer<typeof monitoringAlertsSchema>;

/**
 * Proposed: GET /api/v1/system/health-history?minutes=&services=. The check history of each
 * service, run-length encoded (consecutive checks with one status), so 7 days of 30-second checks
 * stay small. The console expands it back into checks for the alert backtest.
 */
export const healthHistorySchema = z.looseObject({
  generated_at: isoDate,
  check_interval_seconds: z.number().positive().nullish(),
  services: z.array(
    z.looseObject({
      name: z.string().min(1),
      display_name: z.string().nullish(),
      segments: z.array(
        z
          .looseObject({ from: isoDate, to: isoDate, status: serviceStatus, checks: z.number().int().positive() })
          .refine((s) => Date.parse(s.to) >= Date.parse(s.from), { message: 'segment ends before it starts', path: ['to'] }),
      ),
    }),
  ),
});
export type HealthHistoryResponse = z.infer<typeof healthHistorySchema>;

/**
 * Proposed: GET /api/v1/feeds/history?minutes=. Each feed's cadence and its runs (the `feed_runs`
 * rows) that started in the range, plus the latest run before it, so the console can derive
 * the feed's state at any instant of the range exactly as it derives it now.
 */
export const feedHistorySchema = z.looseObject({
  generated_at: isoDate,
  feeds: z.array(
    feedStatusItemSchema.omit({ last_run: true, next_poll_at: true, consecutive_failures: true, last_error: true }).extend({ runs: z.array(feedRunSchema) }),
  ),
});
export type FeedHistoryResponse = z.infer<typeof feedHistorySchema>;
