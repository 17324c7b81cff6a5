// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupIssues } from '@/errors/pipeline';
import type { LogEntry } from '@/lib/model';
import { DEMO_SOURCES } from '@/sources/demo-sources';
import { supports } from '@/sources/registry';
import { createDemoWorld } from '../demo/demo-sources';
import { connectStore } from '../store/connect';
import type { StoreConnection } from '../store/connect';
import { createIngestCursorsStore } from '../store/ingest-cursors';
import { migrate } from '../store/migrate';
import { createIngester } from './ingester';
import { createIssueIndex } from './issue-index';

const ANCHOR = Date.parse('2026-11-28T10:00:00.000Z');
const HOUR = 3_600_000;

describe('the ingest loop on the demo story', () => {
  let conn: StoreConnection;
  beforeAll(async () => {
    conn = await connectStore({ dataDir: 'memory://' });
    await migrate(conn.raw);
  }, 60_000);
  afterAll(() => conn.close());

  it('indexes every line once, across rounds and a restart, with counts that match the source', async () => {
    let t = ANCHOR;
    const now = () => t;
    const world = createDemoWorld(DEMO_SOURCES, { anchorMs: ANCHOR - HOUR, now });
    const loki = world.sources.filter((s) => s.instance.id === 'loki');
    expect(loki).toHaveLength(1);
    const logs: string[] = [];
    const make = () => {
      const index = createIssueIndex(conn.db);
      const ingester = createIngester({ db: conn.db, sources: loki, index, cursors: createIngestCursorsStore(conn.db), now, intervalMs: 30_000, lead: async () => true, log: (l) => logs.push(l), pull: { pageSize: 200, maxPages: 3, lagMs: 5_000 } });
      return { index, ingester };
    };
    let { index, ingester } = make();
    // Behind at first (an hour of lines, 600 per round at most): rounds catch up one after another.
    let rounds = 0;
    for (;;) {
      const r = await ingester.runRound();
      rounds += 1;
      if (r?.sources[0]?.caughtUp || rounds > 200) break;
    }
    expect(rounds).toBeGreaterThan(1);
    expect(logs).toEqual([]);
    // Half an hour passes; a restart in the middle (a new loop and index on the same database).
    for (let k = 0; k < 30; k += 1) {
      t += 60_000;
      if (k === 15) ({ index, ingester } = make());
      await ingester.runRound();
    }
    const status = await ingester.status();
    expect(status[0]).toMatchObject({ sourceId: 'loki', caughtUp: true, lastError: null });

    // What the source holds for the same span, grouped in one go by the page's pipeline.
    const source = loki[0]!;
    if (!supports(source.adapter, 'logs')) throw new Error('loki has logs');
    const from = t - 90 * 60_000;
    const to = t - 10_000;
    const entries: LogEntry[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await source.adapter.capabilities.logs(source.client, { limit: 5000, direction: 'backward', cursor }, { signal: new AbortController().signal, range: { from, to } });
      entries.push(...page.entries);
      if (!page.truncated || !page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const direct = groupIssues(entries, { range: { from, to } });
    const listed = await index.list('loki', { from: from - HOUR, to: t + HOUR });
    const token = (title: string) => title.startsWith('TokenInvalidError');
    const directToken = direct.filter((g) => token(g.title)).reduce((n, g) => n + g.count, 0);
    const indexedToken = listed.issues.filter((i) => token(i.title)).reduce((n, i) => n + i.count, 0);
    expect(directToken).toBeGreaterThan(10);
    // Every TokenInvalidError occurrence counted once: no line lost or counted twice across rounds and the restart.
    expect(indexedToken).toBe(directToken);
    const directAll = direct.reduce((n, g) => n + g.count, 0);
    expect(listed.issues.reduce((n, i) => n + i.count, 0)).toBe(directAll);
  }, 180_000);

  it("backfills the demo story: TokenInvalidError's true first seen, counts equal to the source, a restart mid-walk", async () => {
    const DAY = 24 * HOUR;
    // "Now" a day after the anchor; the walk reaches past the story's first TokenInvalidError (anchor − 3 d).
    const now = () => ANCHOR + DAY;
    const world = createDemoWorld(DEMO_SOURCES, { anchorMs: ANCHOR, now });
    const loki = world.sources.filter((s) => s.instance.id === 'loki');
    const backMs = 4 * DAY + 2 * HOUR;
    const logs: string[] = [];
    const make = () => {
      const index = createIssueIndex(conn.db);
      const ingester = createIngester({
        db: conn.db, sources: loki, index, cursors: createIngestCursorsStore(conn.db), now, intervalMs: 30_000, lead: async () => true, log: (l) => logs.push(l),
        pull: { pageSize: 5000, maxPages: 10, lagMs: 5_000 }, backfill: { backMs, pageSize: 5000, maxPages: 10, readsPerRound: 12 },
      });
      return { index, ingester };
    };
    // The first test's rows are another story: start afresh.
    await make().ingester.forget();
    let { index, ingester } = make();
    let rounds = 0;
    let restarted = false;
    for (;;) {
      const r = await ingester.runRound();
      rounds += 1;
      // Live stays current while the walk goes on: every round's live step caught up.
      expect(r?.sources[0]).toMatchObject({ caughtUp: true, error: null });
      if (r?.backfill[0]?.done || rounds > 100) break;
      if (rounds === 3 && !restarted) {
        restarted = true;
        ({ index, ingester } = make());
      }
    }
    expect(restarted).toBe(true);
    expect(logs).toEqual([]);
    const [status] = await ingester.status();
    expect(status?.backfill).toMatchObject({ from: now() - backMs, to: now() - HOUR, done: true });

    const source = loki[0]!;
    if (!supports(source.adapter, 'logs')) throw new Error('loki has logs');
    const from = now() - backMs;
    const to = now() - 5_000;
    const entries: LogEntry[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await source.adapter.capabilities.logs(source.client, { limit: 5000, direction: 'forward', cursor }, { signal: new AbortController().signal, range: { from, to } });
      entries.push(...page.entries);
      if (!page.truncated || !page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Live ingest started at its own point (now − 1 h) with nothing before it: the one boundary
    // both sides see, so the source is grouped as two spans split there.
    const liveNs = BigInt(now() - HOUR) * 1_000_000n;
    // Up to where the live cursor stands (it holds back events that may still continue).
    const at = (await createIngestCursorsStore(conn.db).get('loki'))!.cursor!;
    const handed = entries.filter((e) => BigInt(e.timeNs) < BigInt(at.timeNs) || (e.timeNs === at.timeNs && at.seenIds.includes(e.id)));
    expect(entries.length - handed.length).toBeLessThan(100);
    const older = handed.filter((e) => BigInt(e.timeNs) < liveNs);
    const newer = handed.filter((e) => BigInt(e.timeNs) >= liveNs);
    const direct = [...groupIssues(older, { range: { from, to } }), ...groupIssues(newer, { range: { from, to } })];
    const listed = await index.list('loki', { from: from - HOUR, to: now() + HOUR });
    const token = (title: string) => title.startsWith('TokenInvalidError');
    const directToken = direct.filter((g) => token(g.title));
    const firstToken = directToken.reduce((a, g) => (BigInt(g.firstSeenNs) < BigInt(a) ? g.firstSeenNs : a), String(liveNs));
    // The story's first TokenInvalidError, about three days before the anchor, is the index's first seen.
    expect(Number(BigInt(firstToken) / 1_000_000n)).toBeLessThan(ANCHOR - 2 * DAY);
    const indexedToken = listed.issues.filter((i) => token(i.title));
    expect(indexedToken.map((i) => i.firstSeenEverNs).sort()[0]).toBe(firstToken);
    const sum = (l: { count: number }[]) => l.reduce((n, g) => n + g.count, 0);
    expect(sum(indexedToken)).toBe(sum(directToken));
    expect(sum(listed.issues)).toBe(sum(direct));
    expect(listed.knownSinceNs).toBe(String(BigInt(from) * 1_000_000n));
    expect(status?.linesIngested).toBe(handed.length);
  }, 400_000);
});
