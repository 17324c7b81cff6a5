/**
 * kill -9 during writes: the service runs as a child process on the demo scenario with 1 s cycles
 * while two clients acknowledge incidents as fast as it answers; it is killed with SIGKILL at
 * random moments (the first cycle's replay, a cycle's commit, an acknowledgement's) and started
 * again on the same store each time. At the end the database itself must be sound: one firing
 * incident per rule and subject, one `opened` event per incident, the outbox and the events
 * matching both ways, every acknowledgement answered 200 still there, and no incident counted
 * more often than it was evaluated. On PGlite (DATA_DIR) and on a real PostgreSQL.
 * CRASH_SEED=<n> replays one run's kill moments.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectStore } from '../../server/store/connect';
import { SCHEMA } from '../../server/store/schema';
import { mulberry32 } from '../../mocks/scenario/prng';
import { realPostgres, testDatabases } from '../store/real-postgres';
import { acknowledge, incidents, lostAcknowledgements, sleep, spawnService, status, storeInvariants, workDir } from './service-harness';

const target = realPostgres();
const dbs = target ? testDatabases(target) : null;
afterAll(() => dbs?.dropAll());

const KILLS = 3;
/** How long after it answers the service is killed, at most. */
const KILL_WITHIN_MS = 3_000;
const SEED = Number(process.env.CRASH_SEED) || Date.now() % 1_000_000;


interface Load {
  /** Acknowledgements answered 200: they must survive. */
  acked: { id: string; user: string }[];
  /** Every cycle time seen in /api/status. */
  cycles: Set<number>;
  answers: Record<string, number>;
}

/** Two clients acknowledging firing incidents and one watching the status, until `stop`. */
function drive(url: string, round: number, load: Load) {
  let stopped = false;
  let n = 0;
  const acker = async () => {
    while (!stopped) {
      const firing = (await incidents(url).catch(() => [])).filter((i) => i.status === 'firing');
      if (!firing.length) {
        await sleep(150);
        continue;
      }
      const inc = firing[n % firing.length]!;
      const user = `user-${round}-${(n += 1)}`;
      const answer = await acknowledge(url, inc.id, user, 30_000).catch(() => 'no answer');
      load.answers[answer] = (load.answers[answer] ?? 0) + 1;
      if (answer === 200) load.acked.push({ id: inc.id, user });
    }
  };
  const watcher = async () => {
    while (!stopped) {
      const at = (await status(url).catch(() => null))?.watcher.lastCycleAt;
      if (at) load.cycles.add(at);
      await sleep(100);
    }
  };
  const all = Promise.all([acker(), acker(), watcher()]);
  return async () => {
    stopped = true;
    await all;
  };
}

async function killNineWhileWriting(store: { env: Record<string, string>; dataDir?: string }, dist: string) {
  // The kill moments are reproducible from the printed seed.
  const next = mulberry32(SEED);
  const load: Load = { acked: [], cycles: new Set(), answers: {} };
  const moments: string[] = [];
  const starts: number[] = [];
  const t0 = Date.now();
  for (let round = 0; round <= KILLS; round += 1) {
    const spawning = Date.now();
    const child = await spawnService(store.env, dist);
    starts.push(Date.now() - spawning);
    const stop = drive(child.url, round, load);
    try {
      if (round < KILLS) {
        // From its start (the first cycle, a replay of history after a restart) or from its
        // first committed cycle (the steady cycles and the acknowledgements).
        const steady = next() < 0.5;
        const started = Date.now();
        if (steady) await waitUntil(() => [...load.cycles].some((c) => c > started), 60_000, child.output);
        const wait = Math.round(next() * KILL_WITHIN_MS);
        moments.push(`${wait} ms after ${steady ? 'a cycle' : 'its start'}`);
        await sleep(wait);
        await child.kill9();
        expect((await child.exited).signal).toBe('SIGKILL');
      } else {
        // The last run goes on until it has committed a cycle and taken acknowledgements, then
        // stops on SIGTERM, closing its store, though the clients keep it busy.
        const from = Date.now();
        await waitUntil(() => [...load.cycles].some((c) => c > from) && load.acked.some((a) => a.user.startsWith(`user-${round}-`)), 60_000, child.output);
        const stopping = Date.now();
        await child.stop();
        expect(await child.exited, 'a clean exit on SIGTERM').toEqual({ code: 0, signal: null });
        expect(Date.now() - stopping).toBeLessThan(8_000);
      }
    } finally {
      await stop();
      await child.kill9();
    }
  }
  const seconds = (Date.now() - t0) / 1000;

  const conn = await connectStore(store.dataDir ? { dataDir: store.dataDir } : { databaseUrl: store.env.DATABASE_URL!, dataDir: 'memory://' });
  try {
    const facts = await storeInvariants(conn.raw.query);
    expect(facts.violations).toEqual([]);
    expect(await lostAcknowledgements(conn.raw.query, load.acked)).toEqual([]);
    // Counted once per evaluation: the live cycles seen (plus one per run the status may have
    // missed, committed just before the kill) and the warm-up's minute steps, each replayed once.
    const rows = await conn.raw.query<{ id: string; count: number; started: string; seen: string }>(
      `SELECT id, count, (extract(epoch FROM started_at) * 1000)::bigint AS started, (extract(epoch FROM last_seen_at) * 1000)::bigint AS seen FROM ${SCHEMA}.incidents`,
    );
    for (const r of rows) {
      const [started, seen] = [Number(r.started), Number(r.seen)];
      const steps = Math.floor(seen / 60_000) - Math.floor(started / 60_000) + 1;
      const live = [...load.cycles].filter((c) => c > started && c <= seen).length + KILLS + 1;
      expect(r.count, `${r.id}: counted ${r.count} times in ${steps} replay steps and ${live} cycles at most`).toBeLessThanOrEqual(1 + steps + live);
    }
    expect(facts.incidents).toBeGreaterThan(0);
    expect(load.acked.length).toBeGreaterThan(0);
    console.log(
      `kill -9 (${conn.driver}, CRASH_SEED=${SEED}): killed ${moments.join(', ')}; ${load.cycles.size} cycles seen, ` +
        `acknowledgements answered ${JSON.stringify(load.answers)}; store: ${facts.incidents} incidents, ${facts.events} events ${JSON.stringify(facts.types)}, ${facts.outbox} outbox rows; ${seconds.toFixed(1)} s (starts ${starts.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s)`,
    );
  } finally {
    await conn.close();
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`the service committed no cycle (or took no acknowledgement) within ${timeoutMs / 1000} s:\n${output().slice(-2000)}`);
    await sleep(100);
  }
}

describe('the console service killed with SIGKILL while it writes', () => {
  it(`PGlite in DATA_DIR: ${KILLS} kills, nothing committed lost, nothing reopened or counted twice`, async () => {
    const wd = workDir('crash');
    try {
      await killNineWhileWriting({ env: { DATA_DIR: wd.dataDir }, dataDir: wd.dataDir }, wd.dist);
    } finally {
      wd.remove();
    }
  }, 240_000);

  it.skipIf(!dbs)(`PostgreSQL${target ? ` ${target.version}` : ' (none on this machine; the setup said how to get one)'}: the same`, async () => {
    const wd = workDir('crash-pg');
    try {
      await killNineWhileWriting({ env: { DATABASE_URL: await dbs!.create() } }, wd.dist);
    } finally {
      wd.remove();
    }
  }, 240_000);
});
