/** Service health checks: one probe per service every CHECK_INTERVAL_MS, epoch-aligned. */
import type { ServiceDef } from './catalog';
import { Rng, smooth } from './prng';
import type { Ctx } from './timeline';
import { T } from './timeline';
import type { SimCheck } from './types';

export const CHECK_INTERVAL_MS = 30_000;

const REFUSED = 'ConnectionRefusedError: [Errno 111] Connection refused';

/** The check that ran at `at` (which must be a multiple of the interval). */
export function checkAtSlot(ctx: Ctx, svc: ServiceDef, at: number): SimCheck {
  const r = new Rng(ctx.seed, 'check', svc.id, at);
  const wave = smooth(at, 10 * 60_000, ctx.seed, 'rt', svc.id);
  let rt = svc.baseMs * (0.6 + 0.8 * wave) * (0.85 + 0.3 * r.f());
  if (r.chance(0.015)) rt *= 3 + 4 * r.f(); // the occasional slow probe
  const up: SimCheck = { at, status: 'up', responseTimeMs: round1(rt), httpStatus: svc.http ? 200 : null, error: null };
  const tl = ctx.tl;
  if (!tl.active) return up;

  switch (svc.id) {
    case 'postgres':
      if (tl.pgDown(at)) return down(at, 'pg_isready: postgres:5432 - no response');
      return up;
    case 'spine-dev-api':
      if (tl.pgDown(at)) {
        return { at, status: 'degraded', responseTimeMs: round1(rt * 25 + 900 * r.f()), httpStatus: 503, error: `Database unavailable: ${REFUSED}` };
      }
      return up;
    case 'spine-dev-celery-worker':
      if (tl.worker2Down(at)) {
        const silentS = Math.round((at - (ctx.anchorMs + T.worker2Down)) / 1000);
        return { ...up, status: 'degraded', error: `celery@spine-dev-celery-worker-2: no reply to ping (last heartbeat ${silentS}s ago)` };
      }
      return up;
    case 'spine-ollama':
      if (tl.ollamaDown(at)) return down(at, REFUSED);
      return up;
    case 'genai-spine-api':
      if (tl.ollamaDown(at)) {
        return { ...up, status: 'degraded', responseTimeMs: round1(rt * 4), error: 'providers.ollama: unhealthy' };
      }
      return up;
    default:
      return up;
  }
}

function down(at: number, error: string): SimCheck {
  return { at, status: 'down', responseTimeMs: null, httpStatus: null, error };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function checksBetween(ctx: Ctx, svc: ServiceDef, fromMs: number, toMs: number): SimCheck[] {
  const out: SimCheck[] = [];
  const first = Math.ceil(fromMs / CHECK_INTERVAL_MS) * CHECK_INTERVAL_MS;
  for (let t = first; t <= toMs; t += CHECK_INTERVAL_MS) out.push(checkAtSlot(ctx, svc, t));
  return out;
}

export function latestCheck(ctx: Ctx, svc: ServiceDef, atMs: number): SimCheck {
  return checkAtSlot(ctx, svc, Math.floor(atMs / CHECK_INTERVAL_MS) * CHECK_INTERVAL_MS);
}
