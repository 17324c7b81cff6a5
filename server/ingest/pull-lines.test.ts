// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { reassemble } from '@/errors/pipeline';
import type { LogEntry, LogPage } from '@/lib/model';
import { DEMO_SOURCES } from '@/sources/demo-sources';
import { supports } from '@/sources/registry';
import { createDemoWorld } from '../demo/demo-sources';
import { pullNewLines } from './pull-lines';
import type { IngestCursor, PullOptions, PulledBatch } from './pull-lines';
import { createFakeLogSource, line } from './testing/fake-log-source';
import type { FakeLogSource } from './testing/fake-log-source';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const ns = (ms: number, extra = 0) => (BigInt(ms) * 1_000_000n + BigInt(extra)).toString();
const signal = new AbortController().signal;
const START = ns(T0 - 60_000);

/** A Python traceback, one entry per line, `stepMs` apart, in one stream. */
function traceback(prefix: string, atMs: number, stepMs: number, stream = 'api'): LogEntry[] {
  const text = [
    `2026-12-01 10:00:00,000 ERROR [app.api] request failed ${prefix}`,
    'Traceback (most recent call last):',
    '  File "/app/api.py", line 12, in handle',
    '    return run(request)',
    '  File "/app/run.py", line 40, in run',
    '    raise TokenInvalidError("Token is invalid or expired")',
    'TokenInvalidError: Token is invalid or expired',
  ];
  // Frame lines carry no level: a shipper that sets the level per line.
  return text.map((t, i) => line(`${prefix}-${i}`, ns(atMs + i * stepMs), t, { streamId: stream, level: i === 0 ? 'error' : 'unknown' }));
}

/** Pulls until caught up, each call from the cursor the last returned (as the caller stores it). */
async function drain(fake: FakeLogSource, from: IngestCursor | null, options: Omit<PullOptions, 'signal'>, maxCalls = 500) {
  const batches: PulledBatch[] = [];
  let cursor = from;
  for (let i = 0; i < maxCalls; i += 1) {
    // A restart: the cursor goes through JSON, as it does through the store.
    const b = await pullNewLines(fake.source, cursor === null ? null : (JSON.parse(JSON.stringify(cursor)) as IngestCursor), { ...options, signal });
    batches.push(b);
    cursor = b.cursor;
    if (b.caughtUp) break;
  }
  return { batches, cursor, events: batches.flatMap((b) => b.events), ids: batches.flatMap((b) => b.events.flatMap((e) => e.entryIds)) };
}

