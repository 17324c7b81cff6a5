/**
 * A restart keeps everything: the service watches the demo scenario, a user acknowledges an
 * incident, the service stops and starts again on the same store, and the incidents, the
 * acknowledgement (with who made it) and their histories are as they were; nothing reopens.
 * On PGlite in a temporary DATA_DIR, and on a real PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore } from '../../server/store/connect';
import { realPostgres, testDatabases } from '../store/real-postgres';
import { acknowledge, cycleAfter, incidentDetail, incidents, keyOf, startInProcess, storeInvariants, workDir } from './service-harness';

const target = realPostgres();
const dbs = target ? testDatabases(target) : null;
afterAll(() => dbs?.dropAll());

/** The same incident before and after: what a restart must not change. */
const kept = (i: { id: string; ruleId: string; subject: string; startedAt: number; pendingSince: number; acknowledgedAt?: number | undefined; acknowledgedBy?: string | undefined }) => ({
  id: i.id, key: keyOf(i), startedAt: i.startedAt, pendingSince: i.pendingSince, acknowledgedAt: i.acknowledgedAt ?? null, acknowledgedBy: i.acknowledgedBy ?? null,
});

async function restartKeepsEverything(store: { env: Record<string, string>; dataDir?: string }, dist: string) {
  const t0 = Date.now();
  const first = await startInProcess(store.env, dist);
  let second: typeof first | null = null;
  try {
    await cycleAfter(first.url, 0);
    const opened = await incidents(first.url);
    const feed = opened.find((i) => keyOf(i) === 'feed-health:sec-rss' && i.status === 'firing');
    expect(feed, `the demo's sec-rss incident after the first cycle: ${opened.map(keyOf).join(', ')}`).toBeDefined();
    expect(opened.map(keyOf)).toContain('queue-backlog:default');
    expect(await acknowledge(first.url, feed!.id, 'alice@example.com')).toBe(200);
    // Another cycle after the acknowledgement, so the state the restart must keep has both.
    const acked = await cycleAfter(first.url, Date.now());
    const before = await incidents(first.url);
    const beforeDetails = await Promise.all(before.map((i) => incidentDetail(first.url, i.id)));
    expect(before.find((i) => i.id === feed!.id)?.acknowledgedBy).toBe('alice@example.com');
    const stoppedAt = Date.now();
    await first.close();

    second = await startInProcess(store.env, dist);
    const restarted = Date.now();
    // What the restarted service serves before and after its own first cycle.
    const atOnce = await incidents(second.url);
    await cycleAfter(second.url, Math.max(restarted, acked.watcher.lastCycleAt ?? 0));
    const after = await incidents(second.url);
    const afterDetails = await Promise.all(after.map((i) => incidentDetail(second!.url, i.id)));

    const sorted = (list: typeof before) => list.map(kept).sort((a, b) => a.id.localeCompare(b.id));
    expect(sorted(atOnce)).toEqual(sorted(before));
    // Every incident kept, with its clock and acknowledgement; the firing ones still firing.
    const byId = new Map(after.map((i) => [i.id, i]));
    for (const b of before) {
      expect(byId.get(b.id) && kept(byId.get(b.id)!), `${b.id} after the restart`).toEqual(kept(b));
      if (b.status === 'firing') expect(byId.get(b.id)?.status, b.id).toBe('firing');
    }
    // Nothing reopened: no new incident for a rule and subject that was firing before.
    const firingBefore = new Set(before.filter((i) => i.status === 'firing').map(keyOf));
    const fresh = after.filter((i) => !before.some((b) => b.id === i.id));
    expect(fresh.filter((i) => firingBefore.has(keyOf(i))).map((i) => i.id)).toEqual([]);
    // Histories: the old events unchanged, one `opened` each, one acknowledgement by alice.
    for (const d of afterDetails) expect(d.events.filter((e) => e.type === 'opened'), d.incident.id).toHaveLength(1);
    for (const b of beforeDetails) {
      const a = afterDetails.find((d) => d.incident.id === b.incident.id);
      expect(a?.events.slice(0, b.events.length), b.incident.id).toEqual(b.events);
    }
    const feedEvents = afterDetails.find((d) => d.incident.id === feed!.id)!.events;
    expect(feedEvents.filter((e) => e.type === 'acknowledged').map((e) => e.actor)).toEqual(['alice@example.com']);
    // The counts went on from where they were: one more per cycle, none replayed twice.
    const feedAfter = byId.get(feed!.id)!;
    const feedBefore = before.find((i) => i.id === feed!.id)!;
    expect(feedAfter.count).toBeGreaterThan(feedBefore.count);
    expect(feedAfter.count - feedBefore.count).toBeLessThanOrEqual(Math.ceil((Date.now() - stoppedAt) / 1000) + 1);

    await second.close();
    second = null;
    // And straight in the database.
    const conn = await connectStore(store.dataDir ? { dataDir: store.dataDir } : { databaseUrl: store.env.DATABASE_URL!, dataDir: 'memory://' });
    try {
      const facts = await storeInvariants(conn.raw.query);
      expect(facts.violations).toEqual([]);
      console.log(`restart (${conn.driver}): ${before.length} incidents kept, ${facts.events} events ${JSON.stringify(facts.types)}, ${facts.outbox} outbox rows; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await conn.close();
    }
  } finally {
    await second?.close();
    await first.close();
  }
}

describe('the console service across a restart', () => {
  it('PGlite in DATA_DIR: keeps incidents, acknowledgements and histories; reopens nothing', async () => {
    const wd = workDir('restart');
    try {
      await restartKeepsEverything({ env: { DATA_DIR: wd.dataDir }, dataDir: wd.dataDir }, wd.dist);
    } finally {
      wd.remove();
    }
  }, 120_000);

  it.skipIf(!dbs)(`PostgreSQL${target ? ` ${target.version}` : ' (none on this machine; the setup said how to get one)'}: the same`, async () => {
    const wd = workDir('restart-pg');
    try {
      await restartKeepsEverything({ env: { DATABASE_URL: await dbs!.create() } }, wd.dist);
    } finally {
      wd.remove();
    }
  }, 120_000);
});
