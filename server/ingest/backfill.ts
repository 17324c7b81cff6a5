/**
 * Backfill: when the index first sees a log source, it walks back through the source's retention
 * so old errors get their true first seen. The walk goes from where live ingest started down to
 * the bound fixed when it began (`now − BACKFILL`), one span (an hour on the epoch's hour grid)
 * at a time, newest first, so "known since" always means "every line since then is indexed".
 * Each span is read forward with pullNewLines (bounded by `untilNs`), resumable mid-span, and
 * recorded in the index in the transaction that advances the walk (ingest_cursors, migration 005).
 * Spans the source's log volume says are empty are skipped without reading a line.
 *
 * Span boundaries and multi-line events. A traceback may straddle a boundary b. Both spans
 * decide which lines at or after b belong to an event that began before b the same way: from
 * the lines of the window [b − L, b + L) alone, reassembled (`deferredAt`). Those lines go to
 * the older span (read later), every other line at or after b to the newer one, so each line is
 * handed out exactly once and the traceback stays one event. At live start there is no window:
 * live ingest already handed out what came after it.
 */
import { eq } from 'drizzle-orm';
import type { LogEntry, LogPage } from '@/lib/model';
import { addNs, compareNs, msToNs, nsToMs } from '@/lib/nanotime';
import { reassemble } from '@/errors/pipeline';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import type { AnySourceAdapter, LogQueryParams, QueryContext } from '@/sources/source-adapter';
import { toSourceError } from '@/sources/source-error';
import type { Db } from '../store/connect';
import { ingestCursors } from '../store/schema';
import type { IssueIndex } from './issue-index';
import { pullNewLines } from './pull-lines';
import type { IngestCursor } from './pull-lines';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface BackfillOptions {
  db: Db;
  index: IssueIndex;
  /** How far back from `now` the walk reaches when it begins (BACKFILL); 0 turns it off. */
  backMs: number;
  /** Span length, and the log-volume step. Default 1 h. */
  spanMs?: number;
  /** Span reads (one pullNewLines call each) per source and round: the budget. Default 3. */
  readsPerRound?: number;
  pageSize?: number;
  /** Pages per span read. Default 5. */
  maxPages?: number;
  /** The reassembly window around a boundary (reassemble()'s maxGapMs). Default 5 s. */
  windowMs?: number;
}

/** What GET /api/status shows (epoch ms): the walk covers [from, to); [doneTo, to) is indexed. */
export interface BackfillProgress {
  from: number;
  to: number;
  doneTo: number | null;
  done: boolean;
}

export interface BackfillStep {
  sourceId: string;
  lines: number;
  indexed: number;
  /** Span reads spent, and spans skipped on the volume's word. */
  reads: number;
  skipped: number;
  done: boolean;
  error: string | null;
}

export class BackfillConflict extends Error {
  constructor(sourceId: string) {
    super(`The backfill of "${sourceId}" moved since this step started (another writer advanced it); the step's writes were rolled back.`);
    this.name = 'BackfillConflict';
  }
}

interface Walk {
  liveStartNs: string;
  fromNs: string | null;
  toNs: string | null;
  spanNs: string | null;
  cursor: IngestCursor | null;
}

const HOUR_MS = 3_600_000;
/** Pages a boundary window may take before the boundary is treated as hard (an event may split there). */
const WINDOW_PAGES = 20;
/** Spans one volume request looks at. */
const VOLUME_SPANS = 48;

function walkOf(r: typeof ingestCursors.$inferSelect | undefined): Walk | null {
  if (!r?.liveStartNs) return null;
  return {
    liveStartNs: r.liveStartNs,
    fromNs: r.backfillFromNs,
    toNs: r.backfillToNs,
    spanNs: r.backfillSpanNs,
    cursor: r.backfillTimeNs === null ? null : { timeNs: r.backfillTimeNs, seenIds: Array.isArray(r.backfillSeenIds) ? r.backfillSeenIds.map(String) : [] },
  };
}

const sameWalk = (a: Walk | null, b: Walk) =>
  a !== null && a.fromNs === b.fromNs && a.toNs === b.toNs && a.spanNs === b.spanNs && JSON.stringify(a.cursor) === JSON.stringify(b.cursor);