describe('pullNewLines', () => {
  it('hands out lines sharing one nanosecond across page boundaries exactly once, in order', async () => {
    const fake = createFakeLogSource();
    // 40 lines, 5 per nanosecond, over two streams: every page of 3 cuts a tie.
    const all = Array.from({ length: 40 }, (_, i) => line(`l${i}`, ns(T0, Math.floor(i / 5)), `2026-12-01 10:00:00 ERROR tie ${i}`, { streamId: i % 2 ? 'a' : 'b' }));
    fake.add(...all);
    const { batches, ids } = await drain(fake, null, { now: T0 + 60_000, startNs: START, pageSize: 3, maxPages: 2 });
    expect([...ids].sort()).toEqual(all.map((e) => e.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
    // Oldest first (within one nanosecond the order is the streams').
    const time = new Map(all.map((e) => [e.id, e.timeNs]));
    expect(ids.map((id) => time.get(id))).toEqual(all.map((e) => e.timeNs));
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.reduce((n, b) => n + b.lines, 0)).toBe(40);
    // Every request after the first of a call followed the source's cursor; the first, the stored position.
    expect(fake.requests.every((p) => p.direction === 'forward')).toBe(true);
    expect(fake.requests.filter((p) => p.newerThan).length).toBe(batches.length);
  });

  it('a page that ends exactly at the limit: nothing twice, then caught up', async () => {
    const fake = createFakeLogSource();
    const all = Array.from({ length: 12 }, (_, i) => line(`l${i}`, ns(T0 + i), `2026-12-01 10:00:00 ERROR n ${i}`));
    fake.add(...all);
    const first = await pullNewLines(fake.source, null, { now: T0 + 60_000, startNs: START, pageSize: 4, maxPages: 3, signal });
    // The third page was full, so the source said "truncated": the call does not know it is done,
    // and the last line read waits (an unread line could continue it).
    expect(first.caughtUp).toBe(false);
    expect(first.events.map((e) => e.id)).toEqual(all.slice(0, 11).map((e) => e.id));
    const second = await pullNewLines(fake.source, first.cursor, { now: T0 + 60_000, pageSize: 4, maxPages: 3, signal });
    expect(second).toMatchObject({ caughtUp: true, lines: 1 });
    expect(second.events.map((e) => e.id)).toEqual(['l11']);
    const third = await pullNewLines(fake.source, second.cursor, { now: T0 + 60_000, pageSize: 4, maxPages: 3, signal });
    expect(third).toMatchObject({ events: [], caughtUp: true, lines: 0, cursor: second.cursor });
  });

  it('reads only lines older than now − lag, so a late line at the same timestamp is not skipped', async () => {
    const fake = createFakeLogSource();
    fake.add(line('a', ns(T0 - 10_000), '2026-12-01 10:00:00 ERROR a'), line('b', ns(T0 - 3_000), '2026-12-01 10:00:00 ERROR b'));
    const first = await pullNewLines(fake.source, null, { now: T0, startNs: START, signal, reassemble: { maxGapMs: 0 } });
    expect(first.events.map((e) => e.id)).toEqual(['a']);
    // Shipped late, stamped at b's nanosecond and before it: both come next time.
    fake.add(line('b0', ns(T0 - 3_000), '2026-12-01 10:00:00 ERROR b0'), line('a1', ns(T0 - 6_000), '2026-12-01 10:00:00 ERROR a1'));
    const second = await pullNewLines(fake.source, first.cursor, { now: T0 + 10_000, signal, reassemble: { maxGapMs: 0 } });
    expect(second.events.map((e) => e.id)).toEqual(['a1', 'b', 'b0']);
    expect(fake.requests.at(-1)?.newerThan).toEqual(first.cursor);
  });

  it('starts a source never read at now − 1 h unless told, and a cursor at or past now − lag reads nothing', async () => {
    const fake = createFakeLogSource();
    fake.add(line('old', ns(T0 - 2 * 3_600_000), '2026-12-01 10:00:00 ERROR old'), line('new', ns(T0 - 1_800_000), '2026-12-01 10:00:00 ERROR new'));
    const b = await pullNewLines(fake.source, null, { now: T0, signal });
    expect(b.events.map((e) => e.id)).toEqual(['new']);
    const none = await pullNewLines(fake.source, { timeNs: ns(T0 - 1000), seenIds: [] }, { now: T0, signal });
    expect(none).toMatchObject({ events: [], caughtUp: true, lines: 0 });
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps a traceback split over two pages as one event, holding its first lines back', async () => {
    const fake = createFakeLogSource();
    const tb = traceback('tb', T0, 1);
    // w0 is far enough before the page's end to be complete; w1 comes after the traceback.
    const other = [line('w0', ns(T0 - 10_000), '2026-12-01 10:00:00 WARNING w0', { streamId: 'worker', level: 'warning' }), line('w1', ns(T0 + 3), '2026-12-01 10:00:00 WARNING w1', { streamId: 'worker', level: 'warning' })];
    fake.add(...tb, ...other);
    // One page of 4 lines per call: the page ends inside the traceback.
    const first = await pullNewLines(fake.source, null, { now: T0 + 60_000, startNs: START, pageSize: 4, maxPages: 1, signal });
    expect(first.caughtUp).toBe(false);
    // w0 is before the traceback: handed out. The traceback's lines are held, the cursor before them.
    expect(first.events.map((e) => e.id)).toEqual(['w0']);
    expect(first.cursor).toEqual({ timeNs: tb[0]!.timeNs, seenIds: [] });
    // Next time its 7 lines span two pages of one call, and come out whole.
    const { events, ids } = await drain(fake, first.cursor, { now: T0 + 60_000, pageSize: 4, maxPages: 2 });
    const tbEvent = events.find((e) => e.id === 'tb-0');
    expect(tbEvent?.entryIds).toEqual(tb.map((e) => e.id));
    expect(tbEvent?.text).toContain('TokenInvalidError: Token is invalid or expired');
    expect(['w0', ...ids].sort()).toEqual([...tb, ...other].map((e) => e.id).sort());
  });

  it('holds back a traceback still being written at now − lag until its window has passed', async () => {
    const fake = createFakeLogSource();
    const tb = traceback('late', T0 - 6_000, 500); // lines at −6 s … −3 s; now − lag = −5 s
    fake.add(...tb);
    const first = await pullNewLines(fake.source, null, { now: T0, startNs: START, signal });
    expect(first).toMatchObject({ events: [], caughtUp: true, lines: 0, cursor: { timeNs: tb[0]!.timeNs, seenIds: [] } });
    // Once the last line is more than the reassembly window behind now − lag, it comes whole.
    const later = await pullNewLines(fake.source, first.cursor, { now: T0 + 8_000, signal });
    expect(later.events.map((e) => e.entryIds)).toEqual([tb.map((e) => e.id)]);
    expect(later.lines).toBe(7);
  });

  it('an event of another stream that reaches past the held line is held back with it', async () => {
    const fake = createFakeLogSource();
    const now = T0 + 25_000; // reads up to T0 + 20 s
    const a = traceback('a', T0, 4_000, 'a'); // T0 … T0+24 s: its lines after T0+20 s are unread
    const d = traceback('d', T0 - 1_000, 500, 'd').slice(0, 4); // T0−1 s … T0+0.5 s: complete, but reaches past a's start
    const c = traceback('c', T0 + 1_000, 1_000, 'c').slice(0, 3); // after a's start: read again with it
    const e = line('e', ns(T0 - 10_000), '2026-12-01 10:00:00 ERROR e', { streamId: 'e' });
    fake.add(...a, ...d, ...c, e);
    const first = await pullNewLines(fake.source, null, { now, startNs: START, signal });
    expect(first.caughtUp).toBe(true);
    expect(first.events.map((x) => x.id)).toEqual(['e']);
    expect(first.cursor).toEqual({ timeNs: d[0]!.timeNs, seenIds: [] });
    const later = await pullNewLines(fake.source, first.cursor, { now: now + 60_000, signal });
    expect(later.events.map((x) => x.entryIds)).toEqual([d, a, c].map((list) => list.map((x) => x.id)));
  });

  it('makes progress when every line read is inside one reassembly window, and says so', async () => {
    const fake = createFakeLogSource();
    fake.add(...Array.from({ length: 30 }, (_, i) => line(`d${i}`, ns(T0 + i), `  continuation ${i}`, { streamId: `s${i % 3}` })));
    const first = await pullNewLines(fake.source, null, { now: T0 + 60_000, startNs: START, pageSize: 5, maxPages: 1, signal });
    expect(first.lines).toBe(5);
    expect(first.warnings.join(' ')).toMatch(/may be split/);
  });

  it('a failing first request throws and leaves the cursor; a later one returns the pages before it', async () => {
    const fake = createFakeLogSource();
    const all = Array.from({ length: 20 }, (_, i) => line(`l${i}`, ns(T0 + i * 10_000), `2026-12-01 10:00:00 ERROR n ${i}`));
    fake.add(...all);
    fake.failAt.add(0);
    await expect(pullNewLines(fake.source, null, { now: T0 + 600_000, startNs: START, pageSize: 5, signal })).rejects.toThrow(/request 0 failed/);
    // Requests 1 and 2 succeed, 3 fails: two pages of five come back, with the error.
    fake.failAt.add(3);
    const partial = await pullNewLines(fake.source, null, { now: T0 + 600_000, startNs: START, pageSize: 5, signal });
    expect(partial).toMatchObject({ caughtUp: false, error: 'request 3 failed (test)' });
    // The tenth line is the last read: an unread line could still continue it, so it waits.
    expect(partial.events.map((e) => e.id)).toEqual(all.slice(0, 9).map((e) => e.id));
    expect(partial.cursor).toEqual({ timeNs: all[9]!.timeNs, seenIds: [] });
    const rest = await drain(fake, partial.cursor, { now: T0 + 600_000, pageSize: 5 });
    expect([...partial.events.map((e) => e.id), ...rest.ids]).toEqual(all.map((e) => e.id));
  });

  it('an aborted signal throws, whatever was read', async () => {
    const fake = createFakeLogSource();
    fake.add(line('a', ns(T0), '2026-12-01 10:00:00 ERROR a'));
    const ac = new AbortController();
    ac.abort();
    await expect(pullNewLines(fake.source, null, { now: T0 + 60_000, startNs: START, signal: ac.signal })).rejects.toThrow();
  });

  it('hands out what the pipeline keeps: warning and above, exceptions and 5xx at info, whole tracebacks', async () => {
    const fake = createFakeLogSource();
    const info = (id: string, ms: number, text: string, stream = 'api') => line(id, ns(ms), text, { level: 'info', streamId: stream });
    const tb = traceback('x', T0 + 100, 1, 'worker').map((e, i) => (i === 0 ? { ...e, level: 'info' as const, message: 'INFO:app.worker:job failed', raw: 'INFO:app.worker:job failed' } : e));
    fake.add(
      info('ok', T0, 'INFO:     172.18.0.9:40000 - "GET /health HTTP/1.1" 200 OK'),
      info('5xx', T0 + 10, 'INFO:     172.18.0.9:40001 - "GET /health HTTP/1.1" 503 Service Unavailable'),
      line('warn', ns(T0 + 20), 'WARNING:app:disk almost full', { level: 'warning', streamId: 'disk' }),
      ...tb,
    );
    const b = await pullNewLines(fake.source, null, { now: T0 + 60_000, startNs: START, signal });
    expect(b.events.map((e) => e.id)).toEqual(['5xx', 'warn', 'x-0']);
    expect(b.events[2]?.entryIds).toHaveLength(7);
    // Every line is moved past, kept or not; no level is asked of the source by default.
    expect(b.lines).toBe(10);
    expect(fake.requests[0]?.levels).toBeUndefined();
    await pullNewLines(fake.source, null, { now: T0 + 60_000, startNs: START, signal, levels: ['warning', 'error', 'critical', 'unknown'] });
    expect(fake.requests[1]?.levels).toEqual(['warning', 'error', 'critical', 'unknown']);
  });

  it('random streams, ties, page sizes and clocks: every line once, the same events as one read of everything', async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    let split = 0;
    for (let run = 0; run < 30; run += 1) {
      const fake = createFakeLogSource();
      const all: LogEntry[] = [];
      let t = T0;
      for (let k = 0; k < 40; k += 1) {
        t += rand(3) === 0 ? 0 : rand(4_000);
        const stream = `s${rand(3)}`;
        // Every line at error level here, so every event is kept and the comparison is of reassembly alone.
        if (rand(3) === 0) all.push(...traceback(`r${run}e${k}`, t, rand(3), stream).map((e) => ({ ...e, level: 'error' as const })));
        else all.push(line(`r${run}e${k}`, ns(t, rand(2)), `2026-12-01 10:00:00 ERROR e${k}`, { streamId: stream }));
      }
      fake.add(...all);
      // At least 8 lines per call, so a 7-line traceback fits in one.
      const pageSize = 4 + rand(20);
      const maxPages = 2 + rand(3);
      const seen: string[] = [];
      let lines = 0;
      const events = [];
      let cursor: IngestCursor | null = null;
      let now = T0 + 2_000;
      const warnings: string[] = [];
      for (let call = 0; call < 2_000 && now < t + 30_000; call += 1) {
        const b: PulledBatch = await pullNewLines(fake.source, cursor, { now, startNs: START, pageSize, maxPages, signal });
        cursor = b.cursor;
        warnings.push(...b.warnings);
        events.push(...b.events);
        lines += b.lines;
        seen.push(...b.events.flatMap((e) => e.entryIds));
        if (b.caughtUp) now += 1 + rand(6_000);
      }
      // The cursor moved past every line once; no line was in two events.
      expect(lines).toBe(all.length);
      expect(new Set(seen).size).toBe(seen.length);
      if (warnings.some((w) => /may be split/.test(w))) split += 1;
      else {
        expect([...seen].sort()).toEqual(all.map((e) => e.id).sort());
        // The same events as reassembling everything at once (events at one nanosecond may come in another order).
        const joined = (list: { entryIds: string[] }[]) => list.map((e) => e.entryIds.join(',')).sort();
        expect(joined(events)).toEqual(joined(reassemble(all, { order: 'oldest-first' })));
      }
    }
    // A forced hand-out (a call's lines all within one reassembly window) is the exception.
    expect(split).toBeLessThan(15);
  });
});

