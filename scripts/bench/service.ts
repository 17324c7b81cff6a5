/**
 * `npm run bench -- service`: the console service's watcher on the demo scenario, on a fast clock
 * (one cycle = 30 simulated seconds, run back to back), against PGlite in a temporary DATA_DIR
 * (or DATABASE_URL's PostgreSQL). Prints:
 *   1. a full cycle's CPU time and store writes (warm-up, then steady cycles);
 *   2. heap and database size over CYCLES cycles (default 10,000), which must stay flat after the
 *      warm-up, and the stored observations (rows, table size, a body's stored size). Error issues
 *      are regrouped every ISSUES_EVERY cycles there (default 20): grouping 10,000 lines is most of
 *      a cycle, and what could grow is the state, not the grouping.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroupingClient } from '../../src/errors/worker';
import { DEMO_SOURCES } from '../../src/sources/demo-sources';
import { demoSources } from '../../server/demo/demo-sources';
import { createAlertingStore } from '../../server/store/alerting';
import { connectStore } from '../../server/store/connect';
import { createIssueStatesStore } from '../../server/store/issue-states';
import { migrate } from '../../server/store/migrate';
import { createObservationsStore } from '../../server/store/observations';
import { createWatcher } from '../../server/watch/watcher';

const CYCLES = Number(process.env.CYCLES ?? 10_000);
const ISSUES_EVERY = Number(process.env.ISSUES_EVERY ?? 20);
const STEADY = 20;
const STEP = 30_000;
const ANCHOR = Date.parse('2026-11-28T10:00:00.000Z');

const dirSize = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function run(label: string, cycles: number, issuesEvery: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'spine-bench-service-'));
  const conn = await connectStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
  await migrate(conn.raw);
  const alerting = createAlertingStore(conn.db);
  await alerting.seed();
  const observations = createObservationsStore(conn.db);
  let t = ANCHOR;
  const now = () => t;
  const grouping = createGroupingClient(null);
  const watcher = createWatcher({
    alerting, issueStates: createIssueStatesStore(conn.db), observations, sources: demoSources(DEMO_SOURCES, { anchorMs: ANCHOR, now }), grouping, now,
    intervalMs: STEP, maintain: () => conn.maintain(), issuesIntervalMs: issuesEvery * STEP - 1, lead: async () => true, log: (l) => console.log(`  watcher: ${l}`),
  });
  const cpu: number[] = [];
  const writes: number[] = [];
  console.log(`\n${label}: ${cycles} cycles, ${conn.where}`);
  for (let k = 0; k < cycles; k += 1) {
    const before = process.cpuUsage();
    const w0 = alerting.rowsWritten();
    const summary = await watcher.runCycle();
    if (!summary) throw new Error('a cycle failed; see the watcher line above');
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    writes.push(alerting.rowsWritten() - w0);
    if (k === 0) console.log(`  warm-up cycle: ${cpu[0]!.toFixed(0)} ms CPU, ${writes[0]} rows written, ${summary.replayed} history steps replayed, ${summary.firing} incidents firing`);
    if ((k + 1) % Math.max(1, Math.floor(cycles / 10)) === 0 && k > 0) {
      globalThis.gc?.();
      const tables = mb(Number((await conn.raw.query<{ n: string }>("SELECT sum(pg_total_relation_size(c.oid))::bigint AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'spine_console'"))[0]!.n));
      const db = conn.driver === 'pglite' ? `${tables} in tables, ${mb(dirSize(dataDir))} on disk` : `${tables} in tables`;
      const [obs] = await conn.raw.query<{ n: number; bytes: string; avg: number }>(`SELECT count(*)::int AS n, pg_total_relation_size('spine_console.observations')::bigint AS bytes, coalesce(avg(pg_column_size(body)), 0)::int AS avg FROM spine_console.observations`);
      console.log(`  after ${String(k + 1).padStart(6)} cycles (${((t - ANCHOR) / 3_600_000).toFixed(0).padStart(3)} h simulated): heap ${mb(process.memoryUsage().heapUsed)}, database ${db}, ${summary.firing} firing`);
      console.log(`    observations: ${obs!.n} rows, ${mb(Number(obs!.bytes))} with indexes, ${(obs!.avg / 1024).toFixed(1)} KB a body stored`);
    }
    t += STEP;
  }
  const steady = cpu.slice(1);
  console.log(`  steady cycles: CPU median ${pct(steady, 50).toFixed(0)} ms, p95 ${pct(steady, 95).toFixed(0)} ms; rows written median ${pct(writes.slice(1), 50)}, max ${Math.max(...writes.slice(1))}`);
  await watcher.stop();
  grouping.dispose();
  await conn.close();
  rmSync(dataDir, { recursive: true, force: true });
}

await run(`Full cycles (issues regrouped every cycle)`, 1 + STEADY, 1);
await run(`Long run (issues regrouped every ${ISSUES_EVERY} cycles)`, CYCLES, ISSUES_EVERY);
