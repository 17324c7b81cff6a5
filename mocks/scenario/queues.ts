/** Celery queues and workers: every number is a pure function of (scenario, queue, t). */
import type { QueueDef } from './catalog';
import { QUEUE_DEFS, WORKER_2, WORKER_DEFS } from './catalog';
import { hash32, smooth, unit } from './prng';
import type { Ctx } from './timeline';
import { BACKLOG_DRAIN_PER_MIN, BACKLOG_INFLOW_PER_MIN, T } from './timeline';
import type { SimQueue, SimWorker } from './types';

const JITTER_MS = 15_000;
const HEARTBEAT_MS = 2_000;

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function workerOnline(ctx: Ctx, name: string, t: number): boolean {
  return !(name === WORKER_2 && ctx.tl.worker2Down(t));
}

function onlineConsumers(ctx: Ctx, queue: string, t: number): string[] {
  return WORKER_DEFS.filter((w) => w.queues.includes(queue) && workerOnline(ctx, w.name, t)).map((w) => w.name);
}

type QueueNumbers = Omit<SimQueue, 'name' | 'workers'>;

/** Queue numbers at t, without the worker list. */
export function queueNumbers(ctx: Ctx, def: QueueDef, t: number): QueueNumbers {
  const n = smooth(t, 90_000, ctx.seed, 'q', def.name);
  const j = unit(ctx.seed, 'qj', def.name, Math.floor(t / JITTER_MS));
  let depth = Math.floor(def.spread * n * n + def.depth * 2 * j);
  let succeeded = def.succeededPerMin * (0.8 + 0.4 * n);
  let failed = def.failedPerMin * 2 * j;
  let active = Math.round(def.active * (0.4 + 1.2 * n));
  let reserved = depth > 0 ? Math.min(depth, Math.floor(3 * j)) : 0;
  const waitPerTask = def.name === 'slow' ? 75 : def.name === 'low' ? 12 : 1.5;
  let oldest: number | null = depth > 0 ? Math.round(2 + depth * waitPerTask * (0.5 + j)) : null;

  const tl = ctx.tl;
  if (tl.pgDown(t) && (def.name === 'realtime' || def.name === 'high' || def.name === 'default')) {
    failed = succeeded * (0.5 + 0.3 * j);
    succeeded *= 0.3;
  }
  const m = def.name === 'default' ? tl.backlogMinutes(t) : 0;
  if (m > 0) {
    depth += Math.round((BACKLOG_INFLOW_PER_MIN - BACKLOG_DRAIN_PER_MIN) * m * (0.97 + 0.06 * j));
    succeeded = BACKLOG_DRAIN_PER_MIN * (0.9 + 0.2 * n);
    failed = 0.5 + j;
    active = 4;
    reserved = 4;
    oldest = Math.round(m * 60 * (1 - BACKLOG_DRAIN_PER_MIN / BACKLOG_INFLOW_PER_MIN) + 20 + 10 * j);
  }
  if (onlineConsumers(ctx, def.name, t).length === 0) {
    active = 0;
    reserved = 0;
  }
  return { depth, active, reserved, succeededPerMin: round1(succeeded), failedPerMin: round1(failed), oldestTaskAgeSeconds: depth > 0 ? oldest : null };
}

export function queuesAt(ctx: Ctx, t: number): SimQueue[] {
  return QUEUE_DEFS.map((def) => ({ name: def.name, ...queueNumbers(ctx, def, t), workers: onlineConsumers(ctx, def.name, t) }));
}

export function workersAt(ctx: Ctx, t: number): SimWorker[] {
  const active = new Map<string, number>();
  for (const def of QUEUE_DEFS) {
    const consumers = onlineConsumers(ctx, def.name, t);
    if (consumers.length === 0) continue;
    const q = queueNumbers(ctx, def, t);
    for (let i = 0; i < q.active; i++) {
      // During the backlog worker-1 is the only default consumer, so all default work lands there.
      const w = consumers[hash32(ctx.seed, 'assign', def.name, Math.floor(t / JITTER_MS), i) % consumers.length] ?? '';
      active.set(w, (active.get(w) ?? 0) + 1);
    }
  }
  return WORKER_DEFS.map((w) => {
    const online = workerOnline(ctx, w.name, t);
    const downAt = ctx.anchorMs + T.worker2Down;
    return {
      name: w.name,
      online,
      queues: [...w.queues],
      active: online ? (active.get(w.name) ?? 0) : 0,
      lastHeartbeatAt: online ? Math.floor(t / HEARTBEAT_MS) * HEARTBEAT_MS : Math.floor((downAt - 1) / HEARTBEAT_MS) * HEARTBEAT_MS,
    };
  });
}

export function depthSeries(ctx: Ctx, def: QueueDef, fromMs: number, toMs: number, stepMs: number): { at: number; depth: number }[] {
  if (!(stepMs > 0)) throw new Error('queueDepth: stepMs must be > 0');
  if (toMs < fromMs) return [];
  if ((toMs - fromMs) / stepMs > 100_000) throw new Error('queueDepth: too many points');
  const out: { at: number; depth: number }[] = [];
  // Anchored on `toMs` so the last point is exactly the depth queues(toMs) reports.
  for (let t = toMs; t >= fromMs; t -= stepMs) out.push({ at: t, depth: queueNumbers(ctx, def, t).depth });
  return out.reverse();
}
