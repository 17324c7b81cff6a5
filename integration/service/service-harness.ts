/**
 * What the console service's reliability suites share: the service in this process or as a child
 * process (`node --import tsx server/main.ts`, stopped by its pid), a stub build for its static
 * part, the API calls they make, and the store's invariants checked straight in the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { incidentDetailSchema, incidentsResponseSchema, serviceStatusSchema } from '@/service/api-schemas';
import type { IncidentDto, ServiceStatus } from '@/service/api-schemas';
import { startConsoleService } from '../../server/main';
import { SCHEMA } from '../../server/store/schema';
import { freePort } from '../harness/ports';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The header a reverse proxy names the user in (TRUST_USER_HEADER). */
export const USER_HEADER = 'x-forwarded-user';

/** The page the stub build serves, so a test can tell the static part still answers. */
export const STUB_PAGE = '<!doctype html><meta name="spine-console-mode" content="" /><title>stub build</title><div id="root"></div>';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A temporary directory with a stub build in `dist/`; `remove` deletes it all. */
export function workDir(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `spine-${prefix}-`));
  const dist = path.join(dir, 'dist');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'index.html'), STUB_PAGE);
  return { dir, dist, dataDir: path.join(dir, 'data'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `probe` until it returns something other than undefined. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

// ---- the API ----

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${res.url}: ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
}

export async function status(base: string): Promise<ServiceStatus> {
  const res = await fetch(`${base}/api/status`, { signal: AbortSignal.timeout(15_000) });
  if (res.status !== 200) throw new Error(`GET /api/status: ${res.status}`);
  return serviceStatusSchema.parse(await json(res));
}

export async function incidents(base: string): Promise<IncidentDto[]> {
  const res = await fetch(`${base}/api/incidents`, { signal: AbortSignal.timeout(15_000) });
  if (res.status !== 200) throw new Error(`GET /api/incidents: ${res.status} ${await res.text()}`);
  return incidentsResponseSchema.parse(await json(res)).incidents;
}

export async function incidentDetail(base: string, id: string) {
  const res = await fetch(`${base}/api/incidents/${encodeURIComponent(id)}`, { signal: AbortSignal.timeout(15_000) });
  if (res.status !== 200) throw new Error(`GET /api/incidents/${id}: ${res.status}`);
  return incidentDetailSchema.parse(await json(res));
}

/** POST an acknowledgement as `user` (through TRUST_USER_HEADER); the response's status. */
export async function acknowledge(base: string, id: string, user: string, timeoutMs = 15_000): Promise<number> {
  const res = await fetch(`${base}/api/incidents/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [USER_HEADER]: user },
    body: JSON.stringify({ type: 'acknowledge' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Waits until the watcher has committed a cycle after `after` (epoch ms); its status. */
export const cycleAfter = (base: string, after: number, timeoutMs = 60_000) =>
  waitFor(`a watch cycle after ${new Date(after).toISOString()} at ${base}`, async () => {
    const s = await status(base);
    return s.watcher.lastCycleAt !== null && s.watcher.lastCycleAt > after ? s : undefined;
  }, timeoutMs, 150);

/** `ruleId:subject`, how the suites name an incident across restarts. */
export const keyOf = (i: Pick<IncidentDto, 'ruleId' | 'subject'>) => `${i.ruleId}:${i.subject}`;

// ---- the service in this process ----

/** Demo mode (no source URL), 1 s cycles, the user header trusted; `env` adds the store. */
export function serviceEnv(port: number, env: Record<string, string>): Record<string, string> {
  return { PORT: String(port), HOST: '127.0.0.1', WATCH_INTERVAL: '1s', TRUST_USER_HEADER: USER_HEADER, ...env };
}

export type InProcessService = Awaited<ReturnType<typeof startConsoleService>> & { logs: string[] };

export async function startInProcess(env: Record<string, string>, root: string): Promise<InProcessService> {
  const logs: string[] = [];
  const service = await startConsoleService({ env: serviceEnv(await freePort(), env), root, log: (line) => logs.push(line) });
  return Object.assign(service, { logs });
}

// ---- the service as a child process ----

export interface ChildService {
  pid: number;
  url: string;
  /** What it printed (stdout and stderr), for failure messages. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL by its pid, resolves once it is gone. */
  kill9: () => Promise<void>;
  /** SIGTERM (the service closes its store), SIGKILL after 10 s. */
  stop: () => Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) if (c.pid && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
});

/**
 * Starts `node --import tsx server/main.ts` with only `env` (plus PATH and HOME: no source URL
 * of the caller's leaks in, so it runs the demo scenario) and the stub build as CONSOLE_DIST;
 * resolves once /api/status answers.
 */
export async function spawnService(env: Record<string, string>, dist: string, timeoutMs = 90_000): Promise<ChildService> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmpdir(), CONSOLE_DIST: dist, ...serviceEnv(port, env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const out: string[] = [];
  const keep = (d: Buffer) => {
    out.push(d.toString());
    if (out.length > 400) out.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start server/main.ts');
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill9 = async () => {
    if (!gone()) process.kill(pid, 'SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (!gone()) {
      process.kill(pid, 'SIGTERM');
      const killer = setTimeout(() => !gone() && process.kill(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const output = () => out.join('');
  try {
    await waitFor(`the service (pid ${pid}) to answer`, async () => {
      if (gone()) throw new Error(`server/main.ts exited (${child.exitCode ?? child.signalCode}) before it answered: ${output().slice(-2000)}`);
      const res = await fetch(`${url}/api/status`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
      return res?.status === 200 ? true : undefined;
    }, timeoutMs, 100);
  } catch (error) {
    await kill9();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output().slice(-2000)}`);
  }
  return { pid, url, output, exited, kill9, stop };
}

