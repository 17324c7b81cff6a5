/**
 * Opens the console's database: an embedded Postgres (PGlite, files in DATA_DIR) by default, or a
 * real PostgreSQL when DATABASE_URL is set. Both speak the same SQL; callers see one `Store`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { claimDataDir } from './data-dir-lock';
import type { DataDirClaim } from './data-dir-lock';
import { tables } from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof tables>;

export interface RawTx {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (a migration file). */
  exec(script: string): Promise<void>;
}

/** The few raw operations drizzle does not cover: multi-statement scripts and advisory locks. */
export interface RawSql {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction that first takes `lockKey`'s transaction-level advisory lock. */
  locked<T>(lockKey: number, fn: (tx: RawTx) => Promise<T>): Promise<T>;
}

export interface StoreConnection {
  driver: 'pglite' | 'postgres';
  /** Where the data lives, without credentials: for logs and the status endpoint. */
  where: string;
  db: Db;
  raw: RawSql;
  /** Try to take the session-level advisory lock `key` (one leader per database); false if another session holds it. */
  tryLock(key: number): Promise<boolean>;
  unlock(key: number): Promise<void>;
  /** Housekeeping the database does not do by itself (PGlite has no checkpointer or autovacuum). */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… ; unset: PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
}

/** A URL with its password replaced, safe to print. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unreadable DATABASE_URL';
  }
}

const WAL_SIZE = '32MB';

async function openPglite(dataDir: string): Promise<StoreConnection> {
  const memory = dataDir === 'memory://';
  let claim: DataDirClaim | null = null;
  let client: PGlite;
  if (memory) client = new PGlite();
  else {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    claim = claimDataDir(dir);
    try {
      client = new PGlite(join(dir, 'pglite'));
      await client.waitReady;
      // Postgres keeps up to 1 GB of write-ahead log by default; an embedded database keeps two
      // 16 MB segments. The setting applies at the next start, so a new directory is reopened once.
      const wal = await client.query<{ max_wal_size: string }>('SHOW max_wal_size');
      if (wal.rows[0]?.max_wal_size !== WAL_SIZE) {
        await client.query(`ALTER SYSTEM SET max_wal_size = '${WAL_SIZE}'`);
        await client.query(`ALTER SYSTEM SET min_wal_size = '${WAL_SIZE}'`);
        await client.close();
        client = new PGlite(join(dir, 'pglite'));
        await client.waitReady;
      }
    } catch (error) {
      claim.release();
      throw error;
    }
  }
  await client.waitReady;
  const query = async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows;
  return {
    driver: 'pglite',
    where: memory ? 'PGlite in memory' : `PGlite in ${resolve(dataDir)}`,
    db: drizzlePglite({ client, schema: tables }) as unknown as Db,
    raw: {
      query,
      locked: (lockKey, fn) =>
        client.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
          return fn({
            query: async <T>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows,
            exec: async (script) => void (await tx.exec(script)),
          });
        }),
    },
    maintain: async () => {
      // No autovacuum either: every cycle updates the firing incidents' rows, leaving dead ones.
      await client.exec('VACUUM');
      await client.query('CHECKPOINT');
    },
    // One process owns a PGlite directory (the claim above), so it always leads.
    tryLock: async () => true,
    unlock: async () => {},
    close: async () => {
      await client.close();
      claim?.release();
    },
  };
}

async function openPostgres(url: string): Promise<StoreConnection> {
  const pool = new pg.Pool({ connectionString: url, max: 6, application_name: 'spine-console', connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  let lockClient: pg.PoolClient | null = null;
  /** The keys this connection's session holds (once each). */
  const held = new Set<number>();
  let lockQueue: Promise<unknown> = Promise.resolve();
  const tryLockNow = async (key: number): Promise<boolean> => {
    if (!lockClient) {
      const c = await pool.connect();
      // Losing this connection loses the lock: forget it so the next try reconnects and asks again.
      c.on('error', () => {
        if (lockClient !== c) return;
        lockClient = null;
        held.clear();
        c.release(true);
      });
      lockClient = c;
      held.clear();
    }
    const c = lockClient;
    try {
      // Session locks stack: a leader asking again every cycle must not take it again, or one
      // unlock would no longer release it. A cheap query still notices a lost connection.
      if (held.has(key)) return (await c.query('SELECT 1')).rowCount === 1;
      const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
      const ok = r.rows[0]?.ok === true;
      if (ok) held.add(key);
      return ok;
    } catch {
      if (lockClient === c) {
        lockClient = null;
        held.clear();
        c.release(true);
      }
      return false;
    }
  };
  const query = async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[];
  return {
    driver: 'postgres',
    where: describeUrl(url),
    db: drizzlePg({ client: pool, schema: tables }) as unknown as Db,
    raw: {
      query,
      locked: async (lockKey, fn) => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
          const result = await fn({
            query: async <T>(text: string, params: unknown[] = []) => (await c.query(text, params)).rows as T[],
            exec: async (script) => void (await c.query(script)),
          });
          await c.query('COMMIT');
          return result;
        } catch (error) {
          await c.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          c.release();
        }
      },
    },
    // One try at a time: two callers at start (the watcher and the ingest) would each open a lock
    // connection, and the second would forget the first, which keeps holding the lock.
    tryLock: (key) => {
      const run = lockQueue.then(() => tryLockNow(key));
      lockQueue = run.catch(() => false);
      return run;
    },
    unlock: async (key) => {
      if (!lockClient || !held.delete(key)) return;
      await lockClient.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
    },
    // The server's own checkpointer and autovacuum do the housekeeping.
    maintain: async () => {},
    close: async () => {
      const c = lockClient;
      lockClient = null;
      held.clear();
      if (c) {
        // Released before close returns, so another replica can lead at once (a dropped
        // connection's session, and its locks, end only when the server gets round to it).
        await c.query('SELECT pg_advisory_unlock_all()').catch(() => {});
        c.release(true);
      }
      await pool.end();
    },
  };
}

export async function connectStore(options: ConnectOptions): Promise<StoreConnection> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
