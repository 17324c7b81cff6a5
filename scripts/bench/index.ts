/**
 * `npm run bench -- index`: the issue index through the service's own ingest loop (ingester.ts:
 * pull → reassemble → parse → miner → fingerprint → store, cursor in the same transaction) on
 * the demo story's Loki lines, on a simulated clock that keeps the source behind, so every round
 * is a full catch-up batch (1,000 lines × 10 pages, the service's defaults). PGlite in a
 * temporary DATA_DIR, or DATABASE_URL's PostgreSQL (under a source id of its own, removed after).
 * Prints:
 *   1. ingest throughput: source lines and warning-and-above events per second, wall and CPU,
 *      without the mock's own work (generating and encoding the lines: timed apart and taken out);
 *   2. at every tenth of LINES (default 10,000,000): the interval's throughput, heap after a GC,
 *      table sizes (pg_total_relation_size) and DATA_DIR on disk, per million lines, and a 7-day
 *      `list` (median of 5);
 *   3. at the end: the 7-day and 24-hour `list`, REPEATS times each (median, p95, CPU), and one
 *      `prune` (INDEX_RETENTION, default 90 d) with what it removed.
 * VACUUM + CHECKPOINT (`conn.maintain`, the watcher's hourly housekeeping) run at each tenth, timed
 * apart. Run it niced on a shared machine: `nice -n 10 npm run bench -- index`.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMockController } from '../../mocks/scenarios';
import { DEMO_SOURCES } from '../../src/sources/demo-sources';
import { resolveSource } from '../../src/sources/registry';
import { createDemoFetch } from '../../server/demo/demo-sources';
import { createIngester } from '../../server/ingest/ingester';
import { createIssueIndex } from '../../server/ingest/issue-index';
import { readServiceConfig } from '../../server/service-config';
import { connectStore } from '../../server/store/connect';
import { createIngestCursorsStore } from '../../server/store/ingest-cursors';
import { migrate } from '../../server/store/migrate';
import { SCHEMA } from '../../server/store/schema';

const LINES = Number(process.env.LINES ?? 10_000_000);
const REPEATS = Number(process.env.REPEATS ?? 30);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The story starts here; the demo's anchor (its incidents) is set near where LINES end. */
const START = Date.parse('2026-06-01T00:00:00.000Z');
/** The incident story gives about 105,000 lines a day (all levels): the anchor's estimate only. */
const LINES_PER_DAY_ESTIMATE = 105_000;
const TABLES = ['index_sources', 'index_issues', 'index_issue_hours', 'index_issue_samples', 'index_issue_merges', 'ingest_cursors'];

// A GC before each heap sample, without asking the runner for --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dirSize = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const dataDir = mkdtempSync(join(tmpdir(), 'spine-bench-index-'));
const conn = await connectStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
await migrate(conn.raw);
const retentionMs = readServiceConfig(process.env).indexRetentionMs;

let t = START;
const now = () => t;
const anchorMs = START + Math.ceil(LINES / LINES_PER_DAY_ESTIMATE) * DAY;
const controller = createMockController({ anchorMs, now });
const demoFetch = createDemoFetch(controller);
// The mock's work (generating, rendering and encoding the lines) is the source's, not the console's.
const mock = { cpuMs: 0, wallMs: 0 };
const timedFetch: typeof fetch = async (input, init) => {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const res = await demoFetch(input, init);
  const body = await res.arrayBuffer();
  mock.cpuMs += cpuMs(process.cpuUsage(c0));
  mock.wallMs += performance.now() - w0;
  return new Response(body, { status: res.status, headers: res.headers });
};
const lokiInstance = DEMO_SOURCES.find((s) => s.kind === 'loki');
if (!lokiInstance) throw new Error('the demo has no Loki source');
// An id of its own: on a shared PostgreSQL the bench never touches another source's rows.
const sourceId = `bench-index-${process.pid}-${Date.now().toString(36)}`;
const resolved = resolveSource({ ...lokiInstance, id: sourceId }, { fetch: timedFetch, now });
if (!resolved.ok) throw new Error(`the demo Loki source did not resolve: ${JSON.stringify(resolved)}`);
const index = createIssueIndex(conn.db);
const cursors = createIngestCursorsStore(conn.db);
const logs: string[] = [];
// A source never read before starts an hour back: START is where the story is read from.
const ingester = createIngester({ db: conn.db, sources: [resolved.source], index, cursors, now, intervalMs: 30_000, lead: async () => true, log: (l) => logs.push(l), startBackMs: HOUR });
t = START + HOUR;

async function tableBytes(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of TABLES) {
    const [row] = await conn.raw.query<{ n: string }>(`SELECT pg_total_relation_size('${SCHEMA}.${name}')::bigint AS n`);
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}

async function timeList(from: number, to: number, times: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let issues = 0;
  for (let k = 0; k < times; k += 1) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const list = await index.list(sourceId, { from, to });
    wall.push(performance.now() - w0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
    issues = list.issues.length;
  }
  return { wall, cpu, issues, median: pct(wall, 50), p95: pct(wall, 95), cpuMedian: pct(cpu, 50) };
}