// ---- the store's invariants, read straight from the database ----

/** The watcher's warm-up replays history in steps of a minute (server/watch/watcher.ts). */
const REPLAY_STEP_MS = 60_000;

export type Query = <T>(text: string, params?: unknown[]) => Promise<T[]>;

export interface StoreFacts {
  incidents: number;
  events: number;
  outbox: number;
  /** Event types and how many of each. */
  types: Record<string, number>;
  /** What breaks an invariant, one line each; empty when the store is sound. */
  violations: string[];
}

/**
 * Whatever crashed in between: at most one firing incident per rule and subject; every incident
 * opened exactly once; every outbox row the notification of an event (same incident, type and
 * time, `notify` set) and at most one per event; every event that notifies with its outbox row.
 * An `opened` event notifies unless the cycle that wrote it resolved the incident too (a replay
 * of history that opened and closed it: the same transaction, so the same xmin); `escalated` and
 * `unmuted` do when the live evaluation wrote them, never in a replay (replayed events are on the
 * warm-up's minute grid, and older than the latest event of their transaction, the cycle's own
 * time); the rest never do. The demo has no maintenance windows, so nothing is muted.
 */
export async function storeInvariants(q: Query): Promise<StoreFacts> {
  const s = SCHEMA;
  const violations: string[] = [];
  const [counts] = await q<{ incidents: string; events: string; outbox: string }>(
    `SELECT (SELECT count(*) FROM ${s}.incidents) AS incidents, (SELECT count(*) FROM ${s}.incident_events) AS events, (SELECT count(*) FROM ${s}.outbox) AS outbox`,
  );
  const types = Object.fromEntries((await q<{ type: string; n: string }>(`SELECT type, count(*) AS n FROM ${s}.incident_events GROUP BY type ORDER BY type`)).map((r) => [r.type, Number(r.n)]));

  for (const r of await q<{ rule_id: string; subject: string; n: string }>(`SELECT rule_id, subject, count(*) AS n FROM ${s}.incidents WHERE status = 'firing' GROUP BY 1, 2 HAVING count(*) > 1`)) {
    violations.push(`${r.n} firing incidents for ${r.rule_id}:${r.subject}`);
  }
  for (const r of await q<{ id: string; n: string }>(
    `SELECT i.id, count(e.id) AS n FROM ${s}.incidents i LEFT JOIN ${s}.incident_events e ON e.incident_id = i.id AND e.type = 'opened' GROUP BY i.id HAVING count(e.id) <> 1`,
  )) {
    violations.push(`incident ${r.id} has ${r.n} opened events`);
  }
  for (const r of await q<{ id: string; event: string | null; why: string }>(
    `SELECT o.id, o.incident_event_id AS event,
       CASE WHEN e.id IS NULL THEN 'no such event'
            WHEN o.payload->>'incidentId' IS DISTINCT FROM e.incident_id THEN 'another incident'
            WHEN o.payload->>'type' IS DISTINCT FROM e.type THEN 'another type'
            WHEN (o.payload->>'at')::bigint IS DISTINCT FROM (extract(epoch FROM e.at) * 1000)::bigint THEN 'another time'
            WHEN (o.payload->>'notify')::boolean IS NOT TRUE THEN 'notify not set'
            WHEN o.dedupe_key IS DISTINCT FROM e.incident_id || '|' || e.type || '|' || (extract(epoch FROM e.at) * 1000)::bigint THEN 'another dedupe key'
            ELSE 'ok' END AS why
     FROM ${s}.outbox o LEFT JOIN ${s}.incident_events e ON e.id = o.incident_event_id`,
  )) {
    if (r.why !== 'ok') violations.push(`outbox row ${r.id} (event ${r.event ?? 'none'}): ${r.why}`);
  }
  for (const r of await q<{ event: string; n: string }>(`SELECT incident_event_id AS event, count(*) AS n FROM ${s}.outbox GROUP BY 1 HAVING count(*) > 1`)) {
    violations.push(`event ${r.event} has ${r.n} outbox rows`);
  }
  // Each event with its transaction (xmin) and whether that transaction resolved the same incident.
  const events = await q<{ id: string; incident_id: string; type: string; at_ms: string; tx_latest_ms: string; resolved_in_tx: boolean; queued: boolean }>(
    `WITH ev AS (SELECT e.*, e.xmin::text AS tx FROM ${s}.incident_events e)
     SELECT ev.id, ev.incident_id, ev.type, (extract(epoch FROM ev.at) * 1000)::bigint AS at_ms,
       (SELECT (extract(epoch FROM max(x.at)) * 1000)::bigint FROM ev x WHERE x.tx = ev.tx) AS tx_latest_ms,
       EXISTS (SELECT 1 FROM ev r WHERE r.tx = ev.tx AND r.incident_id = ev.incident_id AND r.type = 'resolved') AS resolved_in_tx,
       EXISTS (SELECT 1 FROM ${s}.outbox o WHERE o.incident_event_id = ev.id) AS queued
     FROM ev ORDER BY ev.id`,
  );
  for (const e of events) {
    const replayed = Number(e.at_ms) < Number(e.tx_latest_ms) || Number(e.at_ms) % REPLAY_STEP_MS === 0;
    const live = !replayed;
    const should = e.type === 'opened' ? !e.resolved_in_tx : e.type === 'escalated' || e.type === 'unmuted' ? live : false;
    if (should && !e.queued) violations.push(`${e.type} event ${e.id} of ${e.incident_id} should notify but has no outbox row`);
    if (!should && e.queued) violations.push(`${e.type} event ${e.id} of ${e.incident_id} has an outbox row but never notifies`);
  }
  return { incidents: Number(counts?.incidents), events: Number(counts?.events), outbox: Number(counts?.outbox), types, violations };
}

/** The acknowledgements that were answered 200 and are not in the store (event with its actor, and the incident's flag). */
export async function lostAcknowledgements(q: Query, acked: readonly { id: string; user: string }[]): Promise<string[]> {
  const lost: string[] = [];
  for (const a of acked) {
    const [row] = await q<{ event: boolean; flagged: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${SCHEMA}.incident_events WHERE incident_id = $1 AND type = 'acknowledged' AND actor = $2) AS event,
              EXISTS (SELECT 1 FROM ${SCHEMA}.incidents WHERE id = $1 AND acknowledged_at IS NOT NULL) AS flagged`,
      [a.id, a.user],
    );
    if (!row?.event || !row.flagged) lost.push(`${a.user} on ${a.id}: ${row?.event ? 'the incident lost its acknowledgement' : 'no acknowledged event'}`);
  }
  return lost;
}
