/**
 * Where the issue index's ingest stands in each log source: one row per source id with the cursor
 * pullNewLines returned (server/ingest/pull-lines.ts), the lines ingested so far, the last pull
 * and the last error. `set` takes the index's own transaction, so the index rows and the cursor
 * advance commit together: a crash between them cannot lose or repeat a line.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './connect';
import { ingestCursors } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The position after the last line handed out (pull-lines.ts `IngestCursor`). */
export interface StoredCursor {
  timeNs: string;
  seenIds: string[];
}

export interface IngestCursorRow {
  sourceId: string;
  /** null: never advanced (the row holds only an error). */
  cursor: StoredCursor | null;
  linesIngested: number;
  pulledAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

export interface CursorAdvance {
  /** Lines the new cursor moved past (PulledBatch.lines); added to the total. */
  lines: number;
  /** When the pull ran (epoch ms). */
  at: number;
  /**
   * The cursor the pull started from. Given (null included: a source never read), the advance is
   * refused unless the row still holds it, so a second writer (an old leader finishing a cycle
   * after another replica took over) rolls its transaction back instead of counting lines twice.
   */
  previous?: StoredCursor | null;
}

export class IngestCursorConflict extends Error {
  constructor(sourceId: string) {
    super(`The ingest cursor of "${sourceId}" moved since this pull started (another writer advanced it); the pull's writes were rolled back.`);
    this.name = 'IngestCursorConflict';
  }
}

const NS = /^(0|[1-9][0-9]*)$/;

function sameCursor(a: StoredCursor | null, b: StoredCursor | null): boolean {
  if (a === null || b === null) return a === b;
  return a.timeNs === b.timeNs && a.seenIds.length === b.seenIds.length && a.seenIds.every((id, i) => id === b.seenIds[i]);
}

function toRow(r: typeof ingestCursors.$inferSelect): IngestCursorRow {
  return {
    sourceId: r.sourceId,
    cursor: r.timeNs === null ? null : { timeNs: r.timeNs, seenIds: Array.isArray(r.seenIds) ? r.seenIds.map(String) : [] },
    linesIngested: Number(r.linesIngested),
    pulledAt: r.pulledAt ? r.pulledAt.getTime() : null,
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt ? r.lastErrorAt.getTime() : null,
  };
}

export function createIngestCursorsStore(db: Db) {
  return {
    /** The source's row; null when ingest never touched it. Inside `tx` the row is locked until it ends. */
    async get(sourceId: string, tx?: Tx): Promise<IngestCursorRow | null> {
      const q = (tx ?? db).select().from(ingestCursors).where(eq(ingestCursors.sourceId, sourceId));
      const [row] = tx ? await q.for('update') : await q;
      return row ? toRow(row) : null;
    },

    async all(): Promise<IngestCursorRow[]> {
      const rows = await db.select().from(ingestCursors).orderBy(ingestCursors.sourceId);
      return rows.map(toRow);
    },

    /**
     * Advances the cursor in the caller's transaction and clears the last error. Throws
     * IngestCursorConflict (rolling `tx` back) when `stats.previous` no longer matches.
     */
    async set(tx: Tx, sourceId: string, cursor: StoredCursor, stats: CursorAdvance): Promise<void> {
      if (!NS.test(cursor.timeNs)) throw new RangeError(`Ingest cursor time "${cursor.timeNs}" is not a nanosecond decimal string.`);
      if (stats.previous !== undefined) {
        const [row] = await tx.select().from(ingestCursors).where(eq(ingestCursors.sourceId, sourceId)).for('update');
        if (!sameCursor(row ? toRow(row).cursor : null, stats.previous)) throw new IngestCursorConflict(sourceId);
      }
      const lines = Math.max(0, Math.floor(stats.lines));
      const at = new Date(stats.at);
      const seenIds = [...cursor.seenIds];
      await tx
        .insert(ingestCursors)
        .values({ sourceId, timeNs: cursor.timeNs, seenIds, linesIngested: lines, pulledAt: at, lastError: null, lastErrorAt: null, updatedAt: at })
        .onConflictDoUpdate({
          target: ingestCursors.sourceId,
          set: {
            timeNs: cursor.timeNs,
            seenIds,
            linesIngested: sql`${ingestCursors.linesIngested} + ${lines}`,
            pulledAt: at,
            lastError: null,
            lastErrorAt: null,
            updatedAt: at,
          },
        });
    },

    /** A pull that failed: keeps the cursor (it did not move) and records why, for the Sources view. */
    async recordError(sourceId: string, at: number, message: string, tx?: Tx): Promise<void> {
      const when = new Date(at);
      const error = message.slice(0, 2000);
      await (tx ?? db)
        .insert(ingestCursors)
        .values({ sourceId, lastError: error, lastErrorAt: when, pulledAt: when, updatedAt: when })
        .onConflictDoUpdate({ target: ingestCursors.sourceId, set: { lastError: error, lastErrorAt: when, pulledAt: when, updatedAt: when } });
    },
  };
}

export type IngestCursorsStore = ReturnType<typeof createIngestCursorsStore>;
