/**
 * What the PostgreSQL store suite shares: the server from the global setup, and fresh databases
 * on it, each `spine_console_test_…`, dropped when the file is done.
 */
import { inject } from 'vitest';
import { connectStore, type StoreConnection } from '../../server/store/connect';
import { databaseUrl, dropRunObjects, withAdmin, type PostgresTarget } from '../harness/postgres';
import pg from 'pg';

export type { PostgresTarget };

export const realPostgres = (): PostgresTarget | null => inject('postgres');

export interface TestDatabases {
  /** A new empty database; its URL (the admin's user). */
  create(): Promise<string>;
  /** The store's connection to `url`, closed by `closeAll` unless the test closed it already. */
  connect(url: string): Promise<StoreConnection>;
  closeAll(): Promise<void>;
  /** Closes every connection and drops every database this file made. */
  dropAll(): Promise<void>;
}

export function testDatabases(target: PostgresTarget): TestDatabases {
  // The worker's pid keeps two files of one run apart; the run's prefix keeps two runs apart.
  const prefix = `${target.prefix}${process.pid.toString(36)}_`;
  let n = 0;
  const open: StoreConnection[] = [];
  const closeAll = async () => {
    for (const c of open.splice(0)) await c.close();
  };
  return {
    async create() {
      n += 1;
      const name = `${prefix}${n}`;
      await withAdmin(target.adminUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
      return databaseUrl(target.adminUrl, name);
    },
    async connect(url) {
      const c = await connectStore({ databaseUrl: url, dataDir: 'memory://' });
      // A test may close one itself (a replica going away); closeAll must not close it again.
      let closing: Promise<void> | null = null;
      const once = { ...c, close: () => (closing ??= c.close()) };
      open.push(once);
      return once;
    },
    closeAll,
    async dropAll() {
      await closeAll();
      await dropRunObjects(target.adminUrl, prefix);
    },
  };
}