/** The source with its `logs` pages filtered: what a span owns of the lines it reads. */
function filtered(source: ResolvedSource, keep: (e: LogEntry) => boolean): ResolvedSource {
  const adapter = source.adapter as AnySourceAdapter;
  const logs = adapter.capabilities.logs as (client: unknown, params: LogQueryParams, ctx: QueryContext) => Promise<LogPage>;
  const filteredLogs = async (client: unknown, params: LogQueryParams, ctx: QueryContext): Promise<LogPage> => {
    const page = await logs(client, params, ctx);
    return { ...page, entries: page.entries.filter(keep) };
  };
  return { ...source, adapter: { ...adapter, capabilities: { ...adapter.capabilities, logs: filteredLogs } } as AnySourceAdapter };
}

export function createBackfill(o: BackfillOptions) {
  const spanMs = Math.max(60_000, o.spanMs ?? HOUR_MS);
  const windowMs = o.windowMs ?? 5_000;
  const reads = Math.max(1, o.readsPerRound ?? 3);
  const pageSize = o.pageSize ?? 1_000;
  const maxPages = o.maxPages ?? 5;
  /** deferredAt results by `${sourceId}@${ns}`: both spans of a boundary ask, usually in one process. */
  const deferred = new Map<string, Set<string>>();
  const enabled = o.backMs > 0;

  async function load(sourceId: string, tx?: Tx): Promise<Walk | null> {
    const q = (tx ?? o.db).select().from(ingestCursors).where(eq(ingestCursors.sourceId, sourceId));
    const [row] = tx ? await q.for('update') : await q;
    return walkOf(row);
  }

  /** The lines at or after `bNs` that reassemble onto an event begun before it, judged from [b − L, b + L) only. */
  async function deferredAt(source: ResolvedSource, bNs: string, signal: AbortSignal): Promise<Set<string>> {
    const key = `${source.instance.id}@${bNs}`;
    const memo = deferred.get(key);
    if (memo) return memo;
    if (!supports(source.adapter, 'logs')) return new Set();
    const lo = addNs(bNs, -BigInt(windowMs) * 1_000_000n);
    const hi = addNs(bNs, BigInt(windowMs) * 1_000_000n);
    const lines: LogEntry[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    let complete = false;
    for (let page = 0; page < WINDOW_PAGES; page += 1) {
      const r: LogPage = await source.adapter.capabilities.logs(source.client, { limit: pageSize, direction: 'forward', cursor }, { signal, range: { from: nsToMs(lo), to: nsToMs(hi) + 1 } });
      for (const e of r.entries) {
        if (compareNs(e.timeNs, lo) >= 0 && compareNs(e.timeNs, hi) < 0 && !seen.has(e.id)) {
          seen.add(e.id);
          lines.push(e);
        }
      }
      if (!r.truncated || !r.nextCursor) {
        complete = !r.truncated;
        break;
      }
      cursor = r.nextCursor;
    }
    const out = new Set<string>();
    if (complete) {
      const byId = new Map(lines.map((e) => [e.id, e]));
      for (const ev of reassemble(lines, { order: 'oldest-first', maxGapMs: windowMs })) {
        if (compareNs(ev.timeNs, bNs) >= 0) continue;
        for (const id of ev.entryIds) if (compareNs((byId.get(id) as LogEntry).timeNs, bNs) >= 0) out.add(id);
      }
    }
    // An incomplete window (more lines than it may read) makes b a hard boundary on both sides.
    deferred.set(key, out);
    return out;
  }

  /** Spans in [loNs, hiNs) whose volume (and the bucket before: Loki counts a line on a step edge there) is zero. */
  async function emptySpans(source: ResolvedSource, loMs: number, hiMs: number, signal: AbortSignal): Promise<(startMs: number) => boolean> {
    if (!supports(source.adapter, 'logVolume')) return () => false;
    let buckets;
    try {
      buckets = await source.adapter.capabilities.logVolume(source.client, { stepMs: spanMs }, { signal, range: { from: Math.max(0, loMs - spanMs), to: hiMs } });
    } catch {
      return () => false; // no skipping: every span is read
    }
    const busy = new Set<number>();
    for (const b of buckets) {
      const n = Object.values(b.counts).reduce((s, c) => s + (c ?? 0), 0);
      if (n > 0) busy.add(Math.floor(b.at / spanMs) * spanMs);
    }
    const askedFrom = Math.floor(Math.max(0, loMs - spanMs) / spanMs) * spanMs;
    return (startMs) => {
      const g = Math.floor(startMs / spanMs) * spanMs;
      return g - spanMs >= askedFrom && g + spanMs <= Math.ceil(hiMs / spanMs) * spanMs && !busy.has(g) && !busy.has(g - spanMs);
    };
  }

  /** Advances the walk in `tx` after the index is written; refused when another writer moved it. */
  async function advance(tx: Tx, sourceId: string, was: Walk, next: Pick<Walk, 'toNs' | 'spanNs' | 'cursor'>, lines: number): Promise<void> {
    if (!sameWalk(await load(sourceId, tx), was)) throw new BackfillConflict(sourceId);
    const row = await tx.select({ n: ingestCursors.backfillLines }).from(ingestCursors).where(eq(ingestCursors.sourceId, sourceId));
    await tx.update(ingestCursors).set({
      backfillToNs: next.toNs, backfillSpanNs: next.spanNs, backfillTimeNs: next.cursor?.timeNs ?? null, backfillSeenIds: next.cursor ? [...next.cursor.seenIds] : [],
      backfillLines: Number(row[0]?.n ?? 0) + lines, backfillError: null,
    }).where(eq(ingestCursors.sourceId, sourceId));
  }

  async function fail(sourceId: string, message: string): Promise<void> {
    await o.db.update(ingestCursors).set({ backfillError: message.slice(0, 2000) }).where(eq(ingestCursors.sourceId, sourceId));
  }

  return {
    enabled,
    /** Called in the transaction of a source's first live advance: where the backfill will stop. */
    async rememberLiveStart(tx: Tx, sourceId: string, startNs: string): Promise<void> {
      const [row] = await tx.select({ ns: ingestCursors.liveStartNs }).from(ingestCursors).where(eq(ingestCursors.sourceId, sourceId));
      if (row && row.ns === null) await tx.update(ingestCursors).set({ liveStartNs: startNs }).where(eq(ingestCursors.sourceId, sourceId));
    },

    /** One round's budget of backfill for one source (after its live ingest). */
    async step(source: ResolvedSource, now: number, signal: AbortSignal): Promise<BackfillStep> {
      const id = source.instance.id;
      const out: BackfillStep = { sourceId: id, lines: 0, indexed: 0, reads: 0, skipped: 0, done: false, error: null };
      if (!enabled || !supports(source.adapter, 'logs')) return { ...out, done: true };
      let walk = await load(id);
      if (!walk) return out; // live ingest has not started: nothing to stop at yet
      if (walk.fromNs === null || walk.toNs === null) {
        // The bound is fixed now, so a restart or a later BACKFILL change does not move it.
        const bound = msToNs(Math.max(0, now - o.backMs));
        const fromNs = compareNs(bound, walk.liveStartNs) < 0 ? bound : walk.liveStartNs;
        await o.db.update(ingestCursors).set({ backfillFromNs: fromNs, backfillToNs: walk.liveStartNs }).where(eq(ingestCursors.sourceId, id));
        walk = { ...walk, fromNs, toNs: walk.liveStartNs, spanNs: null, cursor: null };
      }
      const fromNs = walk.fromNs as string;
      let isEmpty: ((startMs: number) => boolean) | null = null;
      try {
        while (out.reads < reads && compareNs(walk.toNs as string, fromNs) > 0) {
          const toNs = walk.toNs as string;
          const toMs = nsToMs(toNs);
          // [span, to): down to the hour-grid line below `to`, not past the bound.
          const gridNs = msToNs(Math.floor((toMs - (toNs.endsWith('000000') ? 1 : 0)) / spanMs) * spanMs);
          const spanNs: string = walk.spanNs ?? (compareNs(gridNs, fromNs) > 0 ? gridNs : fromNs);
          if (walk.cursor === null) {
            isEmpty ??= await emptySpans(source, Math.max(nsToMs(fromNs), toMs - VOLUME_SPANS * spanMs), toMs, signal);
            if (isEmpty(nsToMs(spanNs))) {
              const was = walk;
              await o.db.transaction(async (tx) => {
                // Known since reaches the skipped span's start: it held no line.
                await o.index.record(tx, id, [], now, { coveredFromNs: spanNs });
                await advance(tx, id, was, { toNs: spanNs, spanNs: null, cursor: null }, 0);
              });
              walk = { ...walk, toNs: spanNs, spanNs: null, cursor: null };
              out.skipped += 1;
              continue;
            }
          }
          const atLive = toNs === walk.liveStartNs;
          const lower = compareNs(spanNs, fromNs) > 0 ? await deferredAt(source, spanNs, signal) : new Set<string>();
          const upper = atLive ? new Set<string>() : await deferredAt(source, toNs, signal);
          const owned = filtered(source, (e) => !lower.has(e.id) && (compareNs(e.timeNs, toNs) < 0 || upper.has(e.id)));
          const untilNs = atLive || upper.size === 0 ? toNs : addNs(toNs, BigInt(windowMs) * 1_000_000n);
          out.reads += 1;
          const batch = await pullNewLines(owned, walk.cursor, { now, signal, startNs: spanNs, untilNs, pageSize, maxPages, lagMs: 0 });
          if (!batch.caughtUp && batch.lines === 0) throw new Error(batch.error ?? batch.warnings[0] ?? `no progress in the span from ${spanNs}`);
          const was = walk;
          const next = batch.caughtUp ? { toNs: spanNs, spanNs: null, cursor: null } : { toNs, spanNs, cursor: batch.cursor };
          try {
            const r = await o.db.transaction(async (tx) => {
              // Known since moves only when a span is complete: until then it stays where the walk stands.
              const recorded = await o.index.record(tx, id, batch.events, now, { coveredFromNs: batch.caughtUp ? spanNs : toNs });
              await advance(tx, id, was, next, batch.lines);
              return recorded;
            });
            out.indexed += r.indexed;
          } catch (error) {
            o.index.invalidate(id); // rolled back: the miner may hold templates of lines not stored
            throw error;
          }
          out.lines += batch.lines;
          walk = { ...walk, ...next };
          if (batch.caughtUp) {
            deferred.delete(`${id}@${toNs}`);
          }
          if (batch.error) throw new Error(batch.error);
        }
      } catch (error) {
        if (signal.aborted) throw error;
        out.error = error instanceof BackfillConflict ? error.message : `backfill: ${toSourceError(error, id).message}`;
        await fail(id, out.error).catch(() => undefined);
      }
      out.done = compareNs(walk.toNs as string, fromNs) <= 0;
      return out;
    },

    /** Per source id: the walk's progress (null when off), absent before live ingest started. */
    async progress(now: number): Promise<Map<string, { progress: BackfillProgress | null; lines: number; error: string | null }>> {
      const out = new Map<string, { progress: BackfillProgress | null; lines: number; error: string | null }>();
      for (const r of await o.db.select().from(ingestCursors)) {
        const w = walkOf(r);
        if (!w) continue;
        const lines = Number(r.backfillLines ?? 0);
        if (!enabled) {
          out.set(r.sourceId, { progress: null, lines, error: null });
          continue;
        }
        const to = nsToMs(w.liveStartNs);
        const from = w.fromNs === null ? Math.max(0, now - o.backMs) : nsToMs(w.fromNs);
        const doneTo = w.toNs === null || w.toNs === w.liveStartNs ? null : nsToMs(w.toNs);
        const done = w.toNs !== null && w.fromNs !== null && compareNs(w.toNs, w.fromNs) <= 0;
        out.set(r.sourceId, { progress: { from: Math.min(from, to), to, doneTo, done }, lines, error: r.backfillError });
      }
      return out;
    },

    /** After the ingester forgot the sources' rows (a story switch). */
    forget(): void {
      deferred.clear();
    },
  };
}

export type Backfill = ReturnType<typeof createBackfill>;
