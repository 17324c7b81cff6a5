import type { SourceAdapter } from '@/sources/source-adapter';
import { toSourceError } from '@/sources/source-error';
import { feedHistorySchema, feedStatusResponseSchema, healthHistorySchema, healthResponseSchema, monitoringAlertsSchema, queueStatsResponseSchema, systemDashboardSchema } from './api-schemas';
import { alertsToLogPage, minLevelFor } from './to-log-entries';
import { captureSpineConfigSchema, createCaptureSpineClient, parseResponse } from './client';
import type { CaptureSpineClient, CaptureSpineConfig } from './client';
import { toFeedStatus } from './to-feed-status';
import { toFeedHistory, toQueueHistory, toServiceHistory } from './to-history';
import type { SourceHistory } from '@/lib/model';
import { toQueueStats } from './to-queue-stats';
import { toServiceHealth } from './to-service-health';
import { captureSpineServerDescriptor } from './server-descriptor';
import { afterPosition } from '../without-seen';

/** Minutes covered by a range, as capture-spine's `minutes` parameter expects. */
function minutesOf(range: { from: number; to: number }): number {
  return Math.max(1, Math.ceil((range.to - range.from) / 60_000));
}

/** About 120 points per chart, never finer than 10 s. */
function stepSecondsOf(range: { from: number; to: number }): number {
  return Math.max(10, Math.round((range.to - range.from) / 1000 / 120));
}

export const captureSpineAdapter: SourceAdapter<CaptureSpineConfig, CaptureSpineClient, 'capture-spine'> = {
  kind: 'capture-spine',
  displayName: 'capture-spine',
  // Its `logs` are its alerts (WARNING and above), not a log store: views prefer Loki or Elasticsearch.
  server: captureSpineServerDescriptor,
  configSchema: captureSpineConfigSchema,
  createClient: createCaptureSpineClient,

  async testConnection(client, { signal }) {
    const started = client.now();
    try {
      const raw = parseResponse(healthResponseSchema, await client.getJson('health', {}, signal), 'health', client.sourceId);
      const latencyMs = client.now() - started;
      const ok = ['healthy', 'ok', 'ready'].includes(raw.status.toLowerCase());
      const version = raw.version ?? null;
      return {
        ok,
        version,
        latencyMs,
        message: ok
          ? `Reachable${version ? `, version ${version}` : ''}: /health says "${raw.status}".`
          : `Reachable but /health says "${raw.status}".`,
      };
    } catch (error) {
      const e = toSourceError(error, client.sourceId);
      return { ok: false, version: null, latencyMs: null, message: `${e.message} ${e.hint}` };
    }
  },

  capabilities: {
    async serviceHealth(client, _params, { signal, range }) {
      const raw = await client.getJson('dashboard', { minutes: minutesOf(range), history_limit: 40 }, signal);
      return toServiceHealth(parseResponse(systemDashboardSchema, raw, 'system dashboard', client.sourceId), range);
    },
    async feedStatus(client, _params, { signal }) {
      const raw = await client.getJson('feeds', {}, signal);
      return toFeedStatus(parseResponse(feedStatusResponseSchema, raw, 'feed status', client.sourceId), client.now());
    },
    async queueStats(client, _params, { signal, range }) {
      const raw = await client.getJson('queues', { minutes: minutesOf(range), step_seconds: stepSecondsOf(range) }, signal);
      return toQueueStats(parseResponse(queueStatsResponseSchema, raw, 'queue stats', client.sourceId));
    },
    async history(client, { kinds, stepMs, services }, { signal, range }) {
      if (!(stepMs >= 10_000)) throw new RangeError(`history: stepMs must be at least 10 s (got ${stepMs})`);
      const minutes = minutesOf(range);
      const out: SourceHistory = { warnings: [] };
      await Promise.all([
        kinds.includes('services') &&
          client
            .getJson('healthHistory', { minutes, ...(services && services.length > 0 ? { services: services.join(',') } : {}) }, signal)
            .then((raw) => {
              out.services = toServiceHistory(parseResponse(healthHistorySchema, raw, 'health history', client.sourceId));
            }),
        kinds.includes('queues') &&
          client.getJson('queues', { minutes, step_seconds: Math.round(stepMs / 1000) }, signal).then((raw) => {
            out.queues = toQueueHistory(toQueueStats(parseResponse(queueStatsResponseSchema, raw, 'queue stats', client.sourceId)));
          }),
        kinds.includes('feeds') &&
          client.getJson('feedHistory', { minutes }, signal).then((raw) => {
            const feeds = toFeedHistory(parseResponse(feedHistorySchema, raw, 'feed history', client.sourceId), range, stepMs);
            out.feeds = feeds.feeds;
            out.warnings.push(...feeds.warnings);
          }),
      ]);
      return out;
    },
    async logs(client, params, { signal, range }) {
      const raw = await client.getJson('alerts', { minutes: minutesOf(range), limit: Math.min(params.limit, 1000), min_level: minLevelFor(params.levels) }, signal);
      const page = alertsToLogPage(parseResponse(monitoringAlertsSchema, raw, 'monitoring alerts', client.sourceId), params);
      if (!params.newerThan) return page;
      // The alerts API takes whole minutes: a refresh drops what it already showed. If some lines
      // were dropped, the answer reached back past the newest one shown, so nothing was cut off.
      const entries = afterPosition(page.entries, params.newerThan);
      return { ...page, entries, truncated: page.truncated && entries.length === page.entries.length };
    },
  },
};

export type { CaptureSpineConfig } from './client';
