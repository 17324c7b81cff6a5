/**
 * The observations the watcher evaluated, one row per cycle keyed by its time: the history the
 * backtest replays (POST /api/backtest) for rule kinds no source keeps history for (issue rules).
 * The watcher compacts each one (compactObservation) and writes it in its cycle's transaction
 * (alerting.mutate); the bound is the browser's session history (HISTORY_LIMIT rows, none older
 * than HISTORY_MAX_AGE_MS), read that way and pruned to it with the hourly prune.
 */
import { and, desc, gte, lte, sql } from 'drizzle-orm';
import { HISTORY_LIMIT, HISTORY_MAX_AGE_MS } from '@/alerting';
import type { Observation, ObservationPart } from '@/alerting';
import type { Db } from './connect';
import { observations } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Writes one cycle's observation; the same cycle written again (a replay) replaces its row. */
export async function writeObservation(tx: Tx | Db, obs: Observation): Promise<void> {
  const { at, ...body } = obs;
  await tx.insert(observations).values({ at: new Date(at), body }).onConflictDoUpdate({ target: observations.at, set: { body } });
}

export function createObservationsStore(db: Db) {
  return {
    record: (obs: Observation) => writeObservation(db, obs),

    /**
     * Oldest first: the newest HISTORY_LIMIT observations of the last HISTORY_MAX_AGE_MS before
     * `now`, within [from, to] when given. The bound holds between two prunes too. `parts`: only
     * those (partsReadBy: what a backtest reads), so an issue rule does not load every check and bucket.
     */
    async range(options: { now: number; from?: number; to?: number; parts?: readonly ObservationPart[] }): Promise<Observation[]> {
      const from = Math.max(options.now - HISTORY_MAX_AGE_MS, options.from ?? -Infinity);
      const to = Math.min(options.now, options.to ?? Infinity);
      const parts = options.parts;
      const body = parts
        ? sql<Record<string, unknown>>`(SELECT coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) FROM jsonb_each(${observations.body}) p WHERE p.key IN (${sql.join(parts.length ? parts.map((k) => sql`${k}`) : [sql`NULL`], sql`, `)}))`
        : observations.body;
      const rows = await db.select({ at: observations.at, body }).from(observations)
        .where(and(gte(observations.at, new Date(from)), lte(observations.at, new Date(to))))
        .orderBy(desc(observations.at)).limit(HISTORY_LIMIT);
      return rows.reverse().map((r) => ({ ...(r.body as Omit<Observation, 'at'>), at: r.at.getTime() }));
    },

    /** Rows past the bound go: older than HISTORY_MAX_AGE_MS before `now`, or beyond the newest HISTORY_LIMIT. */
    async prune(now: number): Promise<number> {
      const cutoff = new Date(now - HISTORY_MAX_AGE_MS);
      const gone = await db.delete(observations).where(sql`${observations.at} < ${cutoff} OR ${observations.at} < (
        SELECT k.at FROM ${observations} k ORDER BY k.at DESC OFFSET ${HISTORY_LIMIT - 1} LIMIT 1)`).returning({ at: observations.at });
      return gone.length;
    },

    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(observations);
      return Number(row?.n ?? 0);
    },
  };
}

export type ObservationsStore = ReturnType<typeof createObservationsStore>;
