/**
 * The log engine: events are generated lazily per one-minute, epoch-aligned bucket. Each
 * bucket's content is a pure function of (scenario, bucket index), so any query over any
 * window returns consistent events, and a query stops generating as soon as it has `limit`.
 *
 * A bucket is built in two stages. `bucketShapes` decides every event's time, service, level and
 * line count, in order, without any text; `bucketEvents` then renders those shapes. Background
 * events draw their text from a per-event random stream, so their shapes cost a few draws each:
 * counting log volume (mocks/wire) never renders a line, and counts exactly what rendering gives.
 */
import type { BackgroundSource, Tpl } from './log-background';
import { BACKGROUND, diurnalFactor } from './log-background';
import { feedRunDrafts, healthProbeDrafts, incidentDrafts } from './log-incidents';
import { Rng, hash32 } from './prng';
import type { Draft } from './render';
import { renderDraft } from './render';
import type { Ctx } from './timeline';
import type { LogQueryOptions, SimLevel, SimLogEvent, SimLogFormat, SimLogShape } from './types';

export const BUCKET_MS = 60_000;

/** An event before its text: what counting needs, plus how to draw the rest. */
interface Shape extends SimLogShape {
  format: SimLogFormat;
  /** Story events (incidents, feed runs, probes) are drafted in full up front. */
  draft: Draft | null;
  /** Background events: the source, template, time as drawn, and index in the bucket. */
  src: BackgroundSource | null;
  tpl: Tpl | null;
  drawnMs: number;
  index: number;
}

/** Loki lines of a rendered draft: the first line and the traceback (ecs-json: one JSON line). */
function lineCount(d: Draft): number {
  return d.format === 'ecs-json' || !d.exception ? 1 : 1 + d.exception.traceback.length;
}

function levelOf(tpl: Tpl, ctx: Ctx, ms: number): SimLevel {
  return typeof tpl.level === 'string' ? tpl.level : tpl.level({ ctx, ms });
}

function backgroundShapes(ctx: Ctx, b: number, start: number, out: Shape[]): void {
  for (const src of BACKGROUND) {
    const r = new Rng(ctx.seed, 'bg', src.key, b);
    const mean = src.perMin * (src.diurnal ? diurnalFactor(start + BUCKET_MS / 2) : 1);
    const n = r.poisson(mean);
    for (let i = 0; i < n; i++) {
      const ms = start + Math.floor(r.f() * BUCKET_MS);
      const sub = r.int(0, 998_999);
      const tpl = r.weighted(src.templates, (x) => x.w);
      out.push({ ms, sub, service: src.service, level: levelOf(tpl, ctx, ms), lines: 1, format: src.format, draft: null, src, tpl, drawnMs: ms, index: i });
    }
  }
}

/**
 * Visits the events of bucket `b` without text, in no particular order and with their times as
 * drawn, before `bucketShapes` breaks nanosecond ties (which only raises a tied event's sub by a
 * few ns, and never moves its ms while a bucket holds under 1,000 events). Services, levels and
 * line counts are exactly those of `bucketShapes`. Allocates nothing per background event (the
 * visited object is reused: copy what you keep). Returns the number of events.
 */
export function visitRawShapes(ctx: Ctx, b: number, visit: (s: Readonly<SimLogShape>) => void): number {
  if (ctx.name === 'empty') return 0;
  const start = b * BUCKET_MS;
  const cur: SimLogShape = { ms: 0, sub: 0, service: '', level: 'INFO', lines: 1 };
  let n = 0;
  for (const src of BACKGROUND) {
    const r = new Rng(ctx.seed, 'bg', src.key, b);
    const mean = src.perMin * (src.diurnal ? diurnalFactor(start + BUCKET_MS / 2) : 1);
    const count = r.poisson(mean);
    for (let i = 0; i < count; i++) {
      // The same draws as backgroundShapes, in the same order.
      cur.ms = start + Math.floor(r.f() * BUCKET_MS);
      cur.sub = r.int(0, 998_999);
      const tpl = r.weighted(src.templates, (x) => x.w);
      cur.service = src.service;
      cur.level = levelOf(tpl, ctx, cur.ms);
      cur.lines = 1;
      visit(cur);
      n++;
    }
  }
  const story = (d: Draft) => {
    cur.ms = d.ms;
    cur.sub = d.sub;
    cur.service = d.service;
    cur.level = d.level;
    cur.lines = lineCount(d);
    visit(cur);
    n++;
  };
  incidentDrafts(ctx, b, start, BUCKET_MS).forEach(story);
  feedRunDrafts(ctx, start, BUCKET_MS).forEach(story);
  healthProbeDrafts(ctx, start, BUCKET_MS).forEach(story);
  return n;
}