console.log(`\nIssue index: ${fmt(LINES)} lines of the demo's incident story (Loki), ${conn.where}; story from ${new Date(START).toISOString()}, anchor ${new Date(anchorMs).toISOString()}`);
let lines = 0;
let events = 0;
let rounds = 0;
let ingestWall = 0;
let ingestCpu = 0;
let maintainMs = 0;
const heap: string[] = [];
const step = Math.max(1, Math.floor(LINES / 10));
let nextMark = step;
let mark = { lines: 0, events: 0, wall: 0, cpu: 0 };
const wallStart = performance.now();
while (lines < LINES) {
  const m0 = { ...mock };
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const round = await ingester.runRound();
  const wall = performance.now() - w0 - (mock.wallMs - m0.wallMs);
  const cpu = cpuMs(process.cpuUsage(c0)) - (mock.cpuMs - m0.cpuMs);
  const r = round?.sources[0];
  if (!r) throw new Error('the round did not run');
  if (r.error) throw new Error(`ingest failed at ${new Date(t).toISOString()}: ${r.error}`);
  rounds += 1;
  lines += r.lines;
  events += r.indexed;
  ingestWall += wall;
  ingestCpu += cpu;
  // Kept behind: the clock moves on only once the source is caught up, so batches stay full.
  if (r.caughtUp) t += HOUR;
  if (lines >= nextMark || lines >= LINES) {
    nextMark += step;
    const m = performance.now();
    await conn.maintain();
    maintainMs += performance.now() - m;
    gc();
    const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
    heap.push(heapMb.toFixed(0));
    const bytes = await tableBytes();
    const total = Object.values(bytes).reduce((a, b) => a + b, 0);
    const disk = conn.driver === 'pglite' ? `, DATA_DIR ${mb(dirSize(dataDir))} (${mb(dirSize(dataDir) / (lines / 1e6))} per M lines)` : '';
    const q = await timeList(t - 7 * DAY, t, 5);
    const d = { lines: lines - mark.lines, events: events - mark.events, wall: ingestWall - mark.wall, cpu: ingestCpu - mark.cpu };
    mark = { lines, events, wall: ingestWall, cpu: ingestCpu };
    console.log(
      `  ${fmt(lines).padStart(11)} lines (${fmt(events)} events, ${((t - START) / DAY).toFixed(1)} d simulated): ` +
        `${fmt(d.lines / (d.wall / 1000))} lines/s wall, ${fmt(d.lines / (d.cpu / 1000))} per CPU-s (${fmt(d.events / (d.cpu / 1000))} events per CPU-s); ` +
        `heap ${heapMb.toFixed(0)} MB; tables ${mb(total)} (${mb(total / (lines / 1e6))} per M lines)${disk}; 7 d list median ${q.median.toFixed(0)} ms (${q.issues} issues)`,
    );
  }
}
const elapsed = (performance.now() - wallStart) / 1000;
console.log(`  ingest: ${rounds} rounds, ${fmt(lines)} lines, ${fmt(events)} warning-and-above events (${((events / lines) * 100).toFixed(1)} % of lines)`);
console.log(`    ${fmt(lines / (ingestWall / 1000))} lines/s wall, ${fmt(lines / (ingestCpu / 1000))} lines per CPU-second; ${fmt(events / (ingestCpu / 1000))} events per CPU-second (mock excluded: ${(mock.cpuMs / 1000).toFixed(0)} s CPU)`);
console.log(`    VACUUM + CHECKPOINT at each tenth: ${(maintainMs / 1000).toFixed(1)} s in all; the whole run ${elapsed.toFixed(0)} s`);
console.log(`    heap after GC at each tenth: ${heap.join(', ')} MB`);
const bytes = await tableBytes();
console.log(`    tables: ${Object.entries(bytes).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
const [counts] = await conn.raw.query<{ issues: string; hours: string; samples: string; merges: string }>(
  `SELECT (SELECT count(*) FROM ${SCHEMA}.index_issues WHERE source_id = $1) AS issues, (SELECT count(*) FROM ${SCHEMA}.index_issue_hours WHERE source_id = $1) AS hours,
          (SELECT count(*) FROM ${SCHEMA}.index_issue_samples WHERE source_id = $1) AS samples, (SELECT count(*) FROM ${SCHEMA}.index_issue_merges WHERE source_id = $1) AS merges`,
  [sourceId],
);
console.log(`    rows: ${counts?.issues} issues, ${counts?.hours} hourly counts, ${counts?.samples} samples, ${counts?.merges} merges`);
// Keeping up: the ecosystem at the story's mix reads every line to find its warning-and-above ones.
const eventsPerCpuS = events / (ingestCpu / 1000);
console.log(`    keeping up with 1,000 warning-and-above lines/s at this mix (${fmt(1000 / (events / lines))} lines/s in all) takes ${((1000 / eventsPerCpuS) * 100).toFixed(0)} % of a core`);

for (const [label, span] of [['7 d', 7 * DAY], ['24 h', DAY]] as const) {
  const q = await timeList(t - span, t, REPEATS);
  console.log(`  list ${label} after ${fmt(lines)} lines: median ${q.median.toFixed(1)} ms, p95 ${q.p95.toFixed(1)} ms wall; CPU median ${q.cpuMedian.toFixed(1)} ms; ${q.issues} issues (${REPEATS} calls)`);
}

const p0 = performance.now();
const pruned = await index.prune(t, retentionMs);
console.log(`  prune (retention ${(retentionMs / DAY).toFixed(0)} d): ${JSON.stringify(pruned)} in ${(performance.now() - p0).toFixed(0)} ms`);
if (logs.length) console.log(`  ingester said: ${logs.slice(0, 5).join(' | ')}`);

if (conn.driver !== 'pglite') {
  // A shared database keeps nothing of the bench.
  await conn.raw.query(`DELETE FROM ${SCHEMA}.ingest_cursors WHERE source_id = $1`, [sourceId]);
  for (const name of ['index_issue_merges', 'index_issue_samples', 'index_issue_hours', 'index_issues', 'index_sources']) await conn.raw.query(`DELETE FROM ${SCHEMA}.${name} WHERE source_id = $1`, [sourceId]);
}
await conn.close();
rmSync(dataDir, { recursive: true, force: true });
