import { describe, expect, it } from 'vitest';
import type { AdapterDeps, QueryContext } from '../source-adapter';
import { SourceError } from '../source-error';
import { createEsClient } from './client';
import { esConfigSchema } from './config';
import { decodeEsCursor, encodeEsCursor } from './cursor';
import esInfo from './fixtures/info.elasticsearch-9.json';
import osInfo from './fixtures/info.opensearch-2.10.json';
import esPit from './fixtures/pit.open.response.json';
import osPit from './fixtures/pit.open.opensearch.response.json';
import { parseJsonLossless } from './json-lossless';
import { esLogs } from './logs';
import { isPitMissing, readPitId } from './pit';

interface Call {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

const DOCS = Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, ms: 1_700_000_000_000 - i * 1000 }));

/** A cluster that honours size / search_after on (time desc, tiebreak desc) and answers PIT calls. */
function cluster(info: unknown, options: { pit?: unknown; pitStatus?: number; expireAfter?: number } = {}) {
  const calls: Call[] = [];
  let pitSearches = 0;
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.local');
    const path = decodeURIComponent(url.pathname.replace('/proxy/es', '')) + url.search;
    const body = init?.body ? (parseJsonLossless(String(init.body)) as Record<string, unknown>) : null;
    calls.push({ method: init?.method ?? 'GET', path, body });
    if (path === '/') return Response.json(info);
    if (path.includes('_pit?') || path.includes('point_in_time?')) return options.pitStatus ? new Response('{"error":{"type":"security_exception","reason":"no"},"status":403}', { status: options.pitStatus }) : Response.json(options.pit);
    if (init?.method === 'DELETE') return Response.json({ succeeded: true, num_freed: 1 });
    if (body?.pit) {
      pitSearches += 1;
      if (options.expireAfter !== undefined && pitSearches > options.expireAfter) {
        return Response.json({ error: { root_cause: [{ type: 'search_context_missing_exception', reason: 'No search context found for id [1]' }], type: 'search_phase_execution_exception', reason: 'all shards failed', phase: 'query', grouped: true, failed_shards: [{ shard: -1, index: null, reason: { type: 'search_context_missing_exception', reason: 'No search context found for id [1]' } }], caused_by: { type: 'search_context_missing_exception', reason: 'No search context found for id [1]' } }, status: 404 }, { status: 404 });
      }
    }
    const after = Array.isArray(body?.search_after) ? (body.search_after as number[]) : null;
    const rest = DOCS.map((d, i) => ({ ...d, tb: 10 - i })).filter((d) => !after || d.ms < Number(after[0]) || (d.ms === Number(after[0]) && d.tb < Number(after[1])));
    const hits = rest.slice(0, Number(body?.size ?? 10)).map((d) => ({ _index: 'spine-logs', _id: d.id, _score: null, _source: { '@timestamp': new Date(d.ms).toISOString(), message: d.id }, sort: [d.ms, d.tb] }));
    return Response.json({ took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { hits }, ...(body?.pit ? { pit_id: `pit-after-${pitSearches}` } : {}) });
  }) as typeof fetch;
  const deps: AdapterDeps = { sourceId: 'es-test', fetch: fetchImpl, now: () => 0 };
  return { client: createEsClient(esConfigSchema.parse({ baseUrl: '/proxy/es', index: 'logs-*' }), deps), calls };
}

const ctx = (): QueryContext => ({ signal: new AbortController().signal, range: { from: 0, to: 2_000_000_000_000 } });

async function readAll(client: ReturnType<typeof cluster>['client']) {
  const ids: string[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const page = await esLogs(client, { limit: 2, cursor }, ctx());
    ids.push(...page.entries.map((e) => e.message));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
    cursors.push(cursor);
  }
  await new Promise((r) => setTimeout(r, 0)); // let the fire-and-forget close run
  return { ids, cursors };
}

