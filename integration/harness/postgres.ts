/**
 * A real PostgreSQL server for the store's integration suite. Where it comes from, in order:
 *   POSTGRES_TEST_URL=postgres://user@host:5432/postgres   a server of your own; the suites create
 *                          and drop their own databases on it (named spine_console_test_…);
 *   PG_BIN=/path/to/bin    a directory with initdb and postgres, started here;
 *   /usr/lib/postgresql/<newest>/bin   Debian's server packages (`apt-get install postgresql`),
 *                          else initdb and postgres on PATH.
 * A started server is a throwaway cluster: a temporary directory, initdb with trust auth for the
 * `postgres` superuser, listening on 127.0.0.1 on a free port (its unix socket inside the
 * directory), fsync off. As root (initdb refuses to run as root) the directory belongs to the
 * `postgres` user and both programs run as it. It is stopped by its pid: SIGINT (fast shutdown),
 * SIGKILL if it has not gone after a while. `halt` and `resume` stop and start it again on the
 * same data directory and port (the service suite takes a store away and gives it back).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describeUrl } from '../../server/store/connect';
import { freePort } from './ports';

export const POSTGRES_HOW =
  'apt-get install postgresql (Debian; the harness starts its own cluster from /usr/lib/postgresql/<version>/bin), or set PG_BIN=/dir/with/initdb-and-postgres, or POSTGRES_TEST_URL=postgres://user@host:5432/postgres for a server of yours (the suites create and drop spine_console_test_* databases on it)';

/** Every database and role the suites make starts with this, so leftovers are easy to spot and drop. */
export const TEST_DB_PREFIX = 'spine_console_test_';

/** The role a started cluster's pg_hba.conf asks a password of (scram), so a test can prove one is sent. */
export const passwordRole = (t: Pick<PostgresTarget, 'prefix'>) => `${t.prefix}pw`;

/** A PostgreSQL server the suites can talk to. */
export interface PostgresTarget {
  /** `15.18`, from the server's `server_version`. */
  version: string;
  /** A superuser (or CREATEDB) connection to the `postgres` database: for creating the suites' databases. */
  adminUrl: string;
  /** Started by the harness (and removed by it), or given by POSTGRES_TEST_URL. */
  managed: boolean;
  /** Names of this run's databases and roles start with it (TEST_DB_PREFIX, a run tag, `_`). */
  prefix: string;
}

export interface RunningPostgres extends PostgresTarget {
  /** The server process's pid (a new one after `resume`). */
  readonly pid: number;
  dir: string;
  /** How long initdb and the first accepted connection took, ms. */
  startMs: { initdb: number; ready: number };
  output: () => string;
  /** Stops the server by its pid and removes the directory. */
  stop: () => Promise<void>;
  /** Stops the server by its pid (fast shutdown) but keeps its data and port: the store goes away. */
  halt: () => Promise<void>;
  /** Starts it again on the same data directory and port; resolves once it accepts connections. */
  resume: () => Promise<void>;
}

export type PostgresSupply = { kind: 'url'; url: string } | { kind: 'binaries'; bin: string; from: string } | { kind: 'none' };

const hasServer = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));

/** The newest of Debian's /usr/lib/postgresql/<major>/bin with initdb and postgres in it. */
function debianBin(root = '/usr/lib/postgresql'): string | null {
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => /^\d+(\.\d+)?$/.test(d) && hasServer(path.join(root, d, 'bin')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : null;
}

function pathBin(env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) if (dir && hasServer(dir)) return dir;
  return null;
}

export function postgresSupply(env: NodeJS.ProcessEnv = process.env): PostgresSupply {
  if (env.POSTGRES_TEST_URL) return { kind: 'url', url: env.POSTGRES_TEST_URL };
  if (env.PG_BIN) {
    if (!hasServer(env.PG_BIN)) throw new Error(`PG_BIN=${env.PG_BIN} has no initdb and postgres in it; point it at a PostgreSQL server's bin directory (on Debian /usr/lib/postgresql/<version>/bin)`);
    return { kind: 'binaries', bin: env.PG_BIN, from: 'PG_BIN' };
  }
  const debian = debianBin();
  if (debian) return { kind: 'binaries', bin: debian, from: 'Debian' };
  const onPath = pathBin(env);
  return onPath ? { kind: 'binaries', bin: onPath, from: 'PATH' } : { kind: 'none' };
}

/** A URL like `base` naming another database (and, when given, another user and password). */
export function databaseUrl(base: string, database: string, login?: { user: string; password: string }): string {
  const u = new URL(base);
  u.pathname = `/${encodeURIComponent(database)}`;
  if (login) {
    u.username = encodeURIComponent(login.user);
    u.password = encodeURIComponent(login.password);
  }
  return u.toString();
}

/** `15.18 (Debian 15.18-0+deb12u1)` → `15.18`. */
async function serverVersion(client: pg.Client): Promise<string> {
  const r = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return (r.rows[0]?.v ?? '?').split(' ')[0] ?? '?';
}

/** Runs `fn` on one admin connection, closed afterwards. */
export async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A short tag unique to this run, so two runs on one POSTGRES_TEST_URL server never share a name. */
export const runPrefix = () => `${TEST_DB_PREFIX}${Date.now().toString(36)}${process.pid.toString(36)}_`;

