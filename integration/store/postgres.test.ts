/**
 * The store on a real PostgreSQL server: the same contract PGlite passes in the unit tests, then
 * what only a server shared by several processes can show: replicas migrating one database at
 * once, one leader per database through the advisory lock, and a password that is never printed.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { connectStore, describeUrl } from '../../server/store/connect';
import { loadMigrations, migrate, type Migration } from '../../server/store/migrate';
import { SCHEMA } from '../../server/store/schema';
import { storeContract } from '../../server/store/testing/store-contract';
import { databaseUrl, passwordRole, withAdmin } from '../harness/postgres';
import { realPostgres, testDatabases } from './real-postgres';
import pg from 'pg';

/** A leadership key no other test uses. */
const LEADER = 0x5e_ad_e7;

const target = realPostgres();

if (!target) {
  describe.skip('store on PostgreSQL (none on this machine; the setup said how to get one)', () => {
    it.skip('needs PostgreSQL', () => undefined);
  });
} else {
  const dbs = testDatabases(target);
  afterAll(() => dbs.dropAll());

  storeContract(`PostgreSQL ${target.version}`, async () => connectStore({ databaseUrl: await dbs.create(), dataDir: 'memory://' }));

  describe(`store on PostgreSQL ${target.version}: several processes, one database`, () => {
    afterEach(() => dbs.closeAll());

    it('two services migrating one empty database at once apply each migration exactly once', async () => {
      const url = await dbs.create();
      const [a, b] = [await dbs.connect(url), await dbs.connect(url)];
      const [ra, rb] = await Promise.all([migrate(a.raw), migrate(b.raw)]);
      const all = loadMigrations().map((m) => m.version);
      expect([...ra.applied, ...rb.applied].sort((x, y) => x - y)).toEqual(all);
      expect(ra.current).toBe(all.at(-1));
      expect(rb.current).toBe(all.at(-1));
      const rows = await a.raw.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(all);
    });

    it('racing replicas run each of several slow migrations once, in order', async () => {
      // Each migration records itself and sleeps, so the replicas' lock waits really overlap; a
      // migration run twice would record twice (or fail on CREATE TABLE).
      const migrations: Migration[] = [
        { version: 1, name: 'ran', sql: `CREATE TABLE ran (version integer NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp()); INSERT INTO ran (version) VALUES (1); SELECT pg_sleep(0.05);` },
        ...[2, 3, 4, 5].map((v) => ({ version: v, name: `step-${v}`, sql: `INSERT INTO ran (version) VALUES (${v}); SELECT pg_sleep(0.05);` })),
      ];
      const url = await dbs.create();
      const replicas = await Promise.all([1, 2, 3, 4].map(() => dbs.connect(url)));
      const reports = await Promise.all(replicas.map((r) => migrate(r.raw, migrations)));
      expect(reports.flatMap((r) => r.applied).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
      for (const r of reports) expect(r.current).toBe(5);
      const ran = await replicas[0]!.raw.query<{ version: number }>(`SELECT version FROM ${SCHEMA}.ran ORDER BY at`);
      expect(ran.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
    });

    it('one leader per database: A leads, B does not; after A closes, B leads', async () => {
      const url = await dbs.create();
      const a = await dbs.connect(url);
      const b = await dbs.connect(url);
      expect(await a.tryLock(LEADER)).toBe(true);
      expect(await b.tryLock(LEADER)).toBe(false);
      expect(await a.tryLock(LEADER)).toBe(true); // the leader asks again every cycle
      expect(await b.tryLock(LEADER)).toBe(false);
      await a.close();
      expect(await b.tryLock(LEADER)).toBe(true);
      const c = await dbs.connect(url);
      expect(await c.tryLock(LEADER)).toBe(false);
      // The lock belongs to the database: a service on another database leads there at the same time.
      const other = await dbs.connect(await dbs.create());
      expect(await other.tryLock(LEADER)).toBe(true);
    });

    it('two parts of one service asking at once (the watcher and the ingest) both lead, on one session', async () => {
      const url = await dbs.create();
      const a = await dbs.connect(url);
      const b = await dbs.connect(url);
      expect(await Promise.all([a.tryLock(LEADER), a.tryLock(LEADER), a.tryLock(LEADER)])).toEqual([true, true, true]);
      expect(await b.tryLock(LEADER)).toBe(false);
      // One unlock releases it: the concurrent asks did not take it twice, nor leave a second session holding it.
      await a.unlock(LEADER);
      expect(await b.tryLock(LEADER)).toBe(true);
    });

    it('a leader that steps down with unlock lets another lead, however often it had asked', async () => {
      const url = await dbs.create();
      const a = await dbs.connect(url);
      const b = await dbs.connect(url);
      for (let cycle = 0; cycle < 3; cycle += 1) expect(await a.tryLock(LEADER)).toBe(true);
      await a.unlock(LEADER);
      expect(await b.tryLock(LEADER)).toBe(true);
      expect(await a.tryLock(LEADER)).toBe(false);
    });

    it('a leader whose connection the server drops loses the lead; the other takes it, and nothing throws', async () => {
      const url = await dbs.create();
      const a = await dbs.connect(url);
      const b = await dbs.connect(url);
      expect(await a.tryLock(LEADER)).toBe(true);
      const key = BigInt(LEADER);
      const killed = await withAdmin(target.adminUrl, async (admin) => {
        const r = await admin.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = $3)`,
          [Number(key >> 32n), Number(key & 0xffff_ffffn), new URL(url).pathname.slice(1)],
        );
        return r.rows.filter((row) => row.ok).length;
      });
      expect(killed).toBe(1);
      await vi.waitFor(async () => expect(await b.tryLock(LEADER)).toBe(true), { timeout: 5_000, interval: 50 });
      expect(await a.tryLock(LEADER)).toBe(false);
      // A's store still works: its other connections reconnect.
      expect(await a.raw.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });

    it("a DATABASE_URL's password is sent to the server and never printed", async ({ skip }) => {
      const dbUrl = await dbs.create();
      const database = new URL(dbUrl).pathname.slice(1);
      // A role of our own with a password full of URL characters; on a POSTGRES_TEST_URL server whose
      // user may not create roles, that user's own password.
      const canCreateRoles = await withAdmin(target.adminUrl, async (admin) => {
        const r = await admin.query<{ ok: boolean }>(`SELECT rolsuper OR rolcreaterole AS ok FROM pg_roles WHERE rolname = current_user`);
        return r.rows[0]?.ok === true;
      });
      const admin = new URL(target.adminUrl);
      if (!canCreateRoles && !admin.password) skip("POSTGRES_TEST_URL's user may not create roles and has no password to hide");
      const role = canCreateRoles ? passwordRole(target) : decodeURIComponent(admin.username);
      const password = canCreateRoles ? 'p@ss:w/rd%-s3cret' : decodeURIComponent(admin.password);
      if (canCreateRoles) {
        await withAdmin(target.adminUrl, async (client) => {
          await client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
          await client.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
        });
      }
      const printed: string[] = [];
      const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))),
      );
      const seen: string[] = [];
      try {
        const url = databaseUrl(target.adminUrl, database, { user: role, password });
        const good = await dbs.connect(url);
        seen.push(good.where, describeUrl(url));
        expect(good.where).toContain('***');
        expect(await good.raw.query<{ who: string }>('SELECT current_user AS who')).toEqual([{ who: role }]);

        // On the started cluster this role must give its password (scram): a wrong one is refused,
        // which shows the right one above was really sent, and the refusal does not echo it.
        if (target.managed) {
          const wrong = await dbs.connect(databaseUrl(target.adminUrl, database, { user: role, password: `${password}-wrong` }));
          seen.push(wrong.where);
          const error = await wrong.raw.query('SELECT 1').then(
            () => null,
            (e: unknown) => e,
          );
          expect(String(error)).toMatch(/password authentication failed/);
          seen.push(String(error), (error as Error).stack ?? '', JSON.stringify(error));
        }
        // A database that does not exist: the error names it, never the password.
        const missing = await dbs.connect(databaseUrl(target.adminUrl, `${database}_missing`, { user: role, password }));
        const error = await missing.raw.query('SELECT 1').then(
          () => null,
          (e: unknown) => e,
        );
        expect(String(error)).toMatch(/does not exist/);
        seen.push(missing.where, String(error), (error as Error).stack ?? '', JSON.stringify(error));
        await dbs.closeAll();
      } finally {
        for (const s of spies) s.mockRestore();
        if (canCreateRoles) await withAdmin(target.adminUrl, (client) => client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`)).catch(() => {});
      }
      for (const text of [...seen, ...printed]) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(encodeURIComponent(password));
      }
    });
  });
}