describe('Elasticsearch point-in-time paging', () => {
  it('ES 9: opens /<index>/_pit, searches /_search with pit + _shard_doc, carries the newest pit_id, closes at the end', async () => {
    const { client, calls } = cluster(esInfo, { pit: esPit });
    const { ids, cursors } = await readAll(client);
    expect(ids).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(calls.filter((c) => c.path === '/')).toHaveLength(1);
    expect(calls.find((c) => c.path.includes('_pit?'))).toMatchObject({ method: 'POST', path: '/logs-*/_pit?keep_alive=1m' });
    const searches = calls.filter((c) => c.path === '/_search');
    expect(searches).toHaveLength(3);
    expect(searches[0]?.body).toMatchObject({ pit: { id: esPit.id, keep_alive: '1m' }, sort: [{ '@timestamp': { order: 'desc' } }, { _shard_doc: { order: 'desc' } }] });
    expect(searches[1]?.body).toMatchObject({ pit: { id: 'pit-after-1' }, search_after: [1_699_999_999_000, 9] });
    expect(decodeEsCursor(cursors[1]!, 'es-test').pit).toEqual({ id: 'pit-after-2', api: '_pit', tiebreak: '_shard_doc' });
    expect(calls.filter((c) => c.path.startsWith('/logs-*/_search'))).toEqual([]);
    expect(calls.at(-1)).toEqual({ method: 'DELETE', path: '/_pit', body: { id: 'pit-after-3' } });
  });

  it('OpenSearch 2.10: opens /<index>/_search/point_in_time ({pit_id}), tiebreak _doc, closes with {pit_id: [...]}', async () => {
    const { client, calls } = cluster(osInfo, { pit: osPit });
    const { ids } = await readAll(client);
    expect(ids).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(calls.find((c) => c.path.includes('point_in_time?'))?.path).toBe('/logs-*/_search/point_in_time?keep_alive=1m');
    expect(calls.find((c) => c.path === '/_search')?.body).toMatchObject({ pit: { id: osPit.pit_id }, sort: [{ '@timestamp': {} }, { _doc: { order: 'desc' } }] });
    expect(calls.at(-1)).toEqual({ method: 'DELETE', path: '/_search/point_in_time', body: { pit_id: ['pit-after-3'] } });
  });

  it('falls back to plain search_after when the PIT expired: no gap, no duplicate, no PIT afterwards', async () => {
    const { client, calls } = cluster(esInfo, { pit: esPit, expireAfter: 1 });
    const { ids, cursors } = await readAll(client);
    expect(ids).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    const fallback = calls.filter((c) => c.path === '/logs-*/_search');
    expect(fallback[0]?.body).toMatchObject({ search_after: [1_699_999_999_000, 2_147_483_647], sort: [{}, { _doc: { order: 'desc' } }] });
    expect(fallback[0]?.body).not.toHaveProperty('pit');
    expect(decodeEsCursor(cursors[1]!, 'es-test').pit).toBeUndefined();
  });

  it('pages without a PIT when opening one is refused (403), or on a server without PIT', async () => {
    const refused = cluster(esInfo, { pitStatus: 403 });
    expect((await readAll(refused.client)).ids).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(refused.calls.filter((c) => c.path === '/_search')).toEqual([]);
    const old = cluster({ ...esInfo, version: { ...esInfo.version, number: '7.9.3' } });
    expect((await readAll(old.client)).ids).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(old.calls.some((c) => c.path.includes('_pit'))).toBe(false);
  });
});

describe('PIT helpers', () => {
  it('reads the id of both open-PIT answers and rejects anything else with a parse error', () => {
    expect(readPitId(esPit, 'x')).toBe(esPit.id);
    expect(readPitId(osPit, 'x')).toBe(osPit.pit_id);
    expect(() => readPitId({ _shards: {} }, 'x')).toThrow(SourceError);
  });

  it('recognises an expired PIT, not other 404s', () => {
    expect(isPitMissing(new SourceError({ code: 'http', status: 404, sourceId: 'x', message: 'Search failed (all shards failed): search_context_missing_exception: No search context found for id [1]', hint: '' }))).toBe(true);
    expect(isPitMissing(new SourceError({ code: 'http', status: 404, sourceId: 'x', message: 'No such index: logs-*', hint: '' }))).toBe(false);
    expect(isPitMissing(new SourceError({ code: 'unauthorized', status: 401, sourceId: 'x', message: 'pit', hint: '' }))).toBe(false);
  });

  it('round-trips a cursor with its PIT, and refuses a malformed PIT', () => {
    const cursor = { direction: 'backward' as const, searchAfter: [1n << 60n, 3], seenIds: ['a/b'], pit: { id: 'p1', api: '_pit' as const, tiebreak: '_shard_doc' as const } };
    expect(decodeEsCursor(encodeEsCursor(cursor), 'x')).toEqual(cursor);
    const bad = btoa(JSON.stringify({ v: 1, d: 'backward', sa: [1], ids: [], pit: { id: 'p', api: '_scroll', tiebreak: '_doc' } }));
    expect(() => decodeEsCursor(bad, 'x')).toThrow(/not an Elasticsearch cursor/);
  });
});

describe('features', () => {
  it('an unreadable GET / is "no PIT", not a hang', async () => {
    const { client, calls } = cluster({ tagline: 'not a cluster' }, { pit: esPit });
    expect((await readAll(client)).ids).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(calls.some((c) => c.path.includes('_pit'))).toBe(false);
  });
});
