// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupingClient } from '@/errors/worker';
import { DEMO_SOURCES } from '@/sources/demo-sources';
import { createDemoWorld, demoSources } from '../demo/demo-sources';
import { createAlertingStore } from '../store/alerting';
import { connectStore } from '../store/connect';
import type { StoreConnection } from '../store/connect';
import { createIssueStatesStore } from '../store/issue-states';
import { migrate } from '../store/migrate';
import { createObservationsStore } from '../store/observations';
import { createWatcher } from './watcher';

const ANCHOR = Date.parse('2026-11-28T10:00:00.000Z');

describe('the watcher on the demo scenario', () => {
  let conn: StoreConnection;
  beforeAll(async () => {
    conn = await connectStore({ dataDir: 'memory://' });
    await migrate(conn.raw);
  }, 60_000);
  afterAll(() => conn.close());

  it('opens the incidents whose conditions already held, at the first cycle, from the sources\' history', async () => {
    let t = ANCHOR;
    const now = () => t;
    const alerting = createAlertingStore(conn.db);
    await alerting.seed();
    const logs: string[] = [];
    const watcher = createWatcher({
      alerting, issueStates: createIssueStatesStore(conn.db), observations: createObservationsStore(conn.db), sources: demoSources(DEMO_SOURCES, { anchorMs: ANCHOR, now }),
      grouping: createGroupingClient(null), now, intervalMs: 30_000, lead: async () => true, log: (l) => logs.push(l),
    });
    const first = await watcher.runCycle();
    expect(logs).toEqual([]);
    expect(first?.replayed).toBeGreaterThan(10);
    const open = (await alerting.incidents({ now: t })).filter((i) => i.status === 'firing');
    const keys = open.map((i) => `${i.ruleId}:${i.subject}`);
    expect(keys).toEqual(expect.arrayContaining(['feed-health:sec-rss', 'queue-backlog:default']));
    // Their clocks come from the data: they started before the service did.
    for (const i of open.filter((x) => x.ruleId === 'feed-health' || x.ruleId === 'queue-backlog')) expect(i.startedAt).toBeLessThan(ANCHOR);
    const all = await alerting.incidents({ now: t });
    // Queue history has depth only: the replay never invents a "no worker" incident.
    expect(all.filter((i) => i.ruleId === 'queue-no-worker' && i.startedAt < ANCHOR)).toEqual([]);
    t += 30_000;
    const second = await watcher.runCycle();
    expect(second?.replayed).toBe(0);
    expect(second?.events.filter((e) => e.type === 'opened').map((e) => e.subject)).not.toContain('sec-rss');
  }, 120_000);

  it('records the observation each cycle evaluated, compacted against the cycle before, one row per cycle time', async () => {
    const fresh = await connectStore({ dataDir: 'memory://' });
    try {
      await migrate(fresh.raw);
      let t = ANCHOR;
      const now = () => t;
      const alerting = createAlertingStore(fresh.db);
      await alerting.seed();
      const observations = createObservationsStore(fresh.db);
      const watcher = createWatcher({
        alerting, issueStates: createIssueStatesStore(fresh.db), observations, sources: demoSources(DEMO_SOURCES, { anchorMs: ANCHOR, now }),
        grouping: createGroupingClient(null), now, intervalMs: 30_000, lead: async () => true, log: () => undefined,
      });
      await watcher.runCycle();
      const [first] = await observations.range({ now: t });
      // Only the cycle's own observation: the history replayed at the first cycle is not stored.
      expect(await observations.count()).toBe(1);
      expect(first).toMatchObject({ at: ANCHOR, services: expect.any(Array), feeds: expect.any(Array), queues: expect.any(Array), issues: expect.any(Array) });
      expect(first!.services!.some((s) => (s.checks?.length ?? 0) > 1)).toBe(true);
      // Issues no rule fires on (ongoing, resolved, ignored) are not kept.
      expect(first!.issues!.every((i) => ['new', 'regressed', 'escalating'].includes(i.status))).toBe(true);

      t += 30_000;
      await watcher.runCycle();
      const [, second] = await observations.range({ now: t });
      expect(second?.at).toBe(ANCHOR + 30_000);
      // Checks the first row carried are not stored again.
      for (const s of second!.services ?? []) {
        const newest = Math.max(-Infinity, ...(first!.services!.find((f) => f.id === s.id)?.checks ?? []).filter((c) => c.status !== 'unknown').map((c) => c.at));
        for (const c of s.checks ?? []) expect(c.at).toBeGreaterThan(newest);
      }

      // The same cycle time again (a replay) replaces its row, whole: no reference is older.
      await watcher.runCycle();
      const again = await observations.range({ now: t });
      expect(again.map((o) => o.at)).toEqual([ANCHOR, ANCHOR + 30_000]);
      expect(again[1]!.services!.flatMap((s) => s.checks ?? []).length).toBeGreaterThan(second!.services!.flatMap((s) => s.checks ?? []).length);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('ends what fired when the demo story is switched, and starts the new story from its history', async () => {
    const fresh = await connectStore({ dataDir: 'memory://' });
    try {
      await migrate(fresh.raw);
      let t = ANCHOR;
      const now = () => t;
      const alerting = createAlertingStore(fresh.db);
      await alerting.seed();
      const world = createDemoWorld(DEMO_SOURCES, { anchorMs: ANCHOR, now });
      const observations = createObservationsStore(fresh.db);
      const watcher = createWatcher({
        alerting, issueStates: createIssueStatesStore(fresh.db), observations, sources: world.sources,
        grouping: createGroupingClient(null), now, intervalMs: 30_000, lead: async () => true, log: () => undefined,
      });
      await watcher.runCycle();
      const firingIds = async () => (await alerting.incidents({ now: t })).filter((i) => i.status === 'firing').map((i) => i.id).sort();
      const before = await firingIds();
      expect(before.length).toBeGreaterThan(1);

      expect(world.setScenario('no-such-story')).toBe(false);
      expect(world.setScenario('healthy')).toBe(true);
      watcher.restart('The demo scenario changed to Healthy.', 'alice');
      t += 30_000;
      const healthy = await watcher.runCycle();
      expect(await firingIds()).toEqual([]);
      expect(healthy?.replayed).toBeGreaterThan(10);
      // The backtest's history starts again with the new story.
      expect((await observations.range({ now: t })).map((o) => o.at)).toEqual([t]);
      const ended = await alerting.incident(before[0]!);
      expect(ended?.incident).toMatchObject({ status: 'resolved', resolvedBy: 'scenario-changed', resolvedAt: t });
      expect(ended?.events.at(-1)).toMatchObject({ type: 'resolved', actor: 'alice', detail: { by: 'scenario-changed' } });

      // A restart is done once: the next cycle is an ordinary one.
      t += 30_000;
      expect((await watcher.runCycle())?.replayed).toBe(0);

      // The incident story told again: its incidents fire at once, with clocks from the data.
      world.setScenario('incident');
      watcher.restart('The demo scenario changed to Incident.');
      t += 30_000;
      await watcher.runCycle();
      const again = (await alerting.incidents({ now: t })).filter((i) => i.status === 'firing');
      expect(again.map((i) => `${i.ruleId}:${i.subject}`)).toEqual(expect.arrayContaining(['feed-health:sec-rss', 'queue-backlog:default']));
      expect(again.find((i) => i.subject === 'sec-rss')!.startedAt).toBeLessThan(ANCHOR);
      // No incident is firing twice (one row per rule and subject).
      const keys = again.map((i) => `${i.ruleId}|${i.subject}`);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
