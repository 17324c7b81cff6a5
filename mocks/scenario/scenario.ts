/** createScenario: the public entry point tying the generators together. */
import type { FeedDef, ServiceDef } from './catalog';
import { FEED_DEFS, QUEUE_DEFS, SERVICE_DEFS, toFeed, toService } from './catalog';
import { lastRunAt, runsStartedBetween } from './feeds';
import { CHECK_INTERVAL_MS, checksBetween, latestCheck } from './health';
import { bucketShapes, queryLogs, visitRawShapes } from './logs';
import { depthSeries, queuesAt, workersAt } from './queues';
import { makeCtx } from './timeline';
import type { Scenario, ScenarioOptions } from './types';

export const DEFAULT_SEED = 42;

export function createScenario(opts: ScenarioOptions): Scenario {
  const seed = opts.seed ?? DEFAULT_SEED;
  const ctx = makeCtx(opts.name, seed, opts.anchorMs);
  const empty = opts.name === 'empty';
  const services: readonly ServiceDef[] = empty ? [] : SERVICE_DEFS;
  const feeds: readonly FeedDef[] = empty ? [] : FEED_DEFS;
  const svc = (id: string) => services.find((s) => s.id === id);
  const feed = (id: string) => feeds.find((f) => f.id === id || f.name === id);

  return {
    name: opts.name,
    anchorMs: opts.anchorMs,
    seed,
    checkIntervalMs: CHECK_INTERVAL_MS,
    services: () => services.map(toService),
    checks: (id, fromMs, toMs) => {
      const s = svc(id);
      return s ? checksBetween(ctx, s, fromMs, toMs) : [];
    },
    checkAt: (id, atMs) => {
      const s = svc(id);
      if (!s) throw new Error(`unknown service "${id}"`);
      return latestCheck(ctx, s, atMs);
    },
    feeds: () => feeds.map(toFeed),
    feedRuns: (id, fromMs, toMs) => {
      const f = feed(id);
      return f ? runsStartedBetween(ctx, f, fromMs, toMs) : [];
    },
    lastRun: (id, atMs) => {
      const f = feed(id);
      return f ? lastRunAt(ctx, f, atMs) : null;
    },
    queues: (atMs) => (empty ? [] : queuesAt(ctx, atMs)),
    queueDepth: (name, fromMs, toMs, stepMs) => {
      const q = empty ? undefined : QUEUE_DEFS.find((d) => d.name === name);
      return q ? depthSeries(ctx, q, fromMs, toMs, stepMs) : [];
    },
    workers: (atMs) => (empty ? [] : workersAt(ctx, atMs)),
    incidents: () => ctx.tl.incidents(),
    logs: (fromMs, toMs, o) => queryLogs(ctx, fromMs, toMs, o),
    logShapes: (b) => bucketShapes(ctx, b),
    visitLogShapes: (b, visit) => visitRawShapes(ctx, b, visit),
  };
}