describe('pullNewLines against the demo mock Loki and Elasticsearch', () => {
  const ANCHOR = Date.parse('2026-11-28T10:00:00.000Z');
  const world = createDemoWorld(DEMO_SOURCES, { anchorMs: ANCHOR, now: () => ANCHOR });
  const stores = world.sources.filter((s) => s.adapter.logStore === true);

  it('finds both log stores', () => {
    expect(stores.map((s) => s.instance.kind).sort()).toEqual(['elasticsearch', 'loki']);
  });

  it.each(stores.map((s) => [s.instance.kind, s] as const))('%s: small pages across calls hand out what one read does, every line once', async (_kind, source) => {
    const from = ANCHOR - 20 * 60_000;
    const startNs = ns(from);
    const upTo = ANCHOR - 5_000;
    // The oracle: every line of the window, paged by the adapter itself.
    if (!supports(source.adapter, 'logs')) throw new Error('no logs');
    const reference: LogEntry[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: LogPage = await source.adapter.capabilities.logs(source.client, { limit: 5000, direction: 'forward', cursor }, { signal, range: { from, to: upTo } });
      reference.push(...page.entries);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const inWindow = reference.filter((e) => BigInt(e.timeNs) < BigInt(ns(upTo)));
    expect(inWindow.length).toBeGreaterThan(200);
    const whole = await pullNewLines(source, null, { now: ANCHOR, startNs, pageSize: 5000, maxPages: 50, signal });
    expect(whole.caughtUp).toBe(true);

    let at: IngestCursor | null = null;
    let lines = 0;
    const events = [];
    for (let call = 0; call < 400; call += 1) {
      const b: PulledBatch = await pullNewLines(source, at, { now: ANCHOR, startNs, pageSize: 97, maxPages: 2, signal });
      at = JSON.parse(JSON.stringify(b.cursor)) as IngestCursor;
      lines += b.lines;
      events.push(...b.events);
      if (b.caughtUp) break;
    }
    // The adapter's own count: the lines the cursor moved past, plus those still after it, are the window's.
    const after = (c: IngestCursor, e: LogEntry) => BigInt(e.timeNs) > BigInt(c.timeNs) || (e.timeNs === c.timeNs && !c.seenIds.includes(e.id));
    expect(lines + inWindow.filter((e) => after(at!, e)).length).toBe(inWindow.length);
    const ids = events.flatMap((e) => e.entryIds);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(inWindow.map((e) => e.id));
    expect(ids.every((id) => known.has(id))).toBe(true);
    // The same events as one read with pages big enough for everything, tracebacks included.
    const joined = (list: { entryIds: string[] }[]) => list.map((e) => e.entryIds.join(',')).sort();
    expect(joined(events)).toEqual(joined(whole.events));
    expect(lines).toBe(whole.lines);
    // Tracebacks: several Loki entries in one event; one Elasticsearch document of several lines.
    expect(events.filter((e) => (source.instance.kind === 'loki' ? e.entryIds.length > 1 : e.text.includes('\n'))).length).toBeGreaterThan(0);
  }, 120_000);
});