function storyShape(d: Draft): Shape {
  return { ms: d.ms, sub: d.sub, service: d.service, level: d.level, lines: lineCount(d), format: d.format, draft: d, src: null, tpl: null, drawnMs: d.ms, index: 0 };
}

/**
 * The shapes of bucket `b`, ascending by (ms, sub) with strictly increasing timestamps: the
 * events of `bucketEvents(ctx, b)` in the same order, without their text.
 */
export function bucketShapes(ctx: Ctx, b: number): SimLogShape[] {
  return shapesOf(ctx, b);
}

function shapesOf(ctx: Ctx, b: number): Shape[] {
  if (ctx.name === 'empty') return [];
  const start = b * BUCKET_MS;
  const shapes: Shape[] = [];
  backgroundShapes(ctx, b, start, shapes);
  for (const d of incidentDrafts(ctx, b, start, BUCKET_MS)) shapes.push(storyShape(d));
  for (const d of feedRunDrafts(ctx, start, BUCKET_MS)) shapes.push(storyShape(d));
  for (const d of healthProbeDrafts(ctx, start, BUCKET_MS)) shapes.push(storyShape(d));
  shapes.sort((x, y) => x.ms - y.ms || x.sub - y.sub);
  for (let i = 1; i < shapes.length; i++) {
    const prev = shapes[i - 1];
    const cur = shapes[i];
    if (!prev || !cur) continue;
    if (cur.ms === prev.ms && cur.sub <= prev.sub) {
      // Resolve a (very rare) nanosecond tie deterministically.
      if (prev.sub >= 999_999) {
        cur.ms = prev.ms + 1;
        cur.sub = 0;
      } else cur.sub = prev.sub + 1;
    }
  }
  return shapes;
}

/** hash32(seed, 'bg-text', source key) per source: the per-event text streams only mix in numbers. */
const textSeeds = new WeakMap<Ctx, Map<string, number>>();
function textSeed(ctx: Ctx, key: string): number {
  let seeds = textSeeds.get(ctx);
  if (!seeds) textSeeds.set(ctx, (seeds = new Map()));
  let seed = seeds.get(key);
  if (seed === undefined) seeds.set(key, (seed = hash32(ctx.seed, 'bg-text', key)));
  return seed;
}

function draftOf(ctx: Ctx, b: number, s: Shape): Draft {
  if (s.draft) return s.draft.ms === s.ms && s.draft.sub === s.sub ? s.draft : { ...s.draft, ms: s.ms, sub: s.sub };
  const src = s.src as BackgroundSource;
  const tpl = s.tpl as Tpl;
  // The text has its own stream: drawing it never moves another event's time or level.
  const made = tpl.make({ ctx, ms: s.drawnMs, r: new Rng(textSeed(ctx, src.key), b, s.index) });
  return { ms: s.ms, sub: s.sub, service: src.service, format: src.format, level: s.level, incidentId: null, exception: null, ...made, ...(src.ecs ? { ecs: src.ecs } : {}) };
}

/** All events of bucket `b`, ascending by tsNs, with strictly increasing timestamps. */
export function bucketEvents(ctx: Ctx, b: number): SimLogEvent[] {
  return shapesOf(ctx, b).map((s) => renderDraft(draftOf(ctx, b, s)));
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
