/**
 * Two replicas on one PostgreSQL (two processes, as behind a load balancer): exactly one leads the
 * watcher, so every incident is evaluated once per cycle of that one; an acknowledgement written
 * through the other shows in the leader's API; killed with SIGKILL, the leader hands over to the
 * other within a couple of intervals, and nothing reopens.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore } from '../../server/store/connect';
import { SCHEMA } from '../../server/store/schema';
import { realPostgres, testDatabases } from '../store/real-postgres';
import { acknowledge, incidentDetail, incidents, keyOf, sleep, spawnService, status, storeInvariants, waitFor, workDir, type ChildService } from './service-harness';

const target = realPostgres();
const dbs = target ? testDatabases(target) : null;
afterAll(() => dbs?.dropAll());

const INTERVAL_MS = 1_000;
/** server/main.ts's LEADER_LOCK: the advisory lock's objid in pg_locks. */
const LEADER_LOCK = 0x7370_7761;

describe.skipIf(!dbs)(`two console services on one PostgreSQL${target ? ` ${target.version}` : ' (none on this machine; the setup said how to get one)'}`, () => {
  it('one leads, each incident is evaluated once, an acknowledgement through either shows in both, the other takes over', async () => {
    const t0 = Date.now();
    const url = await dbs!.create();
    const wd = workDir('replicas');
    const replicas: ChildService[] = [];
    const conn = await connectStore({ databaseUrl: url, dataDir: 'memory://' });
    try {
      // Started together: both migrate and seed the empty database at once, one wins the lead.
      replicas.push(...(await Promise.all([spawnService({ DATABASE_URL: url }, wd.dist), spawnService({ DATABASE_URL: url }, wd.dist)])));
      const roles = await waitFor('one replica to lead and commit a cycle, the other to stand by', async () => {
        const s = await Promise.all(replicas.map((r) => status(r.url)));
        const leading = s.filter((x) => x.watcher.role === 'leader' && x.watcher.lastCycleAt !== null);
        return leading.length === 1 && s.some((x) => x.watcher.role === 'standby') ? s : undefined;
      }, 60_000, 150);
      expect(roles.map((s) => s.watcher.role).sort()).toEqual(['leader', 'standby']);
      const leader = replicas[roles.findIndex((s) => s.watcher.role === 'leader')]!;
      const standby = replicas.find((r) => r !== leader)!;

      // A window of the leader's cycles, watched through both replicas' status and in the database.
      const snapshot = async () => {
        const [row] = await conn.raw.query<{ revision: string; at: string | null; counts: Record<string, number> | null }>(
          `SELECT s.revision, (extract(epoch FROM s.last_cycle_at) * 1000)::bigint AS at,
                  (SELECT jsonb_object_agg(i.id, i.count) FROM ${SCHEMA}.incidents i WHERE i.status = 'firing') AS counts
           FROM ${SCHEMA}.evaluator_state s WHERE s.id = 1`,
        );
        return { revision: Number(row!.revision), at: Number(row!.at), counts: row!.counts ?? {} };
      };
      const seen = { leader: new Set<number>(), standby: new Set<number>(), standbyRoles: new Set<string>() };
      let watching = true;
      const watch = (async () => {
        while (watching) {
          const [l, s] = await Promise.all([status(leader.url).catch(() => null), status(standby.url).catch(() => null)]);
          if (l?.watcher.lastCycleAt) seen.leader.add(l.watcher.lastCycleAt);
          if (s?.watcher.lastCycleAt) seen.standby.add(s.watcher.lastCycleAt);
          if (s) seen.standbyRoles.add(s.watcher.role);
          await sleep(100);
        }
      })();
      const before = await snapshot();
      const windowStart = Date.now();
      await waitFor('four more cycles of the leader', async () => ((await snapshot()).revision >= before.revision + 4 ? true : undefined), 60_000, 200);
      const after = await snapshot();
      const windowMs = Date.now() - windowStart;
      // Until the leader's status has shown the window's last cycle (it says so after the commit).
      await waitFor("the leader's status to show the window's last cycle", () => ([...seen.leader].some((c) => c >= after.at) ? true : undefined), 10_000, 50);
      watching = false;
      await watch;
      const cycles = after.revision - before.revision;
      // Every committed cycle is the leader's: the standby never ran one, and the leader's status
      // showed each of them; the cycles are at most one per interval, not two.
      expect([...seen.standby]).toEqual([]);
      expect([...seen.standbyRoles]).toEqual(['standby']);
      expect([...seen.leader].filter((c) => c > before.at && c <= after.at)).toHaveLength(cycles);
      expect(cycles).toBeLessThanOrEqual(Math.ceil(windowMs / INTERVAL_MS) + 1);
      // A firing incident is counted once per cycle.
      const steady = Object.keys(before.counts).filter((id) => id in after.counts);
      expect(steady.length).toBeGreaterThan(0);
      for (const id of steady) expect(after.counts[id]! - before.counts[id]!, id).toBe(cycles);

      // An acknowledgement through the standby, seen in the leader's API and kept by its next cycles.
      const listed = await incidents(leader.url);
      const feed = listed.find((i) => keyOf(i) === 'feed-health:sec-rss' && i.status === 'firing');
      expect(feed, listed.map(keyOf).join(', ')).toBeDefined();
      expect(await acknowledge(standby.url, feed!.id, 'bob')).toBe(200);
      expect((await incidentDetail(leader.url, feed!.id)).incident.acknowledgedBy).toBe('bob');
      const ackedRevision = (await snapshot()).revision;
      await waitFor('a leader cycle after the acknowledgement', async () => ((await snapshot()).revision > ackedRevision ? true : undefined), 30_000, 200);
      expect((await incidents(leader.url)).find((i) => i.id === feed!.id)?.acknowledgedBy).toBe('bob');

      // The leader dies without closing anything; the standby takes the lead. Who holds the lock
      // is read in the database: a replica's status answers only between the cycle's busy
      // stretches, and the new leader's first cycle (a replay) keeps it busy for a while.
      const holder = async () =>
        (await conn.raw.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [LEADER_LOCK],
        ))[0]?.pid ?? null;
      const oldHolder = await holder();
      expect(oldHolder).not.toBeNull();
      const ids = new Set((await incidents(leader.url)).map((i) => i.id));
      await leader.kill9();
      const killedAt = Date.now();
      const took = await waitFor('the standby to take the lock', async () => {
        const pid = await holder();
        return pid !== null && pid !== oldHolder ? Date.now() - killedAt : undefined;
      }, 30_000, 50);
      expect(took, `the lock taken ${took} ms after the kill`).toBeLessThanOrEqual(2 * INTERVAL_MS + 500);
      const firstCycle = await waitFor('the new leader to commit a cycle', async () => {
        const s = await status(standby.url);
        return s.watcher.role === 'leader' && s.watcher.lastCycleAt !== null && s.watcher.lastCycleAt > killedAt ? Date.now() - killedAt : undefined;
      }, 30_000, 100);
      const now = await incidents(standby.url);
      for (const id of ids) expect(now.some((i) => i.id === id), `${id} still there`).toBe(true);
      expect(now.find((i) => i.id === feed!.id)?.acknowledgedBy).toBe('bob');
      await standby.stop();

      const facts = await storeInvariants(conn.raw.query);
      expect(facts.violations).toEqual([]);
      console.log(
        `replicas: ${cycles} leader cycles in ${(windowMs / 1000).toFixed(1)} s (the standby none), each firing incident +${cycles}; ` +
          `the standby took the lock ${took} ms after the leader's kill -9 and committed its first cycle ${firstCycle} ms after; store ${facts.incidents} incidents, ${JSON.stringify(facts.types)}; ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    } finally {
      for (const r of replicas) await r.kill9();
      await conn.close();
      wd.remove();
    }
  }, 180_000);
});
