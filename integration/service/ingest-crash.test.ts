/**
 * kill -9 mid-ingest: the service runs as a child process in live mode against a Loki that tells
 * the demo's incident story (the mocks, served from this process with one anchor for every run,
 * each request answered 150 ms late so a round spends its time pulling), with 1 s rounds. It is
 * killed with SIGKILL at random moments (its first catch-up of the last hour, a steady round) and
 * started again on the same store each time (BACKFILL=0: the span is live ingest's); the last run
 * stops on SIGTERM once caught up. Then the index must hold every line of the span it covers
 * exactly once: its count for
 * TokenInvalidError (and for all issues) equals the page's grouping of the source's own lines of
 * that span, and the cursor's line count equals the span's lines. On PGlite (DATA_DIR) and on a
 * real PostgreSQL. CRASH_SEED=<n> replays one run's kill moments.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { groupIssues } from '@/errors/pipeline';
import type { LogEntry } from '@/lib/model';
import { compareNs, nsToMs } from '@/lib/nanotime';
import { DEMO_SOURCES } from '@/sources/demo-sources';
import { supports } from '@/sources/registry';
import { mulberry32 } from '../../mocks/scenario/prng';
import { createMockController } from '../../mocks/scenarios';
import { createDemoFetch, createDemoWorld } from '../../server/demo/demo-sources';
import { createIssueIndex } from '../../server/ingest/issue-index';
import { connectStore } from '../../server/store/connect';
import { SCHEMA } from '../../server/store/schema';
import { realPostgres, testDatabases } from '../store/real-postgres';
import { sleep, spawnService, status, workDir } from './service-harness';

const target = realPostgres();
const dbs = target ? testDatabases(target) : null;
afterAll(() => dbs?.dropAll());

const KILLS = 4;
const KILL_WITHIN_MS = 3_000;
const LATENCY_MS = 150;
const SEED = Number(process.env.CRASH_SEED) || Date.now() % 1_000_000;
const HOUR = 3_600_000;

/** The demo's Loki as an upstream: `LOKI_URL` of the child points here. */
async function startLoki(anchorMs: number) {
  const demoFetch = createDemoFetch(createMockController({ anchorMs }));
  let requests = 0;
  const server = createServer(async (req, res) => {
    requests += 1;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    await sleep(LATENCY_MS);
    const init: RequestInit = { method: req.method ?? 'GET', headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])) };
    if (chunks.length && req.method !== 'GET' && req.method !== 'HEAD') init.body = Buffer.concat(chunks);
    const answer = await demoFetch(`http://console.local/proxy/loki${req.url ?? '/'}`, init);
    const headers: Record<string, string> = {};
    answer.headers.forEach((v, k) => (headers[k] = v));
    res.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests: () => requests, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** The source's own lines in [fromMs, toMs], read through the Loki adapter from the same story. */
