import { describe, expect, it } from 'vitest';
import { compareNs } from '@/lib/nanotime';
import type { AdapterDeps, QueryContext } from '../source-adapter';
import { createLokiClient } from './client';
import { lokiConfigSchema } from './config';
import { decodeLokiCursor } from './cursor';
import { lokiLogVolume } from './log-volume';
import { lokiLogs } from './logs';

type Row = { stream: Record<string, string>; ts: string; line: string };

/**
 * An in-memory Loki honouring query_range semantics: start inclusive, end exclusive, `limit`
 * across all streams, `direction`. Ties at the limit are cut in an order different from the
 * client's merge order (reverse stream key), as a real Loki gives no tie guarantee.
 */
function fakeLoki(rows: Row[], requests: URLSearchParams[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const params = new URL(String(input), 'http://console.local').searchParams;
    requests.push(params);
    const start = params.get('start') ?? '0';
    const end = params.get('end') ?? '99999999999999999999';
    const limit = Number(params.get('limit'));
    const backward = params.get('direction') !== 'forward';
    const key = (r: Row) => JSON.stringify(r.stream);
    const selected = rows
      .filter((r) => compareNs(r.ts, start) >= 0 && compareNs(r.ts, end) < 0)
      .sort((a, b) => (backward ? -1 : 1) * compareNs(a.ts, b.ts) || (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
      .slice(0, limit);
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string, object][] }>();
    for (const r of selected) {
      const s = streams.get(key(r)) ?? { stream: r.stream, values: [] };
      s.values.push([r.ts, r.line, {}]);
      streams.set(key(r), s);
    }
    const body = { status: 'success', data: { resultType: 'streams', encodingFlags: ['categorize-labels'], result: [...streams.values()] } };
    return new Response(JSON.stringify(body), { status: 200 });
  }) as typeof fetch;
}

const T0 = 1_700_000_000_000;
const ns = (offsetNs: number) => (BigInt(T0) * 1_000_000n + BigInt(offsetNs)).toString();
const streamsDef = [{ app: 'a' }, { app: 'b' }, { app: 'c' }];
/** 30 lines over 3 streams with heavy timestamp collisions inside and across streams. */
const ROWS: Row[] = Array.from({ length: 30 }, (_, i) => ({
  stream: streamsDef[i % 3] as Record<string, string>,
  ts: ns(Math.floor(i / 7) * 1000 + (i % 2)),
  line: `line ${i}`,
}));

function setup(rows: Row[] = ROWS) {
  const requests: URLSearchParams[] = [];
  const deps: AdapterDeps = { sourceId: 'loki-test', fetch: fakeLoki(rows, requests), now: () => T0 };
  const client = createLokiClient(lokiConfigSchema.parse({ baseUrl: '/proxy/loki', selector: '{job=~".+"}' }), deps);
  const ctx: QueryContext = { signal: new AbortController().signal, range: { from: T0, to: T0 + 60_000 } };
  return { client, ctx, requests };
}

async function pageAll(direction: 'backward' | 'forward', limit: number) {
  const { client, ctx, requests } = setup();
  const lines: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const result = await lokiLogs(client, { limit, direction, cursor }, ctx);
    expect(result.entries.length).toBeLessThanOrEqual(limit);
    lines.push(...result.entries.map((e) => e.message));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return { lines, requests };
}

