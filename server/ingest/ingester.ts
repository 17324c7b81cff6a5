/**
 * The issue index's ingest loop: on the leading replica, every log source's new lines are pulled
 * from its stored cursor (pull-lines.ts), grouped into the index (issue-index.ts) and the cursor
 * advanced, in one transaction per source and batch: a crash between them cannot lose or repeat a
 * line. A source that fell behind (an outage, a first start) catches up in bounded batches, one
 * after another, without waiting for the next interval. After every source's live step, each
 * caught-up source gets a bounded backfill step (backfill.ts), so history never delays live
 * issues. The clock and sources are injected.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../store/connect';
import { indexIssueHours, indexIssueMerges, indexIssues, indexIssueSamples, indexSources, ingestCursors } from '../store/schema';
import type { IngestCursorRow, IngestCursorsStore } from '../store/ingest-cursors';
import { IngestCursorConflict } from '../store/ingest-cursors';
import { msToNs } from '@/lib/nanotime';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import { createBackfill } from './backfill';
import type { BackfillOptions, BackfillProgress, BackfillStep } from './backfill';
import type { IssueIndex } from './issue-index';
import { pullNewLines } from './pull-lines';
import type { PullOptions } from './pull-lines';

export interface IngesterOptions {
  db: Db;
  sources: readonly ResolvedSource[];
  index: IssueIndex;
  cursors: IngestCursorsStore;
  now: () => number;
  intervalMs: number;
  /** Whether this replica leads (the watcher's advisory lock); asked before every round. */
  lead: () => Promise<boolean>;
  log: (line: string) => void;
  pull?: Pick<PullOptions, 'pageSize' | 'maxPages' | 'lagMs'>;
  /** How far back a source never read before starts. Default 1 h. */
  startBackMs?: number;
  /** Backfill of sources first seen (BACKFILL). Absent or `backMs: 0`: off. */
  backfill?: Omit<BackfillOptions, 'db' | 'index'>;
  /** Called after a round that indexed something (the API tells open pages). */
  onIngest?: (summary: IngestRound) => void;
}

export interface SourceIngest {
  sourceId: string;
  /** Source lines moved past in this round. */
  lines: number;
  /** Events indexed in this round. */
  indexed: number;
  newIssues: number;
  caughtUp: boolean;
  error: string | null;
}

export interface IngestRound {
  at: number;
  sources: SourceIngest[];
  /** The backfill steps that ran after the live ones. */
  backfill: BackfillStep[];
  durationMs: number;
}

export interface IngestStatus {
  sourceId: string;
  linesIngested: number;
  pulledAt: number | null;
  caughtUp: boolean;
  lastError: string | null;
  /** null: backfill is off; absent: live ingest has not started (nothing to walk back from yet). */
  backfill?: BackfillProgress | null;
}

