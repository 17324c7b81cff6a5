/**
 * The issue index's ingest loop: on the leading replica, every log source's new lines are pulled
 * from its stored cursor (pull-lines.ts), grouped into the index (issue-index.ts) and the cursor
 * advanced, in one transaction per source and batch: a crash between them cannot lose or repeat a
 * line. A source that fell behind (an outage, a first start) catches up in bounded batches, one
 * after another, without waiting for the next interval. The clock and sources are injected.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../store/connect';
import { indexIssueHours, indexIssueMerges, indexIssues, indexIssueSamples, indexSources, ingestCursors } from '../store/schema';
import type { IngestCursorRow, IngestCursorsStore } from '../store/ingest-cursors';
import { IngestCursorConflict } from '../store/ingest-cursors';
import { msToNs } from '@/lib/nanotime';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
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
  durationMs: number;
}

export interface IngestStatus {
  sourceId: string;
  linesIngested: number;
  pulledAt: number | null;
  caughtUp: boolean;
  lastError: string | null;
}

/** Rounds run back to back while a source is behind, this long apart (the API stays responsive). */
const CATCH_UP_DELAY_MS = 250;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createIngester(o: IngesterOptions) {
  const sources = o.sources.filter((s) => supports(s.adapter, 'logs'));
  const behind = new Set<string>();
  const lastErrors = new Map<string, string>();
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
      const summary: IngestRound = { at: now, sources: results, durationMs: performance.now() - started };
      if (results.some((r) => r.indexed > 0)) o.onIngest?.(summary);
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
    }, behind.size > 0 && lastErrors.size === 0 ? CATCH_UP_DELAY_MS : o.intervalMs);
  };

  return {
    /** Runs a round at once, then one every interval (back to back while a source is behind). */
    start() {
      if (!stopped || sources.length === 0) return;
      stopped = false;
      behind.clear();
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
      return sources.map((s) => {
        const r = rows.get(s.instance.id);
        return { sourceId: s.instance.id, linesIngested: r?.linesIngested ?? 0, pulledAt: r?.pulledAt ?? null, caughtUp: r !== undefined && !behind.has(s.instance.id), lastError: r?.lastError ?? null };
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
      behind.clear();
    },
  };
}

export type Ingester = ReturnType<typeof createIngester>;
