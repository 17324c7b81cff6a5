/**
 * The store goes away and comes back: a service on a PostgreSQL cluster of its own (started here,
 * not the run's shared one) loses it (stopped by its pid), keeps serving what needs no database
 * (the page, the runtime config, the proxy to its sources, its status saying what is wrong) and
 * answers store-backed requests 503 `store_unavailable`; when the cluster starts again on the same
 * data and port, the watcher catches up without a restart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../harness/need';
import { databaseUrl, POSTGRES_HOW, postgresSupply, startPostgres, type RunningPostgres } from '../harness/postgres';
import { acknowledge, cycleAfter, incidents, sleep, startInProcess, status, waitFor, workDir, type InProcessService } from './service-harness';

// A cluster this file may stop: binaries, even when POSTGRES_TEST_URL names a server for the rest.
const supply = postgresSupply({ ...process.env, POSTGRES_TEST_URL: '' });
const bin = supply.kind === 'binaries' ? supply.bin : null;
if (!bin) missing('service store-outage suite', 'PostgreSQL server binaries (it stops a cluster of its own)', POSTGRES_HOW);

describe.skipIf(!bin)('the console service when its store goes away', () => {
  let pg: RunningPostgres;
  let upstream: Server;
  let upstreamUrl = '';
  let upstreamHits = 0;
  let service: InProcessService;
  const wd = workDir('outage');

  beforeAll(async () => {
    pg = await startPostgres(bin!);
    // A stand-in Loki: the proxy in front of it must keep working without the store.
    upstream = createServer((req, res) => {
      upstreamHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: [], from: 'upstream', path: req.url }));
    });
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    service = await startInProcess({ DATABASE_URL: databaseUrl(pg.adminUrl, 'postgres'), LOKI_URL: upstreamUrl }, wd.dist);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await new Promise<void>((ok) => (upstream ? upstream.close(() => ok()) : ok()));
    await pg?.stop();
    wd.remove();
  });

  it('serves the page, the proxy and its status without it, refuses store reads and writes with 503, and catches up when it is back', async () => {
    const t0 = Date.now();
    const warm = await cycleAfter(service.url, 0);
    expect(warm.store).toMatchObject({ driver: 'postgres', ok: true });
    expect((await fetch(`${service.url}/api/incidents`)).status).toBe(200);

    await pg.halt();
    const haltedAt = Date.now();

    const refused = await fetch(`${service.url}/api/incidents`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: 'store_unavailable', message: expect.stringMatching(/cannot reach its database/) });
    // A write is refused the same way (the change waits), not taken for a bug.
    expect(await acknowledge(service.url, 'feed-health|sec-rss|1', 'carol')).toBe(503);

    const down = await status(service.url);
    expect(down.store.ok).toBe(false);
    expect(down.store.problem).toEqual(expect.any(String));
    // The watcher says why it is not committing, within a couple of cycles.
    const stuck = await waitFor('the watcher to report the store problem', async () => {
      const s = await status(service.url);
      return s.watcher.storeProblem ? s : undefined;
    }, 15_000, 200);
    expect(stuck.watcher.lastCycleAt).toBeLessThanOrEqual(haltedAt);
    // What the driver said, not drizzle's `Failed query: <sql>` around it.
    expect(stuck.watcher.storeProblem).not.toMatch(/Failed query/);
    expect(service.logs.filter((l) => l.startsWith('watch cycle failed:'))).toHaveLength(1);
    // Cycles keep failing (and are not committed) while it is gone; the service goes on.
    await sleep(2_500);
    const still = await status(service.url);
    expect(still.watcher.storeProblem).toEqual(expect.any(String));
    expect(still.watcher.lastCycleAt).toBe(stuck.watcher.lastCycleAt);

    const page = await fetch(`${service.url}/alerts`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('stub build');
    const runtime = await fetch(`${service.url}/runtime-config.json`);
    expect(runtime.status).toBe(200);
    expect(((await runtime.json()) as { mode: string }).mode).toBe('live');
    const hits = upstreamHits;
    const proxied = await fetch(`${service.url}/proxy/loki/loki/api/v1/labels`);
    expect(proxied.status).toBe(200);
    expect(await proxied.json()).toMatchObject({ from: 'upstream', path: '/loki/api/v1/labels' });
    expect(upstreamHits).toBeGreaterThan(hits);

    await pg.resume();
    const resumedAt = Date.now();
    const back = await waitFor('the watcher to commit a cycle on the returned store', async () => {
      const s = await status(service.url);
      return s.watcher.storeProblem === null && s.watcher.lastCycleAt !== null && s.watcher.lastCycleAt > resumedAt ? s : undefined;
    }, 30_000, 100);
    const caughtUpMs = Date.now() - resumedAt;
    expect(back.store.ok).toBe(true);
    expect(back.watcher.role).toBe('leader');
    expect(service.logs).toContain('store reachable again; the watcher caught up');
    await incidents(service.url);
    // And it goes on committing cycles.
    await cycleAfter(service.url, back.watcher.lastCycleAt!);
    console.log(`store outage: refused while down (${((resumedAt - haltedAt) / 1000).toFixed(1)} s), caught up ${(caughtUpMs / 1000).toFixed(1)} s after the cluster was back; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 120_000);
});
