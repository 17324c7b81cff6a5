/**
 * The log engine: events are generated lazily per one-minute, epoch-aligned bucket. Each
 * bucket's content is a pure function of (scenario, bucket index), so any query over any
 * window returns consistent events, and a query stops generating as soon as it has `limit`.
 */
import { BACKGROUND, diurnalFactor } from './log-background';
import { feedRunDrafts, healthProbeDrafts, incidentDrafts } from './log-incidents';
import { Rng } from './prng';
import type { Draft } from './render';
import { renderDraft } from './render';
import type { Ctx } from './timeline';
import type { LogQueryOptions, SimLogEvent } from './types';

export const BUCKET_MS = 60_000;

function backgroundDrafts(ctx: Ctx, b: number, start: number): Draft[] {
  const out: Draft[] = [];
  for (const src of BACKGROUND) {
    const r = new Rng(ctx.seed, 'bg', src.key, b);
    const mean = src.perMin * (src.diurnal ? diurnalFactor(start + BUCKET_MS / 2) : 1);
    const n = r.poisson(mean);
    for (let i = 0; i < n; i++) {
      const ms = start + Math.floor(r.f() * BUCKET_MS);
      const sub = r.int(0, 998_999);
      const tpl = r.weighted(src.templates, (x) => x.w);
      const made = tpl.make({ ctx, ms, r });
      out.push({ ms, sub, service: src.service, format: src.format, incidentId: null, exception: null, ...made, ...(src.ecs ? { ecs: src.ecs } : {}) });
    }
  }
  return out;
}

/** All events of bucket `b`, ascending by tsNs, with strictly increasing timestamps. */
export function bucketEvents(ctx: Ctx, b: number): SimLogEvent[] {
  if (ctx.name === 'empty') return [];
  const start = b * BUCKET_MS;
  const drafts = [
    ...backgroundDrafts(ctx, b, start),
    ...incidentDrafts(ctx, b, start, BUCKET_MS),
    ...feedRunDrafts(ctx, start, BUCKET_MS),
    ...healthProbeDrafts(ctx, start, BUCKET_MS),
  ];
  drafts.sort((x, y) => x.ms - y.ms || x.sub - y.sub);
  for (let i = 1; i < drafts.length; i++) {
    const prev = drafts[i - 1];
    const cur = drafts[i];
    if (!prev || !cur) continue;
    if (cur.ms === prev.ms && cur.sub <= prev.sub) {
      // Resolve a (very rare) nanosecond tie deterministically.
      drafts[i] = prev.sub >= 999_999 ? { ...cur, ms: prev.ms + 1, sub: 0 } : { ...cur, sub: prev.sub + 1 };
    }
  }
  return drafts.map(renderDraft);
}

export function queryLogs(ctx: Ctx, fromMs: number, toMs: number, opts: LogQueryOptions = {}): SimLogEvent[] {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const backward = opts.direction === 'backward';
  const out: SimLogEvent[] = [];
  if (ctx.name === 'empty' || toMs < fromMs || limit <= 0) return out;
  const firstB = Math.floor(fromMs / BUCKET_MS);
  const lastB = Math.floor(toMs / BUCKET_MS);
  const inRange = (e: SimLogEvent) => {
    const ms = Number(e.tsNs.slice(0, -6));
    return ms >= fromMs && ms <= toMs;
  };
  for (let i = 0; i <= lastB - firstB; i++) {
    const b = backward ? lastB - i : firstB + i;
    const events = bucketEvents(ctx, b);
    if (backward) events.reverse();
    for (const e of events) {
      if (!inRange(e)) continue;
      if (opts.filter && !opts.filter(e)) continue;
      out.push(e);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
