import { describe, expect, it, vi } from 'vitest';
import type { AdapterDeps } from '../source-adapter';
import { createEsClient, toNdjson } from './client';
import { esConfigSchema } from './config';

const NOW = Date.UTC(2025, 0, 1);

function clientWith(fetchImpl: (url: string, init?: RequestInit) => Promise<Response>, config: object = {}) {
  const fetch = vi.fn(fetchImpl);
  const deps: AdapterDeps = { sourceId: 'es-test', fetch: fetch as unknown as typeof globalThis.fetch, now: () => NOW };
  return { client: createEsClient(esConfigSchema.parse({ baseUrl: '/proxy/es/', ...config }), deps), fetch };
}
const signal = () => new AbortController().signal;
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('ES client', () => {
  it('POSTs searches to /<index>/_search with the signal, and parses big ints losslessly', async () => {
    const { client, fetch } = clientWith(async () => new Response('{"hits":{"hits":[{"_index":"i","_id":"1","sort":[1723713704123456789,1]}]}}'));
    const s = signal();
    const result = (await client.search({ size: 1 }, s)) as { hits: { hits: Array<{ sort: unknown[] }> } };
    expect(result.hits.hits[0]?.sort).toEqual([1723713704123456789n, 1]);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/proxy/es/logs-*,spine-logs*/_search');
    expect(init).toMatchObject({ method: 'POST', body: '{"size":1}', signal: s });
    await client.search({ search_after: result.hits.hits[0]?.sort }, s);
    expect(fetch.mock.calls[1]?.[1]?.body).toBe('{"search_after":[1723713704123456789,1]}');
  });

  it('sends _msearch as NDJSON ending with a newline', async () => {
    const { client, fetch } = clientWith(async () => json({ responses: [] }));
    await client.msearch([[{ index: 'a' }, { size: 0 }], [{}, { query: { match_all: {} } }]], signal());
    const init = fetch.mock.calls[0]?.[1];
    expect(fetch.mock.calls[0]?.[0]).toBe('/proxy/es/_msearch');
    expect(init?.body).toBe('{"index":"a"}\n{"size":0}\n{}\n{"query":{"match_all":{}}}\n');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/x-ndjson');
    expect(toNdjson([]).length).toBe(0);
  });

  it('GETs / for cluster info', async () => {
    const { client, fetch } = clientWith(async () => json({ version: { number: '8.15.0' } }));
    await client.info(signal());
    expect(fetch.mock.calls[0]?.[0]).toBe('/proxy/es/');
    expect(fetch.mock.calls[0]?.[1]?.method).toBe('GET');
  });

  it('maps abort to cancelled and TypeError to network', async () => {
    const controller = new AbortController();
    const aborting = clientWith(
      (_u, init) => new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('x', 'AbortError')))),
    );
    const pending = aborting.client.search({}, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    const offline = clientWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline.client.search({}, signal())).rejects.toMatchObject({ code: 'network' });
  });

  it('maps a timeout abort to timeout', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    const { client } = clientWith(async () => json({}));
    await expect(client.search({}, controller.signal)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('maps ES error JSON by status: 401 unauthorized, 429 rate-limited + Retry-After, 404 http', async () => {
    const auth = clientWith(async () => json({ error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 }, 401));
    await expect(auth.client.search({}, signal())).rejects.toMatchObject({ code: 'unauthorized', status: 401, hint: expect.stringMatching(/ELASTICSEARCH_AUTH/) });
    const busy = clientWith(async () => json({ error: { type: 'es_rejected_execution_exception', reason: 'rejected' }, status: 429 }, 429, { 'Retry-After': '3' }));
    await expect(busy.client.search({}, signal())).rejects.toMatchObject({ code: 'rate-limited', retryAfterMs: 3000 });
    const missing = clientWith(async () => json({ error: { type: 'index_not_found_exception', reason: 'no such index [x]', index: 'x' }, status: 404 }, 404));
    await expect(missing.client.search({}, signal())).rejects.toMatchObject({ code: 'http', status: 404, hint: expect.stringMatching(/ELASTICSEARCH_INDEX/) });
  });

  it('maps a gateway HTML 502 to http without HTML in the message', async () => {
    const { client } = clientWith(async () => new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502 }));
    const error = (await client.search({}, signal()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'http', status: 502 });
    expect(error.message).not.toMatch(/</);
  });

  it('rejects a 200 that is not JSON as parse', async () => {
    const { client } = clientWith(async () => new Response('<html>sign in</html>'));
    await expect(client.search({}, signal())).rejects.toMatchObject({ code: 'parse' });
  });
});
