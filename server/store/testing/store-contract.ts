/**
 * The store's behaviour, written once and run against each driver: PGlite in the unit tests,
 * a real PostgreSQL in integration/store/. `open` returns a fresh, empty database each time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyAction, defaultRules, evaluate, HISTORY_LIMIT, HISTORY_MAX_AGE_MS } from '@/alerting';
import type { Observation } from '@/alerting';
import { createAlertingStore, eventFromAlert } from '../alerting';
import type { StoreConnection } from '../connect';
import { createIngestCursorsStore, IngestCursorConflict } from '../ingest-cursors';
import { loadMigrations, migrate } from '../migrate';
import { createObservationsStore } from '../observations';
import { observations as observationsTable, SCHEMA } from '../schema';
import { reassemble } from '@/errors/pipeline';
import { lokiEntries, ns } from '@/errors/pipeline/test-lines';
import { createIssueIndex } from '../../ingest/issue-index';

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0);
const MIN = 60_000;

const downObs = (at: number): Observation => ({ at, services: [{ id: 'postgres', name: 'PostgreSQL', status: 'down', lastCheckAt: at }] });

export function storeContract(name: string, open: () => Promise<StoreConnection>) {
  describe(`store on ${name}`, () => {
    const opened: StoreConnection[] = [];
    const fresh = async () => {
      const c = await open();
      opened.push(c);
      await migrate(c.raw);
      return c;
    };
    afterEach(async () => {
      for (const c of opened.splice(0)) await c.close();
    });

    it('migrates an empty database to the latest version, once', async () => {
      const c = await open();
      opened.push(c);
      const first = await migrate(c.raw);
      expect(first.applied).toEqual(loadMigrations().map((m) => m.version));
      const again = await migrate(c.raw);
      expect(again).toEqual({ applied: [], current: first.current });
      const tables = await c.raw.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [SCHEMA]);
      expect(tables.map((r) => r.t)).toEqual(expect.arrayContaining(['incidents', 'incident_events', 'outbox', 'rules', 'issue_states', 'saved_views', 'observations', 'ingest_cursors', 'schema_migrations']));
    });

    it('upgrades from every earlier version, keeping what was stored', async () => {
      const all = loadMigrations();
      for (let from = 1; from <= all.length; from += 1) {
        const c = await open();
        opened.push(c);
        await migrate(c.raw, all.slice(0, from));
        // Something stored at that version (every version has had the rules table).
        await c.raw.query(`INSERT INTO ${SCHEMA}.rules (id, position, body) VALUES ('kept', 0, $1::jsonb)`, [JSON.stringify(defaultRules()[0])]);
        const report = await migrate(c.raw, all);
        expect(report).toEqual({ applied: all.slice(from).map((m) => m.version), current: all.length });
        const rows = await c.raw.query<{ id: string }>(`SELECT id FROM ${SCHEMA}.rules`);
        expect(rows.map((r) => r.id)).toEqual(['kept']);
      }
    });

    it('refuses a database newer than this build', async () => {
      const c = await fresh();
      await c.raw.query(`INSERT INTO ${SCHEMA}.schema_migrations (version, name) VALUES (999, 'from-the-future')`);
      await expect(migrate(c.raw)).rejects.toThrow(/version 999, newer than this console/);
    });

    it('seeds the default rules once, and keeps an emptied rule list empty', async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      await store.seed();
      expect((await store.config()).rules.map((r) => r.id)).toEqual(defaultRules().map((r) => r.id));
      await store.saveRules([], 'alice');
      await store.seed();
      expect((await store.config()).rules).toEqual([]);
    });

    it('keeps rule order and edits, and skips a stored rule that no longer parses', async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      const [a, b] = defaultRules();
      await store.saveRules([b!, { ...a!, name: 'Renamed' }], 'alice');
      expect((await store.config()).rules.map((r) => r.name)).toEqual([b!.name, 'Renamed']);
      await c.raw.query(`UPDATE ${SCHEMA}.rules SET body = '{"kind":"nonsense"}'::jsonb WHERE id = $1`, [b!.id]);
      expect((await store.config()).rules.map((r) => r.id)).toEqual([a!.id]);
      expect(store.problems()[0]).toMatch(new RegExp(`rule "${b!.id}" does not match`));
    });

    it('records a cycle: the incident, its event and one outbox row, in one transaction', async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      await store.seed();
      const cycle = (at: number) =>
        store.mutate(({ state, rules, maintenance }) => {
          const r = evaluate(rules, state, downObs(at), at, { maintenance });
          return { state: r.state, events: r.events.map(eventFromAlert), result: r.events, cycleAt: at };
        });
      for (let k = 0; k < 4; k += 1) await cycle(T0 + k * MIN);
      const list = await store.incidents({ now: T0 + 4 * MIN });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ ruleId: 'service-down', subject: 'postgres', status: 'firing', count: 2 });
      const outbox = await c.raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox`);
      expect(outbox[0]!.n).toBe(1);
    });

    it('a failed transaction leaves nothing behind', async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      await store.seed();
      await expect(
        store.mutate(({ state, rules }) => {
          const r = evaluate(rules, state, downObs(T0), T0);
          const r2 = evaluate(rules, r.state, downObs(T0 + 3 * MIN), T0 + 3 * MIN);
          // An event for an incident that does not exist violates the foreign key: the whole cycle rolls back.
          return { state: r2.state, events: [...r2.events.map(eventFromAlert), { incidentId: 'missing', type: 'opened', at: T0 }], result: null };
        }),
      ).rejects.toThrow();
      expect(await store.incidents({ now: T0 })).toEqual([]);
      const rows = await c.raw.query<{ n: number }>(`SELECT (SELECT count(*) FROM ${SCHEMA}.incident_events) + (SELECT count(*) FROM ${SCHEMA}.outbox) AS n`);
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('acknowledges with the actor and keeps the history', async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      await store.seed();
      for (let k = 0; k < 4; k += 1) {
        const at = T0 + k * MIN;
        await store.mutate(({ state, rules }) => {
          const r = evaluate(rules, state, downObs(at), at);
          return { state: r.state, events: r.events.map(eventFromAlert), result: null };
        });
      }
      const [inc] = await store.incidents({ now: T0 + 4 * MIN });
      await store.mutate(({ state }) => ({
        state: applyAction(state, inc!.id, { type: 'acknowledge', by: 'alice@example.com' }, T0 + 5 * MIN),
        events: [{ incidentId: inc!.id, type: 'acknowledged', at: T0 + 5 * MIN, actor: 'alice@example.com' }],
        result: null,
      }));
      const detail = await store.incident(inc!.id);
      expect(detail?.incident).toMatchObject({ acknowledgedAt: T0 + 5 * MIN, acknowledgedBy: 'alice@example.com' });
      expect(detail?.events.map((e) => [e.type, e.actor])).toEqual([['opened', null], ['acknowledged', 'alice@example.com']]);
    });

    it("keeps a cycle's observation with its state change; the same cycle again replaces its row", async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      const observations = createObservationsStore(c.db);
      await store.seed();
      const cycle = (obs: Observation) =>
        store.mutate(({ state, rules, maintenance }) => {
          const r = evaluate(rules, state, obs, obs.at, { maintenance });
          return { state: r.state, events: r.events.map(eventFromAlert), result: null, cycleAt: obs.at, observation: obs };
        });
      await cycle(downObs(T0));
      await cycle(downObs(T0 + MIN));
      // A replay of the second cycle (a crash before the watcher knew it committed) writes the same key.
      const replayed: Observation = { ...downObs(T0 + MIN), feeds: [{ id: 'f', name: 'rss', state: 'late' }] };
      await cycle(replayed);
      expect(await observations.count()).toBe(2);
      expect(await observations.range({ now: T0 + MIN })).toEqual([downObs(T0), replayed]);
      expect(await store.lastCycleAt()).toBe(T0 + MIN);

      // A cycle that rolls back leaves no observation either.
      await expect(
        store.mutate(({ state }) => ({ state, events: [{ incidentId: 'missing', type: 'opened', at: T0 + 2 * MIN }], result: null, cycleAt: T0 + 2 * MIN, observation: downObs(T0 + 2 * MIN) })),
      ).rejects.toThrow();
      expect((await observations.range({ now: T0 + 2 * MIN })).map((o) => o.at)).toEqual([T0, T0 + MIN]);
    });

    it('bounds the observations as the browser does: the newest HISTORY_LIMIT of the last 24 h, read and pruned', async () => {
      const c = await fresh();
      const observations = createObservationsStore(c.db);
      const now = T0 + HISTORY_MAX_AGE_MS + 3 * 3_600_000;
      const old = [now - HISTORY_MAX_AGE_MS - 2 * MIN, now - HISTORY_MAX_AGE_MS - MIN];
      const recent = Array.from({ length: HISTORY_LIMIT + 5 }, (_, k) => now - (HISTORY_LIMIT + 4 - k) * 15_000);
      const rows = [...old, ...recent].map((at) => ({ at: new Date(at), body: { services: downObs(at).services } }));
      await c.db.insert(observationsTable).values(rows);
      const kept = recent.slice(5);

      const read = await observations.range({ now });
      expect(read.map((o) => o.at)).toEqual(kept);
      expect(read[0]).toEqual(downObs(kept[0]!));
      // Range bounds narrow it further, oldest first.
      expect((await observations.range({ now, from: kept[10]!, to: kept[12]! })).map((o) => o.at)).toEqual(kept.slice(10, 13));
      // Only the parts asked for (what a backtest reads); none asked: the times alone.
      expect((await observations.range({ now, from: kept[0]!, to: kept[0]!, parts: ['issues', 'services'] }))).toEqual([downObs(kept[0]!)]);
      expect((await observations.range({ now, from: kept[0]!, to: kept[0]!, parts: ['feeds'] }))).toEqual([{ at: kept[0]! }]);
      expect((await observations.range({ now, from: kept[0]!, to: kept[0]!, parts: [] }))).toEqual([{ at: kept[0]! }]);
      // The age bound alone: a day-old row is not read even with few rows.
      expect((await observations.range({ now: now + HISTORY_MAX_AGE_MS - 30_000 })).map((o) => o.at)).toEqual(kept.filter((at) => at >= now - 30_000));

      expect(await observations.prune(now)).toBe(old.length + 5);
      expect(await observations.count()).toBe(HISTORY_LIMIT);
      expect((await observations.range({ now })).map((o) => o.at)).toEqual(kept);
      expect(await observations.prune(now)).toBe(0);
      expect(await observations.prune(now + HISTORY_MAX_AGE_MS)).toBe(HISTORY_LIMIT - 1);
      expect((await observations.range({ now: now + HISTORY_MAX_AGE_MS })).map((o) => o.at)).toEqual([now]);
    });

    it('keeps an ingest cursor per source, advanced only with the transaction that carries it', async () => {
      const c = await fresh();
      const cursors = createIngestCursorsStore(c.db);
      expect(await cursors.get('loki')).toBeNull();
      const first = { timeNs: '1796119200000000001', seenIds: ['a', 'b'] };
      await c.db.transaction((tx) => cursors.set(tx, 'loki', first, { lines: 12, at: T0, previous: null }));
      expect(await cursors.get('loki')).toEqual({ sourceId: 'loki', cursor: first, linesIngested: 12, pulledAt: T0, lastError: null, lastErrorAt: null });
      // A failed pull keeps the cursor and says why; the next advance adds its lines and clears it.
      await cursors.recordError('loki', T0 + MIN, 'Loki answered 503');
      expect(await cursors.get('loki')).toMatchObject({ cursor: first, linesIngested: 12, lastError: 'Loki answered 503', lastErrorAt: T0 + MIN });
      const second = { timeNs: '1796119260000000000', seenIds: [] };
      await c.db.transaction((tx) => cursors.set(tx, 'loki', second, { lines: 3, at: T0 + 2 * MIN, previous: first }));
      expect(await cursors.get('loki')).toMatchObject({ cursor: second, linesIngested: 15, pulledAt: T0 + 2 * MIN, lastError: null });
      // The index's writes and the advance roll back together when the transaction fails.
      await expect(
        c.db.transaction(async (tx) => {
          await cursors.set(tx, 'loki', { timeNs: '1796119320000000000', seenIds: [] }, { lines: 9, at: T0 + 3 * MIN });
          throw new Error('index write failed');
        }),
      ).rejects.toThrow('index write failed');
      expect(await cursors.get('loki')).toMatchObject({ cursor: second, linesIngested: 15 });
      // A writer that started from an older cursor (a replica that lost the lead) is refused.
      await expect(c.db.transaction((tx) => cursors.set(tx, 'loki', { timeNs: '1796119380000000000', seenIds: [] }, { lines: 1, at: T0 + 4 * MIN, previous: first }))).rejects.toBeInstanceOf(IngestCursorConflict);
      await expect(c.db.transaction((tx) => cursors.set(tx, 'es', second, { lines: 1, at: T0, previous: first }))).rejects.toBeInstanceOf(IngestCursorConflict);
      expect(await cursors.get('loki')).toMatchObject({ cursor: second, linesIngested: 15 });
      // A source whose first pull failed has a row without a cursor.
      await cursors.recordError('es', T0, 'unreachable');
      expect((await cursors.all()).map((r) => [r.sourceId, r.cursor?.timeNs ?? null, r.lastError])).toEqual([['es', null, 'unreachable'], ['loki', second.timeNs, null]]);
      await expect(c.db.transaction((tx) => cursors.set(tx, 'loki', { timeNs: '17e17', seenIds: [] }, { lines: 0, at: T0 }))).rejects.toThrow(RangeError);
    });

    it('serialises concurrent mutations: none is lost', async () => {
      const c = await fresh();
      const store = createAlertingStore(c.db);
      await store.seed();
      for (let k = 0; k < 4; k += 1) {
        const at = T0 + k * MIN;
        await store.mutate(({ state, rules }) => ({ state: evaluate(rules, state, downObs(at), at).state, events: [], result: null }));
      }
      const bump = (at: number) => store.mutate(({ state, rules }) => ({ state: evaluate(rules, state, downObs(at), at).state, events: [], result: null }));
      await Promise.all(Array.from({ length: 8 }, (_, i) => bump(T0 + (5 + i) * MIN)));
      const [inc] = await store.incidents({ now: T0 + 20 * MIN });
      expect(inc!.count).toBe(1 + 1 + 8);
    });

    it('keeps the issue index: exact counts, first seen across batches, a merge, the same issue after a restart', async () => {
      const c = await fresh();
      const at = (ms: number, message: string) =>
        reassemble(lokiEntries([`2026-12-04 12:00:00,000 | ERROR    | capture_spine.api | ${message}`], ms));
      const record = (index: ReturnType<typeof createIssueIndex>, events: ReturnType<typeof at>) =>
        c.db.transaction((tx) => index.record(tx, 'loki', events, T0 + 60 * MIN));
      const first = createIssueIndex(c.db);
      await record(first, ['alice', 'bob', 'carol', 'dave'].flatMap((u, i) => at(T0 + i * MIN, `User ${u} logged out`)));
      // A fifth name generalizes the template: the four issues merge into one; an older line moves first seen.
      const merged = await record(first, [...at(T0 + 10 * MIN, 'User erin logged out'), ...at(T0 - 90 * MIN, 'User alice logged out')]);
      expect(merged.merges).toHaveLength(4);
      const restarted = createIssueIndex(c.db);
      expect(await record(restarted, at(T0 + 20 * MIN, 'User zed logged out'))).toMatchObject({ newIssues: 0, merges: [] });
      const { issues, knownSinceNs } = await restarted.list('loki', { from: T0 - 2 * 60 * MIN, to: T0 + 60 * MIN, buckets: 3 });
      expect(issues.map((i) => [i.title, i.count, i.sparkline, i.firstSeenEverNs, i.merged.length])).toEqual([
        ['User <*> logged out', 7, [1, 0, 6], ns(T0 - 90 * MIN), 4],
      ]);
      expect(knownSinceNs).toBe(ns(T0 - 90 * MIN));
    });
  });
}