/** Drops this run's databases (even with sessions still connected) and roles. */
export async function dropRunObjects(adminUrl: string, prefix: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const force = Number((await client.query<{ n: string }>(`SELECT current_setting('server_version_num') AS n`)).rows[0]?.n) >= 130000;
    const like = `${prefix.replaceAll('_', '\\_')}%`;
    const dbs = await client.query<{ name: string }>(`SELECT datname AS name FROM pg_database WHERE datname LIKE $1`, [like]);
    for (const { name } of dbs.rows) {
      if (!force) await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}${force ? ' WITH (FORCE)' : ''}`);
    }
    const roles = await client.query<{ name: string }>(`SELECT rolname AS name FROM pg_roles WHERE rolname LIKE $1`, [like]);
    for (const { name } of roles.rows) await client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(name)}`);
  });
}

/** A server given by POSTGRES_TEST_URL: reachable, and its user may create databases. Never stopped. */
export async function externalPostgres(url: string): Promise<PostgresTarget> {
  const shown = describeUrl(url);
  try {
    return await withAdmin(url, async (client) => {
      const version = await serverVersion(client);
      const role = await client.query<{ ok: boolean }>(`SELECT rolsuper OR rolcreatedb AS ok FROM pg_roles WHERE rolname = current_user`);
      if (role.rows[0]?.ok !== true) throw new Error(`POSTGRES_TEST_URL=${shown}: its user may not create databases; the suites make their own (ALTER ROLE … CREATEDB), or use a throwaway server`);
      return { version, adminUrl: url, managed: false, prefix: runPrefix() };
    });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('POSTGRES_TEST_URL=')) throw error;
    throw new Error(`POSTGRES_TEST_URL=${shown}: could not connect (${error instanceof Error ? error.message : String(error)}); start the server or fix the URL`);
  }
}

/** Under root, the uid and gid to run the server as: the `postgres` user's. */
function serverUser(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag: string) => {
    const run = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    const n = Number(run.stdout.trim());
    if (run.status !== 0 || !Number.isInteger(n)) {
      throw new Error(`running as root, and initdb refuses root: the server runs as the \`postgres\` user, which this machine does not have (\`id ${flag} postgres\`: ${run.stderr.trim() || 'no output'}); apt-get install postgresql creates it, or useradd --system postgres, or run the tests as another user`);
    }
    return n;
  };
  return { uid: id('-u'), gid: id('-g') };
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** initdb a cluster in a temporary directory and start it; resolves once it accepts connections. */
export async function startPostgres(bin: string, timeoutMs = 60_000): Promise<RunningPostgres> {
  const as = serverUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'spine-pg-'));
  const data = path.join(dir, 'data');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const ids = as ? { uid: as.uid, gid: as.gid } : {};
  if (as) {
    chownSync(dir, as.uid, as.gid);
    const reach = spawnSync('test', ['-w', dir], { ...ids });
    if (reach.status !== 0) {
      remove();
      throw new Error(`the postgres user cannot write ${dir} (a parent directory is closed to it); set TMPDIR to a directory it can reach, such as /tmp`);
    }
  }
  const t0 = performance.now();
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync', '--encoding=UTF8', '--locale=C'], { cwd: dir, encoding: 'utf8', ...ids });
  if (init.status !== 0) {
    remove();
    throw new Error(`${bin}/initdb failed (${init.error?.message ?? `exit ${init.status}`}): ${`${init.stderr}${init.stdout}`.trim().slice(-2000)}`);
  }
  const initdbMs = performance.now() - t0;
  const prefix = runPrefix();
  // One role must give a password (scram), so a test can show the URL's password is sent and never printed.
  const hba = path.join(data, 'pg_hba.conf');
  writeFileSync(hba, `host all ${passwordRole({ prefix })} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);

  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'];
  const log: string[] = [];
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
  };
  /** One server process on `data`; `halt` and `resume` start and stop others on the same directory. */
  const launch = () => {
    const child = spawn(path.join(bin, 'postgres'), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...ids });
    running.add(child);
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { child, exited, gone: () => child.exitCode !== null || child.signalCode !== null };
  };
  let server = launch();
  if (server.child.pid === undefined) {
    remove();
    throw new Error(`could not start ${bin}/postgres`);
  }
  const halt = async () => {
    const { child, exited, gone } = server;
    const pid = child.pid;
    if (pid !== undefined && !gone()) {
      process.kill(pid, 'SIGINT'); // fast shutdown: disconnects sessions, no checkpoint wait for clients
      const killer = setTimeout(() => !gone() && process.kill(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
  };
  const stop = async () => {
    await halt();
    remove();
  };
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  /** Waits until the current server accepts a connection; its version. */
  const ready = async (): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      if (server.gone()) throw new Error(`PostgreSQL (${bin}) exited (${server.child.exitCode ?? server.child.signalCode}) before it accepted connections: ${log.join('').slice(-2000)}`);
      try {
        return await withAdmin(adminUrl, serverVersion);
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) throw new Error(`PostgreSQL (${bin}) did not accept connections within ${timeoutMs / 1000} s (last: ${last}): ${log.join('').slice(-2000)}`);
      await sleep(100);
    }
  };
  const resume = async () => {
    if (!server.gone()) return;
    server = launch();
    try {
      await ready();
    } catch (error) {
      await halt();
      throw error;
    }
  };
  let version: string;
  try {
    version = await ready();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    version, adminUrl, managed: true, prefix, dir, startMs: { initdb: initdbMs, ready: performance.now() - t0 }, output: () => log.join(''), stop, halt, resume,
    get pid() {
      return server.child.pid ?? 0;
    },
  };
}