/** Rounds run back to back while a source is behind, this long apart (the API stays responsive). */
const CATCH_UP_DELAY_MS = 250;
/** While a backfill walks, rounds come this often (each a bounded budget; the source is shared). */
const BACKFILL_DELAY_MS = 2_000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createIngester(o: IngesterOptions) {
  const sources = o.sources.filter((s) => supports(s.adapter, 'logs'));
  const behind = new Set<string>();
  const lastErrors = new Map<string, string>();
  const backfill = createBackfill({ db: o.db, index: o.index, ...(o.backfill ?? { backMs: 0 }) });
  /** Sources whose backfill is not done (as of their last step). */
  const walking = new Set<string>();
  const backfillErrors = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<IngestRound | null> | null = null;
  let stopped = true;
  let controller: AbortController | null = null;

  async function ingestOne(source: ResolvedSource, now: number, signal: AbortSignal): Promise<SourceIngest> {
    const id = source.instance.id;
    const row: IngestCursorRow | null = await o.cursors.get(id);
    const previous = row?.cursor ?? null;
    const out: SourceIngest = { sourceId: id, lines: 0, indexed: 0, newIssues: 0, caughtUp: false, error: null };
    // A source never read before starts an hour back (backfill reaches further: a later step).
    const startNs = msToNs(Math.max(0, now - (o.startBackMs ?? 3_600_000)));
    let batch;
    try {
      batch = await pullNewLines(source, previous, { now, signal, startNs, ...o.pull });
    } catch (error) {
      out.error = messageOf(error);
      await o.cursors.recordError(id, now, out.error);
      return out;
    }
    out.caughtUp = batch.caughtUp;
    if (batch.lines > 0 || batch.events.length > 0) {
      try {
        const recorded = await o.db.transaction(async (tx) => {
          // A source never read before is known from where its first pull started.
          const r = await o.index.record(tx, id, batch.events, now, previous === null ? { coveredFromNs: startNs } : {});
          await o.cursors.set(tx, id, batch.cursor, { lines: batch.lines, at: now, previous });
          // The backfill stops exactly here: remembered with the first advance, in its transaction.
          if (previous === null) await backfill.rememberLiveStart(tx, id, startNs);
          return r;
        });
        out.lines = batch.lines;
        out.indexed = recorded.indexed;
        out.newIssues = recorded.newIssues;
      } catch (error) {
        // Rolled back: the miner may hold templates of lines that were not stored.
        o.index.invalidate(id);
        out.caughtUp = false;
        out.error = error instanceof IngestCursorConflict ? error.message : `could not store the batch: ${messageOf(error)}`;
        return out;
      }
    }
    if (batch.error) {
      out.error = batch.error;
      await o.cursors.recordError(id, now, batch.error);
    }
    return out;
  }

  async function round(): Promise<IngestRound | null> {
    const started = performance.now();
    let leads = false;
    try {
      leads = await o.lead();
    } catch {
      leads = false; // the store is unreachable: the watcher reports it
    }
    if (!leads) return null;
    const now = o.now();
    controller = new AbortController();
    const timeout = setTimeout(() => controller?.abort(new Error('ingest timeout')), Math.max(20_000, o.intervalMs * 2));
    try {
      const results: SourceIngest[] = [];
      for (const source of sources) {
        const r = await ingestOne(source, now, controller.signal);
        results.push(r);
        if (r.caughtUp) behind.delete(r.sourceId);
        else behind.add(r.sourceId);
        const was = lastErrors.get(r.sourceId);
        if (r.error && r.error !== was) o.log(`ingest of ${r.sourceId} failed: ${r.error}`);
        if (!r.error && was) o.log(`ingest of ${r.sourceId} works again`);
        if (r.error) lastErrors.set(r.sourceId, r.error);
        else lastErrors.delete(r.sourceId);
      }
      // History after the present: only sources whose live ingest is caught up walk back.
      const steps: BackfillStep[] = [];
      if (backfill.enabled) {
        for (const source of sources) {
          const live = results.find((r) => r.sourceId === source.instance.id);
          if (!live?.caughtUp || live.error) continue;
          const step = await backfill.step(source, now, controller.signal);
          steps.push(step);
          if (step.done) walking.delete(step.sourceId);
          else walking.add(step.sourceId);
          const was = backfillErrors.get(step.sourceId);
          if (step.error && step.error !== was) o.log(`backfill of ${step.sourceId} failed: ${step.error}`);
          if (step.error) backfillErrors.set(step.sourceId, step.error);
          else backfillErrors.delete(step.sourceId);
        }
      }
      const summary: IngestRound = { at: now, sources: results, backfill: steps, durationMs: performance.now() - started };
      if (results.some((r) => r.indexed > 0) || steps.some((s) => s.indexed > 0)) o.onIngest?.(summary);
      return summary;
    } finally {
      clearTimeout(timeout);
      controller = null;
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round()
        .catch((error: unknown) => {
          o.log(`ingest round failed: ${messageOf(error)}`);
          return null;
        })
        .finally(() => {
          running = null;
          schedule();
        });
    }, behind.size > 0 && lastErrors.size === 0 ? CATCH_UP_DELAY_MS : walking.size > backfillErrors.size ? Math.min(BACKFILL_DELAY_MS, o.intervalMs) : o.intervalMs);
  };

  return {
    /** Runs a round at once, then one every interval (back to back while a source is behind). */
    start() {
      if (!stopped || sources.length === 0) return;
      stopped = false;
      behind.clear();
      walking.clear();
      running = round()
        .catch(() => null)
        .finally(() => {
          running = null;
          schedule();
        });
    },
    /** One round now (tests drive the clock themselves). */
    runRound: () => round(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort(new Error('stopping'));
      await running?.catch(() => null);
    },
    /** Per source: what the store says, and whether the last round caught up. */
    async status(): Promise<IngestStatus[]> {
      const rows = new Map((await o.cursors.all()).map((r) => [r.sourceId, r]));
      const walks = await backfill.progress(o.now());
      return sources.map((s) => {
        const r = rows.get(s.instance.id);
        const w = walks.get(s.instance.id);
        // Lines ingested: live and backfilled together (the index holds both).
        const out: IngestStatus = { sourceId: s.instance.id, linesIngested: (r?.linesIngested ?? 0) + (w?.lines ?? 0), pulledAt: r?.pulledAt ?? null, caughtUp: r !== undefined && !behind.has(s.instance.id), lastError: r?.lastError ?? w?.error ?? null };
        if (w) out.backfill = w.progress;
        return out;
      });
    },
    sourceIds: () => sources.map((s) => s.instance.id),
    /**
     * Forgets what was indexed of these sources, and where their ingest stood (the demo's story
     * was switched: the old story's issues mean nothing now). The next round starts them afresh;
     * a round still writing is refused by its cursor check and rolled back.
     */
    async forget(): Promise<void> {
      const ids = sources.map((s) => s.instance.id);
      if (!ids.length) return;
      await running?.catch(() => null);
      await o.db.transaction(async (tx) => {
        for (const t of [indexIssueMerges, indexIssueSamples, indexIssueHours, indexIssues, indexSources, ingestCursors]) await tx.delete(t).where(inArray(t.sourceId, ids));
      });
      for (const id of ids) o.index.invalidate(id);
      backfill.forget();
      behind.clear();
      walking.clear();
      backfillErrors.clear();
    },
  };
}

export type Ingester = ReturnType<typeof createIngester>;
