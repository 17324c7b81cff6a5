import { describe, expect, it } from 'vitest';
import type { AdapterDeps, QueryContext } from '../source-adapter';
import { createEsClient } from './client';
import { esConfigSchema } from './config';
import { decodeEsCursor } from './cursor';
import { parseJsonLossless } from './json-lossless';
import { esLogs } from './logs';

interface Doc {
  id: string;
  ts: bigint; // date_nanos
  doc: number;
}

/**
 * An in-memory cluster: sorts by (@timestamp, _doc) in the requested order, applies
 * `search_after` strictly, and writes date_nanos sort values as raw JSON numbers > 2^53.
 */
function fakeEs(docs: Doc[], bodies: string[], extra: Record<string, unknown> = {}): typeof fetch {
  return (async (url: RequestInfo | URL, init?: RequestInit) => {
    // No `GET /` here: the adapter cannot learn the version, so it pages without a point in time.
    if (!String(url).endsWith('/_search')) return new Response('{"error":"not here"}', { status: 404 });
    bodies.push(String(init?.body));
    const body = parseJsonLossless(String(init?.body)) as { size: number; sort: Array<Record<string, { order: string }>>; search_after?: unknown[] };
    const desc = body.sort[0]?.['@timestamp']?.order === 'desc';
    const cmp = (a: Doc, b: Doc) => (a.ts === b.ts ? a.doc - b.doc : a.ts < b.ts ? -1 : 1) * (desc ? -1 : 1);
    let sorted = [...docs].sort(cmp);
    if (body.search_after) {
      const after = { id: '', ts: BigInt(String(body.search_after[0])), doc: Number(body.search_after[1]) };
      sorted = sorted.filter((d) => cmp(d, after) > 0);
    }
    const hits = sorted.slice(0, body.size).map((d) => ({
      _index: 'spine-logs',
      _id: d.id,
      _score: null,
      _source: { '@timestamp': 'ignored-by-fields', message: `line ${d.id}` },
      fields: { '@timestamp': [`2024-08-15T09:21:44.${(d.ts % 1_000_000_000n).toString().padStart(9, '0')}Z`] },
      sort: [`__BIG__${d.ts}`, d.doc],
    }));
    const response = { took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { max_score: null, hits }, ...extra };
    return new Response(JSON.stringify(response).replace(/"__BIG__(\d+)"/g, '$1'), { status: 200 });
  }) as typeof fetch;
}

const BASE = 1723713704000000000n;
const DOCS: Doc[] = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, ts: BASE + BigInt(Math.floor(i / 4)), doc: (i * 7) % 25 }));

function setup(extra?: Record<string, unknown>) {
  const bodies: string[] = [];
  const deps: AdapterDeps = { sourceId: 'es-test', fetch: fakeEs(DOCS, bodies, extra), now: () => 0 };
  const client = createEsClient(esConfigSchema.parse({ baseUrl: '/proxy/es' }), deps);
  const ctx: QueryContext = { signal: new AbortController().signal, range: { from: 0, to: 2_000_000_000_000 } };
  return { client, ctx, bodies };
}

describe('esLogs paging', () => {
  it.each([1, 3, 4, 24, 25, 50])('backward with limit %i: every hit once, newest first', async (limit) => {
    const { client, ctx } = setup();
    const seen: string[] = [];
    const times: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i += 1) {
      const page = await esLogs(client, { limit, cursor }, ctx);
      seen.push(...page.entries.map((e) => e.id));
      times.push(...page.entries.map((e) => e.timeNs));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(DOCS.length);
    expect(new Set(seen).size).toBe(DOCS.length);
    expect(times.every((t, i) => i === 0 || BigInt(times[i - 1] as string) >= BigInt(t))).toBe(true);
    expect(times[0]).toBe('1723713704000000006');
  });

  it('passes the last sort values back exactly, big ints included', async () => {
    const { client, ctx, bodies } = setup();
    const first = await esLogs(client, { limit: 5 }, ctx);
    expect(first.truncated).toBe(true);
    const cursor = decodeEsCursor(first.nextCursor ?? '', 'es-test');
    expect(cursor.searchAfter[0]).toBe(1723713704000000005n);
    await esLogs(client, { limit: 5, cursor: first.nextCursor }, ctx);
    expect(bodies[1]).toContain(`"search_after":[1723713704000000005,${String(cursor.searchAfter[1])}]`);
  });

  it('forward paging goes oldest first', async () => {
    const { client, ctx } = setup();
    const page = await esLogs(client, { limit: 3, direction: 'forward' }, ctx);
    expect(page.entries[0]?.timeNs).toBe('1723713704000000000');
    await expect(esLogs(client, { limit: 3, cursor: page.nextCursor }, ctx)).rejects.toMatchObject({ code: 'parse' });
  });

  it('keeps data and warns on partial shard failure', async () => {
    const { client, ctx } = setup({ timed_out: true, _shards: { total: 2, successful: 1, skipped: 0, failed: 1 } });
    const page = await esLogs(client, { limit: 100 }, ctx);
    expect(page.entries).toHaveLength(25);
    expect(page.truncated).toBe(false);
    expect(page.nextCursor).toBeNull();
    expect(page.warnings).toEqual(['1 of 2 shards failed, results are partial', 'The search timed out; results may be incomplete.']);
  });
});