describe('lokiLogs paging', () => {
  it.each([1, 2, 3, 4, 7, 29, 30, 100])('backward with limit %i: every line once, newest first', async (limit) => {
    const { lines } = await pageAll('backward', limit);
    expect([...lines].sort()).toEqual(ROWS.map((r) => r.line).sort());
    const times = lines.map((l) => ROWS.find((r) => r.line === l)?.ts ?? '');
    expect(times.every((t, i) => i === 0 || compareNs(times[i - 1] as string, t) >= 0)).toBe(true);
  });

  it.each([1, 3, 5, 30])('forward with limit %i: every line once, oldest first', async (limit) => {
    const { lines } = await pageAll('forward', limit);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines).toHaveLength(ROWS.length);
  });

  it('asks for end = boundary + 1 ns and encodes the ids seen at the boundary', async () => {
    const { client, ctx, requests } = setup();
    const first = await lokiLogs(client, { limit: 4 }, ctx);
    expect(first.truncated).toBe(true);
    const cursor = decodeLokiCursor(first.nextCursor ?? '', 'loki-test');
    const oldest = first.entries.at(-1);
    expect(cursor.boundaryNs).toBe(oldest?.timeNs);
    expect(cursor.seenIds).toContain(oldest?.id);
    await lokiLogs(client, { limit: 4, cursor: first.nextCursor }, ctx);
    const second = requests[1];
    expect(BigInt(second?.get('end') ?? '0') - BigInt(cursor.boundaryNs)).toBe(1n);
    expect(Number(second?.get('limit'))).toBe(4 + cursor.seenIds.length);
    expect(requests[0]?.get('start')).toBe('1700000000000000000');
    expect(requests[0]?.get('direction')).toBe('backward');
  });

  it('reports truncated=false and no cursor when fewer lines than the limit exist', async () => {
    const { client, ctx } = setup();
    const page = await lokiLogs(client, { limit: 500 }, ctx);
    expect(page).toMatchObject({ truncated: false, nextCursor: null, warnings: [] });
    expect(page.entries).toHaveLength(30);
  });

  it('rejects a cursor from another direction or garbage', async () => {
    const { client, ctx } = setup();
    const first = await lokiLogs(client, { limit: 2 }, ctx);
    await expect(lokiLogs(client, { limit: 2, direction: 'forward', cursor: first.nextCursor }, ctx)).rejects.toMatchObject({ code: 'parse' });
    await expect(lokiLogs(client, { limit: 2, cursor: 'nope' }, ctx)).rejects.toMatchObject({ code: 'parse' });
  });

  it('surfaces envelope warnings and rejects a matrix result for logs', async () => {
    const body = (resultType: string) => JSON.stringify({ status: 'success', warnings: ['w1'], data: { resultType, result: [] } });
    const ctx: QueryContext = { signal: new AbortController().signal, range: { from: T0, to: T0 + 1 } };
    const make = (resultType: string) =>
      createLokiClient(lokiConfigSchema.parse({ baseUrl: '/l', selector: '{job=~".+"}' }), {
        sourceId: 's',
        now: () => T0,
        fetch: (async () => new Response(body(resultType))) as typeof fetch,
      });
    await expect(lokiLogs(make('streams'), { limit: 5 }, ctx)).resolves.toMatchObject({ warnings: ['w1'] });
    await expect(lokiLogs(make('matrix'), { limit: 5 }, ctx)).rejects.toMatchObject({ code: 'parse', hint: expect.stringMatching(/log query/) });
    await expect(lokiLogVolume(make('matrix'), { stepMs: 1000 }, ctx)).resolves.toEqual([]);
  });

  it('sends the volume query with ns start/end and a step', async () => {
    const { client, ctx, requests } = setup();
    await expect(lokiLogVolume(client, { stepMs: 60_000, levels: ['error'] }, ctx)).rejects.toMatchObject({ code: 'parse' });
    const q = requests[0];
    expect(q?.get('query')).toMatch(/^sum by \(level, detected_level\) \(count_over_time\(\{job=~"\.\+"\} \| /);
    expect(q?.get('step')).toBe('1m');
    expect(q?.get('end')).toBe('1700000060000000000');
  });
});

describe('lokiLogs line cap', () => {
  it('never asks Loki for more than maxLines, even with the cursor boundary entries', async () => {
    const { lokiAdapter } = await import('./index');
    const asked: number[] = [];
    const fetchImpl = (async (input: RequestInfo | URL) => {
      asked.push(Number(new URL(String(input), 'http://x').searchParams.get('limit')));
      return Response.json({ status: 'success', data: { resultType: 'streams', result: [] } });
    }) as typeof fetch;
    const client = lokiAdapter.createClient(lokiAdapter.configSchema.parse({ baseUrl: '/proxy/loki', selector: '{job=~".+"}', maxLines: 100 }), { sourceId: 'l', fetch: fetchImpl, now: () => 0 });
    const ctx = { signal: new AbortController().signal, range: { from: 0, to: 60_000 } };
    const page = await lokiAdapter.capabilities.logs!(client, { limit: 500 }, ctx);
    expect(asked).toEqual([100]);
    expect(page.warnings[0]).toMatch(/at most 100 lines per request/);
  });
});
