// @vitest-environment node
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockController } from '../scenarios';
import { parseLossless } from '../wire/elasticsearch';
import { elasticsearchHandlers } from './elasticsearch';
import { lokiHandlers } from './loki';
import osInfoFixture from '@/sources/elasticsearch/fixtures/info.opensearch-2.10.json';
import osPitFixture from '@/sources/elasticsearch/fixtures/pit.open.opensearch.response.json';

const anchorMs = Date.parse('2026-11-28T10:00:00Z');
const ctl = createMockController({ anchorMs, now: () => anchorMs });
const server = setupServer(...lokiHandlers(ctl), ...elasticsearchHandlers(ctl));
const origin = 'http://console.test';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const loki = (path: string, params: Record<string, string>) =>
  fetch(`${origin}/proxy/loki/loki/api/v1/${path}?${new URLSearchParams(params)}`, { headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } });
const es = (index: string, body: unknown) =>
  fetch(`${origin}/proxy/elasticsearch/${index}/_search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('loki handlers', () => {
  it('serve buildinfo (bare), ready, and query_range with the categorize-labels flag', async () => {
    expect(await (await fetch(`${origin}/proxy/loki/loki/api/v1/status/buildinfo`)).json()).toMatchObject({ version: '3.4.2' });
    expect(await (await fetch(`${origin}/proxy/loki/ready`)).text()).toBe('ready\n');
    const res = await loki('query_range', { query: '{job="docker"}', start: String(anchorMs / 1000 - 300), end: String(anchorMs / 1000), limit: '10' });
    const text = await res.text();
    expect(text.endsWith('\n')).toBe(true);
    const json = JSON.parse(text) as { data: { encodingFlags: string[]; result: { values: unknown[][] }[] } };
    expect(json.data.encodingFlags).toEqual(['categorize-labels']);
    expect(json.data.result.flatMap((s) => s.values)).toHaveLength(10);
  });

  it('answer errors as plain text with Loki statuses', async () => {
    const res = await loki('query_range', { query: '{foo="bar"' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,');
  });

  it('answer 502 JSON when the scenario takes Loki down', async () => {
    const down = setupServer(...lokiHandlers({ ...ctl, fault: () => 'down' }));
    server.close();
    down.listen({ onUnhandledRequest: 'error' });
    try {
      const res = await loki('labels', {});
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ error: 'upstream_unreachable', message: 'loki is unreachable: connect ECONNREFUSED 127.0.0.1:3100' });
    } finally {
      down.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});

describe('elasticsearch handlers', () => {
  it('serve GET / (ES 8 info) and index_not_found', async () => {
    const info = await fetch(`${origin}/proxy/elasticsearch/`);
    expect(info.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(await info.json()).toMatchObject({ version: { number: '8.13.0' }, tagline: 'You Know, for Search' });
    const missing = await es('nope', { size: 1 });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'index_not_found_exception' }, status: 404 });
  });
});

describe('Loki and Elasticsearch agree', () => {
  it.each<[string, number, string, unknown[]]>([
    ['all', 600_000, '{job="docker"}', []],
    ['errors of one service', 1_800_000, '{job="docker", service_name="spine-dev-api", level=~"error|critical"}', [{ term: { 'service.name': 'spine-dev-api' } }, { terms: { 'log.level': ['error', 'critical'] } }]],
  ])('same events for the same range and filters (%s)', async (_name, spanMs, query, filters) => {
    const [fromMs, toMs] = [anchorMs - spanMs, anchorMs - 60_000];
    // Loki: [start, end) in ns; ES: lte in epoch_millis rounds up to …999999 ns, so end = toMs + 1 ms.
    const lokiRes = (await (await loki('query_range', { query, start: `${fromMs}000000`, end: `${toMs + 1}000000`, limit: '5000', direction: 'forward' })).json()) as {
      data: { result: { stream: Record<string, string>; values: [string, string][] }[] };
    };
    const entries = lokiRes.data.result.flatMap((s) => s.values.map(([ts, line]) => ({ ts: BigInt(ts), line, service: s.stream.service_name ?? '' })));
    entries.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    // Regroup per event: a line at ts+1 of the same service continuing a traceback belongs to the previous entry.
    const events: { ts: bigint; service: string; message: string }[] = [];
    for (const e of entries) {
      const prev = events[events.length - 1];
      const lines = prev ? prev.message.split('\n').length : 0;
      if (prev && prev.service === e.service && e.ts === prev.ts + BigInt(lines) && !/^\d{4}-|^[A-Z]+:|^\{/.test(e.line)) prev.message += `\n${e.line}`;
      else events.push({ ts: e.ts, service: e.service, message: e.line });
    }
    const esRes = await es('logs-*,spine-logs*', {
      size: 5000,
      track_total_hits: true,
      query: { bool: { filter: [{ range: { '@timestamp': { gte: fromMs, lte: toMs, format: 'epoch_millis' } } }, ...filters] } },
      sort: [{ '@timestamp': { order: 'asc' } }, { _doc: { order: 'asc' } }],
    });
    const docs = (parseLossless(await esRes.text()) as { hits: { total: { value: number }; hits: { _source: { message: string; service: { name: string } }; sort: [bigint, number] }[] } }).hits;
    expect(docs.hits.length).toBe(docs.total.value);
    expect(docs.hits.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(5000);
    expect(events.map((e) => [e.ts, e.service, e.message])).toEqual(docs.hits.map((h) => [h.sort[0], h._source.service.name, h._source.message]));
  });
});

describe('loki 3 endpoints and the loki-2.9 scenario', () => {
  const window = { query: '{job="docker"}', start: String(anchorMs / 1000 - 300), end: String(anchorMs / 1000) };

  it('serve /patterns and /detected_fields on the default (3.4) server', async () => {
    const patterns = await loki('patterns', { ...window, step: '60s' });
    expect(patterns.status).toBe(200);
    expect(((await patterns.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    const fields = await loki('detected_fields', window);
    expect(fields.status).toBe(200);
    expect(await fields.json()).toMatchObject({ limit: 1000 });
  });

  it('serve /detected_field/<name>/values from the same lines, honouring the query and the range', async () => {
    const big = { ...window, start: String(anchorMs / 1000 - 3600), line_limit: '1000' };
    const { fields } = (await (await loki('detected_fields', big)).json()) as { fields: { label: string; cardinality: number; parsers: string[] }[] };
    const field = fields.find((f) => f.parsers.includes('logfmt') && f.cardinality >= 2)!;
    const res = await loki(`detected_field/${encodeURIComponent(field.label)}/values`, big);
    expect(res.status).toBe(200);
    const { values, limit } = (await res.json()) as { values: string[]; limit: number };
    expect([values.length, limit]).toEqual([field.cardinality, 1000]);
    // The query narrows them: filtering on the first value leaves only it.
    const query = `${big.query} | logfmt | drop __error__, __error_details__ | ${field.label}=${JSON.stringify(values[0])}`;
    expect(await (await loki(`detected_field/${field.label}/values`, { ...big, query })).json()).toEqual({ values: [values[0]], limit: 1000 });
    // An empty range has none.
    const empty = { ...big, start: String(anchorMs / 1000 + 60), end: String(anchorMs / 1000 + 120) };
    expect(await (await loki(`detected_field/${field.label}/values`, empty)).json()).toEqual({ values: [], limit: 1000 });
  });

  it('take the field name decoded from one path segment, hostile characters included', async () => {
    for (const name of ['a/b', 'x?limit=1', '100% "q"', 'ünï']) {
      const res = await loki(`detected_field/${encodeURIComponent(name)}/values`, window);
      expect([name, res.status, await res.json()]).toEqual([name, 200, { values: [], limit: 1000 }]);
    }
  });

  it('answer as Loki 2.9 under loki-2.9: version, 404 for the 3.x endpoints, |> is a parse error', async () => {
    const old = setupServer(...lokiHandlers({ ...ctl, fault: () => 'old-version' }));
    server.close();
    old.listen({ onUnhandledRequest: 'error' });
    try {
      expect(await (await fetch(`${origin}/proxy/loki/loki/api/v1/status/buildinfo`)).json()).toMatchObject({ version: '2.9.17' });
      const patterns = await loki('patterns', window);
      expect([patterns.status, await patterns.text()]).toEqual([404, '404 page not found\n']);
      expect((await loki('detected_fields', window)).status).toBe(404);
      expect((await loki('detected_field/level/values', window)).status).toBe(404);
      const filtered = await loki('query_range', { ...window, query: '{job="docker"} |> "<_> x"', limit: '10' });
      expect([filtered.status, await filtered.text()]).toEqual([400, 'parse error at line 1, col 17: syntax error: unexpected >']);
      expect((await loki('query_range', { ...window, limit: '10' })).status).toBe(200);
    } finally {
      old.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});

describe('elasticsearch point in time', () => {
  it('opens a PIT, searches it without an index, echoes pit_id, refuses an index path, closes it', async () => {
    const opened = await fetch(`${origin}/proxy/elasticsearch/spine-logs*/_pit?keep_alive=1m`, { method: 'POST' });
    expect(opened.status).toBe(200);
    const { id } = (await opened.json()) as { id: string };
    const body = { size: 3, pit: { id, keep_alive: '1m' }, sort: [{ '@timestamp': 'desc' }, { _shard_doc: 'desc' }], query: { range: { '@timestamp': { gte: anchorMs - 600_000, lte: anchorMs, format: 'epoch_millis' } } } };
    const page = await fetch(`${origin}/proxy/elasticsearch/_search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = parseLossless(await page.text()) as { pit_id: string; hits: { hits: Array<{ sort: unknown[] }> } };
    expect(json.pit_id).toBe(id);
    expect(json.hits.hits).toHaveLength(3);
    expect(json.hits.hits[0]?.sort).toHaveLength(2);
    expect((await es('spine-logs*', body)).status).toBe(400);
    const closed = await fetch(`${origin}/proxy/elasticsearch/_pit`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
    expect(await closed.json()).toEqual({ succeeded: true, num_freed: 1 });
    const gone = await fetch(`${origin}/proxy/elasticsearch/_search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('search_context_missing_exception');
  });

  it('answers as OpenSearch 2.10 under the opensearch scenario: its GET /, no X-Elastic-Product, its PIT API', async () => {
    const os = setupServer(...elasticsearchHandlers({ ...ctl, fault: () => 'opensearch' }));
    server.close();
    os.listen({ onUnhandledRequest: 'error' });
    try {
      const info = await fetch(`${origin}/proxy/elasticsearch/`);
      expect(info.headers.get('x-elastic-product')).toBeNull();
      const body = (await info.json()) as { version: Record<string, unknown> };
      // The same fields as the real one (fixtures/upstream/elasticsearch/info.opensearch-2.10.json).
      expect(Object.keys(body).sort()).toEqual(Object.keys(osInfoFixture).sort());
      expect(Object.keys(body.version).sort()).toEqual(Object.keys(osInfoFixture.version).sort());
      expect(body.version).toMatchObject({ distribution: 'opensearch', number: '2.10.0' });

      const esRoute = await fetch(`${origin}/proxy/elasticsearch/spine-logs*/_pit?keep_alive=1m`, { method: 'POST' });
      expect([esRoute.status, await esRoute.json()]).toEqual([400, { error: 'no handler found for uri [/spine-logs*/_pit?keep_alive=1m] and method [POST]' }]);

      const opened = await fetch(`${origin}/proxy/elasticsearch/spine-logs*/_search/point_in_time?keep_alive=1m`, { method: 'POST' });
      const pit = (await opened.json()) as { pit_id: string };
      expect(Object.keys(pit).sort()).toEqual(Object.keys(osPitFixture).sort());
      const search = { size: 3, pit: { id: pit.pit_id, keep_alive: '1m' }, sort: [{ '@timestamp': 'desc' }, { _doc: 'desc' }], query: { range: { '@timestamp': { gte: anchorMs - 600_000, lte: anchorMs, format: 'epoch_millis' } } } };
      const post = (path: string, method: string, payload: unknown) => fetch(`${origin}/proxy/elasticsearch/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
      const page = parseLossless(await (await post('_search', 'POST', search)).text()) as { pit_id: string; hits: { hits: unknown[] } };
      expect([page.pit_id, page.hits.hits.length]).toEqual([pit.pit_id, 3]);
      expect(await (await post('_search/point_in_time', 'DELETE', { pit_id: [pit.pit_id] })).json()).toEqual({ pits: [{ successful: true, pit_id: pit.pit_id }] });
      const gone = await post('_search', 'POST', search);
      expect([gone.status, await gone.text()]).toEqual([404, expect.stringContaining('search_context_missing_exception')]);
    } finally {
      os.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });

  it("answers OpenSearch's PIT routes as Elasticsearch does a route it lacks", async () => {
    const res = await fetch(`${origin}/proxy/elasticsearch/logs-*/_search/point_in_time?keep_alive=1m`, { method: 'POST' });
    expect([res.status, res.headers.get('x-elastic-product'), await res.json()]).toEqual([400, 'Elasticsearch', { error: 'no handler found for uri [/logs-*/_search/point_in_time?keep_alive=1m] and method [POST]' }]);
  });

  it('requires keep_alive to open a PIT', async () => {
    expect((await fetch(`${origin}/proxy/elasticsearch/logs-*/_pit`, { method: 'POST' })).status).toBe(400);
  });
});