async function sourceLines(anchorMs: number, fromMs: number, toMs: number): Promise<LogEntry[]> {
  const loki = createDemoWorld(DEMO_SOURCES, { anchorMs, now: () => Date.now() }).sources.find((s) => s.instance.id === 'loki');
  if (!loki || !supports(loki.adapter, 'logs')) throw new Error('the demo has a Loki source with logs');
  const entries: LogEntry[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await loki.adapter.capabilities.logs(loki.client, { limit: 5000, direction: 'backward', cursor }, { signal: new AbortController().signal, range: { from: fromMs, to: toMs } });
    entries.push(...page.entries);
    if (!page.truncated || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return entries;
}

async function ingestStatus(url: string) {
  return (await status(url).catch(() => null))?.ingest?.find((s) => s.sourceId === 'loki') ?? null;
}

async function killNineWhileIngesting(store: { env: Record<string, string>; dataDir?: string }, dist: string) {
  const anchorMs = Date.now();
  const loki = await startLoki(anchorMs);
  const next = mulberry32(SEED);
  const moments: string[] = [];
  const t0 = Date.now();
  try {
    // Live ingest only: a 7-day backfill walk would outlast the runs (its own tests cover restarts mid-walk).
    const env = { ...store.env, LOKI_URL: loki.url, BACKFILL: '0' };
    for (let round = 0; round <= KILLS; round += 1) {
      const child = await spawnService(env, dist);
      try {
        if (round < KILLS) {
          // From its start (the catch-up since the last run's cursor) or after a round it committed.
          const steady = next() < 0.5;
          if (steady) {
            const before = (await ingestStatus(child.url))?.linesIngested ?? 0;
            const deadline = Date.now() + 60_000;
            while (((await ingestStatus(child.url))?.linesIngested ?? 0) <= before) {
              if (Date.now() > deadline) throw new Error(`no ingest round committed within 60 s (${JSON.stringify(await ingestStatus(child.url))}):\n${child.output().slice(-2000)}`);
              await sleep(100);
            }
          }
          const wait = Math.round(next() * KILL_WITHIN_MS);
          moments.push(`${wait} ms after ${steady ? 'a round' : 'its start'}`);
          await sleep(wait);
          await child.kill9();
          expect((await child.exited).signal).toBe('SIGKILL');
        } else {
          // The last run catches up (a round after its start, nothing behind), then stops cleanly.
          const from = Date.now();
          const deadline = from + 90_000;
          for (;;) {
            const s = await ingestStatus(child.url);
            if (s && s.caughtUp && s.lastError === null && s.pulledAt !== null && s.pulledAt > from) break;
            if (Date.now() > deadline) throw new Error(`ingest did not catch up within 90 s (${JSON.stringify(s)}):\n${child.output().slice(-2000)}`);
            await sleep(200);
          }
          await child.stop();
          expect(await child.exited, 'a clean exit on SIGTERM').toEqual({ code: 0, signal: null });
        }
      } finally {
        await child.kill9();
      }
    }
  } finally {
    await loki.close();
  }
  const seconds = (Date.now() - t0) / 1000;

  const conn = await connectStore(store.dataDir ? { dataDir: store.dataDir } : { databaseUrl: store.env.DATABASE_URL!, dataDir: 'memory://' });
  try {
    const [cursor] = await conn.raw.query<{ time_ns: string; seen_ids: string[]; lines_ingested: string }>(`SELECT time_ns, seen_ids, lines_ingested FROM ${SCHEMA}.ingest_cursors WHERE source_id = 'loki'`);
    const index = createIssueIndex(conn.db);
    const knownSince = await index.knownSince('loki');
    expect(cursor?.time_ns, 'the cursor advanced').toBeTruthy();
    expect(knownSince).not.toBeNull();
    // The span the index covers: from where the first run started to the cursor (the ids seen at its ns included).
    const seen = new Set(cursor!.seen_ids);
    const inSpan = (e: LogEntry) => compareNs(e.timeNs, knownSince!) >= 0 && (compareNs(e.timeNs, cursor!.time_ns) < 0 || (e.timeNs === cursor!.time_ns && seen.has(e.id)));
    const fromMs = Math.floor(nsToMs(knownSince!));
    const toMs = Math.ceil(nsToMs(cursor!.time_ns)) + 1;
    const entries = (await sourceLines(anchorMs, fromMs, toMs)).filter(inSpan);
    const direct = groupIssues(entries, { range: { from: fromMs, to: toMs } });
    const listed = await index.list('loki', { from: fromMs - HOUR, to: toMs + HOUR, limit: 10_000 });
    const token = (title: string) => title.startsWith('TokenInvalidError');
    const directToken = direct.filter((g) => token(g.title)).reduce((n, g) => n + g.count, 0);
    const indexedToken = listed.issues.filter((i) => token(i.title)).reduce((n, i) => n + i.count, 0);
    expect(directToken, 'TokenInvalidError lines in the covered span').toBeGreaterThan(0);
    // No line lost or counted twice across the kills: the same count as the source's own lines.
    expect(indexedToken).toBe(directToken);
    expect(listed.issues.reduce((n, i) => n + i.count, 0)).toBe(direct.reduce((n, g) => n + g.count, 0));
    // Every committed batch moved the cursor past exactly its lines.
    expect(Number(cursor!.lines_ingested)).toBe(entries.length);
    console.log(
      `kill -9 mid-ingest (${conn.driver}, CRASH_SEED=${SEED}): killed ${moments.join(', ')}; ${entries.length} lines over ` +
        `${((toMs - fromMs) / 60_000).toFixed(1)} min indexed once, TokenInvalidError ${indexedToken} = ${directToken}; ${loki.requests()} Loki requests; ${seconds.toFixed(1)} s`,
    );
  } finally {
    await conn.close();
  }
}

describe('the console service killed with SIGKILL while it ingests', () => {
  it(`PGlite in DATA_DIR: ${KILLS} kills, every line of the covered span indexed once`, async () => {
    const wd = workDir('ingest-crash');
    try {
      await killNineWhileIngesting({ env: { DATA_DIR: wd.dataDir }, dataDir: wd.dataDir }, wd.dist);
    } finally {
      wd.remove();
    }
  }, 300_000);

  it.skipIf(!dbs)(`PostgreSQL${target ? ` ${target.version}` : ' (none on this machine; the setup said how to get one)'}: the same`, async () => {
    const wd = workDir('ingest-crash-pg');
    try {
      await killNineWhileIngesting({ env: { DATABASE_URL: await dbs!.create() } }, wd.dist);
    } finally {
      wd.remove();
    }
  }, 300_000);
});
