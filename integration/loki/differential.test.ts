/**
 * The mock Loki (mocks/handlers/loki.ts, the demo's Loki) held to a real one over the same data:
 * both hold the last 24 h of the `incident` story. Every query the adapter's builders make from a
 * filter the UI can set, some raw LogQL a user might type, the volume query and a few broken
 * queries go to both; the answers must agree.
 *   - streams: the multiset of (ns, stream labels, structured metadata, parsed labels, line) and
 *     each stream's order. Across streams Loki promises no order among equal timestamps, so when
 *     the limit cuts the answer short, the lines at the last timestamp are compared by count;
 *   - matrix: every series and its samples;
 *   - errors: the status and the message up to `, expecting …` (goyacc's list of expected tokens
 *     differs between Loki versions);
 *   - the adapter itself (lokiLogs, lokiLogVolume) on both, paging with its cursor.
 * Against Loki 2.9 the mock runs its `loki-2.9` scenario and the cases 2.9 lacks (`|>`, structured
 * metadata, `or` between line filters) are left out, as are two of its bugs the mock does not
 * copy: answers cut by `limit` (see compareStreams) and a `(?i)` line filter that misses a match
 * starting right after a partial one (`|~ "(?i)error"` does not find `…SignatureError`).
 */
import { getResponse, HttpHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import type { FieldFilter, LogQueryParams } from '@/sources/source-adapter';
import type { LokiLogParams } from '@/sources/loki/log-params';
import type { LogLevel } from '@/lib/model';
import { createLokiClient } from '@/sources/loki/client';
import { lokiConfigSchema } from '@/sources/loki/config';
import { lokiLogVolume } from '@/sources/loki/log-volume';
import { lokiLogs } from '@/sources/loki/logs';
import { buildLogQuery, buildVolumeQuery, formatStep } from '@/sources/loki/logql';
import type { QueryConfig } from '@/sources/loki/selector';
import { lokiHandlers } from '../../mocks/handlers/loki';
import { createMockController } from '../../mocks/scenarios';
import { hasPatterns } from '../harness/loki';
import { ctx, describeEachLoki, lokiFetch, realLokiClient, type SeededLoki } from './real-loki';

const MIN = 60_000;
const FLAGS = { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' };

/** A fetch that answers from the mock's MSW handlers, as the demo's service worker does. */
function mockFetch(target: SeededLoki, legacy: boolean): typeof fetch {
  const ctl = createMockController({ scenario: legacy ? 'loki-2.9' : 'incident', anchorMs: target.story.anchorMs, now: () => target.story.anchorMs });
  const handlers = lokiHandlers(ctl).filter((h): h is HttpHandler => h instanceof HttpHandler);
  return (async (input: RequestInfo | URL, init?: RequestInit) => (await getResponse(handlers, new Request(input, init))) ?? new Response('no mock handler', { status: 404 })) as typeof fetch;
}

interface Reply {
  status: number;
  text: string;
}
type Params = Record<string, string>;

const sortKeys = (o: Record<string, string> = {}) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

interface Row {
  ns: bigint;
  key: string;
}
/** One row per entry: its timestamp and everything else it carries, as one comparable string. */
function rows(json: { data: { result: Array<{ stream: Record<string, string>; values: Array<[string, string, Record<string, Record<string, string>>?]> }> } }, direction: string): Row[] {
  const out: Row[] = [];
  for (const s of json.data.result) {
    const ns = s.values.map((v) => BigInt(v[0]));
    // Inside a stream, entries come in the requested direction.
    expect(ns.every((t, i) => i === 0 || (direction === 'forward' ? t > (ns[i - 1] as bigint) : t < (ns[i - 1] as bigint))), `stream ${JSON.stringify(s.stream)} out of order`).toBe(true);
    for (const [ts, line, meta] of s.values) {
      const key = JSON.stringify([ts, sortKeys(s.stream), sortKeys(meta?.structuredMetadata), sortKeys(meta?.parsed), line]);
      out.push({ ns: BigInt(ts), key });
    }
  }
  return out;
}

const diff = (a: string[], b: string[]) => {
  const left = new Map<string, number>();
  for (const k of a) left.set(k, (left.get(k) ?? 0) + 1);
  const extra: string[] = [];
  for (const k of b) {
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else extra.push(k);
  }
  return { onlyFirst: [...left].flatMap(([k, n]) => Array<string>(n).fill(k)), onlySecond: extra };
};

/**
 * Loki 2.9.17 splits a query by interval (`split_queries_by_interval`, on by default) and then
 * does not always keep the first `limit` lines: a line can give way to a later one. Its answers
 * cut by the limit are compared by their number only.
 */
function compareStreams(real: Reply, mock: Reply, params: Params, exactLimit: boolean) {
  const r = JSON.parse(real.text);
  const m = JSON.parse(mock.text);
  expect(m.data.resultType).toBe(r.data.resultType);
  expect(m.data.encodingFlags).toEqual(r.data.encodingFlags);
  const direction = params.direction ?? 'backward';
  const [rr, mm] = [rows(r, direction), rows(m, direction)];
  expect(mm.length, 'entries').toBe(rr.length);
  let [a, b] = [rr, mm];
  if (rr.length === Number(params.limit) && rr.length > 0) {
    if (!exactLimit) return;
    // Cut by the limit: the lines at the boundary timestamp may differ, not their number.
    const edge = rr.reduce((x, e) => (direction === 'forward' ? (e.ns > x ? e.ns : x) : e.ns < x ? e.ns : x), (rr[0] as Row).ns);
    expect(mm.filter((e) => e.ns === edge).length, 'entries at the boundary').toBe(rr.filter((e) => e.ns === edge).length);
    [a, b] = [rr.filter((e) => e.ns !== edge), mm.filter((e) => e.ns !== edge)];
  }
  const d = diff(
    a.map((e) => e.key),
    b.map((e) => e.key),
  );
  expect({ onlyReal: d.onlyFirst.slice(0, 5), onlyMock: d.onlySecond.slice(0, 5) }).toEqual({ onlyReal: [], onlyMock: [] });
}

function compareMatrix(real: Reply, mock: Reply) {
  const series = (text: string) => {
    const json = JSON.parse(text) as { data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
    expect(json.data.resultType).toBe('matrix');
    return Object.fromEntries(json.data.result.map((s) => [JSON.stringify(sortKeys(s.metric)), s.values]));
  };
  expect(series(mock.text)).toEqual(series(real.text));
}

/** Loki's message up to goyacc's `, expecting …` list. */
const start = (text: string) => text.trim().replace(/, expecting .*$/, '');

describeEachLoki('the mock Loki answers as the real one', (loki, version) => {
  const legacy = () => !hasPatterns(loki());
  let mock: typeof fetch | undefined;
  const story = () => loki().story;
  // Windows (a metric sample's too) stay inside what was seeded: the mock's story goes on before it.
  const since = (minutesBeforeAnchor: number, minutes: number) => ({
    from: Math.max(story().anchorMs - minutesBeforeAnchor * MIN, story().fromMs + 10 * MIN),
    to: story().anchorMs - (minutesBeforeAnchor - minutes) * MIN,
  });
  const ns = (ms: number) => `${Math.floor(ms)}000000`;

  async function ask(path: string, params: Params): Promise<{ real: Reply; mock: Reply }> {
    mock ??= mockFetch(loki(), legacy());
    const qs = new URLSearchParams(params).toString();
    const [r, m] = await Promise.all([
      lokiFetch(loki()).fetch(`${loki().url}/loki/api/v1/${path}?${qs}`, { headers: FLAGS }),
      mock(`http://mock.test/proxy/loki/loki/api/v1/${path}?${qs}`, { headers: FLAGS }),
    ]);
    return { real: { status: r.status, text: await r.text() }, mock: { status: m.status, text: await m.text() } };
  }

  async function same(path: string, params: Params) {
    const { real, mock: m } = await ask(path, params);
    expect(m.status, `${params.query}\nreal: ${real.text.slice(0, 300)}\nmock: ${m.text.slice(0, 300)}`).toBe(real.status);
    if (real.status !== 200) expect(start(m.text)).toBe(start(real.text));
    else if (params.step) compareMatrix(real, m);
    else compareStreams(real, m, params, !legacy());
    return real;
  }
  /** How many entries (or series) the real Loki answered: a case that matches nothing compares little. */
  const count = (reply: Reply) => (JSON.parse(reply.text) as { data: { result: Array<{ values: unknown[] }> } }).data.result.reduce((n, r) => n + r.values.length, 0);

  const config = (selector: string): QueryConfig => ({ ...lokiConfigSchema.parse({ baseUrl: 'http://x' }), selector });
  const logs = (filters: Omit<LogQueryParams & LokiLogParams, 'limit'>, opts: { limit?: number; direction?: string; window?: { from: number; to: number }; selector?: string } = {}) => {
    const w = opts.window ?? since(120, 120);
    return same('query_range', {
      query: buildLogQuery(config(opts.selector ?? '{job=~".+"}'), filters),
      start: ns(w.from),
      end: ns(w.to),
      limit: String(opts.limit ?? 1000),
      direction: opts.direction ?? 'backward',
    });
  };
  const field = (name: string, value: string, parsers: string[], op: FieldFilter['op'] = '='): FieldFilter => ({ field: name, value, parsers, op });

  describe('text filters, escaped as the UI escapes them', () => {
    // The story's lines are ASCII, with no backslash, tab or backtick: those match nothing, on both.
    const matching = ['TokenInvalidError', 'Token is invalid', '"POST /v1/completions HTTP/1.1" 503', '(429 Too Many Requests)', '[Errno 111]', '?action=getcurrent&', '{exc}")'];
    const nothing = ['tokeninvalid', 'a.b+c*', '|= "x" #', 'é → ü', 'back\\slash', 'tab\there', 'new\nline', '`'];
    it.each([...matching, ...nothing])('%j', async (text) => {
      const real = await logs({ text });
      expect(count(real) > 0).toBe(matching.includes(text));
    });
  });

  describe('services, levels and both', () => {
    const cases: Array<[string[], LogLevel[]]> = [
      [['spine-dev-api'], []],
      [['spine-dev-api', 'genai-spine-api'], []],
      [[], ['error']],
      [[], ['warning']],
      [[], ['critical', 'debug']],
      [[], ['unknown']],
      [[], ['error', 'unknown']],
      [['py-sec-edgar', 'spine-dev-celery-worker'], ['warning', 'info']],
    ];
    it.each(cases)('services %j, levels %j', async (services, levels) => {
      await logs({ services, levels });
      await logs({ services, levels, text: 'e' }, { selector: '{job="docker", service_name=~".+"}', direction: 'forward' });
    });
  });

  describe('field filters', () => {
    const cases: Array<[string, FieldFilter[]]> = [
      ['json =', [field('log_level', 'warning', ['json'])]],
      ['json !=', [field('log_logger', 'spine.workflows', ['json'], '!=')]],
      ['json, two values', [field('log_logger', 'spine.workflows', ['json']), field('log_logger', 'spine.core.registry', ['json'])]],
      ['logfmt =', [field('feed', 'finnhub-news', ['logfmt'])]],
      ['logfmt, two fields', [field('feed', 'finnhub-news', ['logfmt']), field('items_failed', '0', ['logfmt'])]],
      ['logfmt !=, two values', [field('status', '503', ['logfmt'], '!='), field('status', '200', ['logfmt'], '!=')]],
      ['both parsers', [field('message', 'pipeline_registered', ['json', 'logfmt'])]],
      ['structured metadata (3.x)', [field('detected_level', 'warn', [])]],
    ];
    it.each(cases)('%s', async (name, fields) => {
      if (legacy() && name.includes('3.x')) return;
      expect(count(await logs({ fields }, { window: since(24 * 60, 24 * 60), limit: 2000 }))).toBeGreaterThan(0);
      await logs({ fields, services: ['spine-core-api', 'spine-dev-celery-worker'], levels: ['info'] }, { window: since(60, 60), direction: 'forward' });
    });
  });

  describe('patterns (3.x)', () => {
    const patterns = ['INFO:     <_> - "POST /v1/completions HTTP/1.1" 503 Service Unavailable', '<_> [info     ] task.succeeded <_>', '<_> Too Many Requests <_>'];
    it.each(patterns)('%j', async (pattern) => {
      if (legacy()) return;
      expect(count(await logs({ pattern }))).toBeGreaterThan(0);
      await logs({ pattern, levels: ['info', 'warning', 'error'], text: 'e' }, { direction: 'forward' });
    });
  });

  describe('patterns Loki 3.x sends without spaces (a regex line filter, on any Loki)', () => {
    // Loki 3.7.6's own patterns of the story's traceback frames, and a hostile one that matches nothing.
    const patterns = ['File"<_>",line<_>,in<_>', 'raise<_>', 'C:\\x\\<_>(a|b)*.py{n}?^$"<_>"'];
    it.each(patterns)('%j', async (pattern) => {
      expect(count(await logs({ pattern })) > 0).toBe(!pattern.startsWith('C:'));
      await logs({ pattern, levels: ['error'], text: 'e' }, { direction: 'forward' });
    });
  });

  describe('raw LogQL a user might type', () => {
    const raws = [
      '{container="spine-dev-api"} |= "TokenInvalidError"',
      '{job="docker", level=~"error|critical"} != "raise" |~ "(?i)refused"',
      '{job="docker"} |~ "\\\\d{3} Too Many" # the retries',
      '{job="docker"} | json',
      '{job="docker"} | json | drop __error__, __error_details__ | service_name_extracted="spine"',
      '{service_name="spine-dev-celery-worker"} | logfmt | duration_ms > 1000',
      '{service_name="spine-dev-celery-worker"} | logfmt | drop __error__ | feed=~"sec-.*" or status="503"',
      '({job="docker"} |= "429")',
      '{job="docker"} |= "rate limit" or "Rate limited"',
    ];
    it.each(raws)('%s', async (raw) => {
      if (legacy() && raw.includes('" or "')) return;
      await logs({ raw });
      await logs({ raw, fields: [field('level', 'warning', [])] }, { direction: 'forward', limit: 50 });
    });
  });

  describe('directions and limits', () => {
    it.each([1, 7, 100, 5000])('limit %i, backward and forward, over the whole story', async (limit) => {
      for (const direction of ['backward', 'forward']) await logs({}, { limit, direction, window: since(24 * 60, 24 * 60) });
      await logs({ levels: ['error'] }, { limit, direction: 'forward', window: since(24 * 60, 24 * 60) });
    });
  });

  describe('the volume query', () => {
    const cases: Array<[string, Omit<LogQueryParams & LokiLogParams, 'limit'>, number, number]> = [
      ['everything, 1 h by minute', {}, 60, 1],
      ['everything, 24 h by 5 min', {}, 24 * 60, 5],
      ['a service and a level, 6 h by 10 min', { services: ['spine-dev-api'], levels: ['error', 'unknown'] }, 6 * 60, 10],
      ['a text and a logfmt field, 3 h by 1 min', { text: 'feed_run', fields: [field('feed', 'finnhub-news', ['logfmt'])] }, 3 * 60, 1],
      ['a raw query, 2 h by 90 s', { raw: '{job="docker"} |~ "(?i)error"' }, 2 * 60, 1.5],
    ];
    it.each(cases)('%s', async (name, filters, minutes, stepMinutes) => {
      if (legacy() && name.startsWith('a raw query')) return;
      const stepMs = stepMinutes * MIN;
      const w = since(minutes, minutes);
      await same('query_range', { query: buildVolumeQuery(config('{job=~".+"}'), filters, stepMs), start: ns(w.from + stepMs), end: ns(w.to), step: formatStep(stepMs) });
    });
  });

  describe('errors', () => {
    const broken = [
      '{job="docker"',
      '{job="docker"} |= ',
      '{job="docker"} | json | status=',
      '{job="docker" |= "x"',
      '{job="docker"} |= "\\d"',
      '{job=~".*"}',
      '{}',
      'job="docker"',
      '{job="docker"} | foo',
      'sum(count_over_time({job="docker"}[5m])',
      '{job="docker"} | status="a" or',
      '{job="docker"} |= "abc',
      '{job="docker"} | drop',
      '{by="x"}',
      '{job="docker"} | json by',
      'count_over_time({job="docker"}[5m]) by (level)',
      '{job="docker"} |> "<_><_>"',
      '{job="docker"}\n | json\n | a=',
    ];
    it.each(broken)('%j', async (raw) => {
      const w = since(10, 10);
      const real = await same('query_range', { query: raw, start: ns(w.from), end: ns(w.to), limit: '10' });
      expect(real.status).toBe(400);
    });
  });

  describe('the adapter on both', () => {
    const clients = () => {
      const selector = { selector: '{job=~".+"}' };
      const real = realLokiClient(loki(), selector).client;
      mock ??= mockFetch(loki(), legacy());
      const config = lokiConfigSchema.parse({ baseUrl: 'http://mock.test/proxy/loki', ...selector });
      return { real, mock: createLokiClient(config, { sourceId: `loki-${version}`, fetch: mock, now: () => story().anchorMs }) };
    };
    type Client = ReturnType<typeof clients>['real'];
    async function pageAll(client: Client, params: Omit<LogQueryParams & LokiLogParams, 'cursor'>, range: { from: number; to: number }) {
      const out: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const p = await lokiLogs(client, { ...params, cursor }, ctx(range.from, range.to));
        out.push(...p.entries.map((e) => JSON.stringify([e.timeNs, e.service, e.level, sortKeys(e.labels), e.message])));
        cursor = p.nextCursor;
        if (!cursor) break;
      }
      return out;
    }
    it.each(['backward', 'forward'] as const)('pages the same lines (%s)', async (direction) => {
      if (legacy()) return; // 2.9's pages cut by the limit are not exact (see compareStreams)
      const { real, mock: m } = clients();
      const params = { limit: 40, direction, levels: ['warning', 'critical'] as LogLevel[], fields: [] };
      const [a, b] = await Promise.all([pageAll(real, params, since(90, 60)), pageAll(m, params, since(90, 60))]);
      expect(a.length).toBeGreaterThan(40);
      expect(b).toEqual(a);
    });
    it('draws the same volume', async () => {
      const { real, mock: m } = clients();
      const params = { stepMs: 5 * MIN, services: ['spine-dev-api', 'genai-spine-api'] };
      const range = ctx(since(6 * 60, 6 * 60).from, story().anchorMs);
      expect(await lokiLogVolume(m, params, range)).toEqual(await lokiLogVolume(real, params, range));
    });
  });
});
