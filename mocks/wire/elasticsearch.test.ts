import { describe, expect, it } from 'vitest';
import { createMockController } from '../scenarios';
import { esSearch, parseLossless, stringifyLossless } from './elasticsearch';

const anchorMs = Date.parse('2026-11-28T10:00:00Z');
const ctl = createMockController({ anchorMs, now: () => anchorMs });
const scenario = ctl.scenario();
const from = anchorMs - 900_000;
const range = { range: { '@timestamp': { gte: from, lte: anchorMs, format: 'epoch_millis' } } };

interface Hit {
  _index: string;
  _id: string;
  _score: number | null;
  _source: { '@timestamp': string; message: string; log: { level: string }; service: { name: string }; error?: { stack_trace: string } };
  fields?: Record<string, string[]>;
  sort?: unknown[];
}
interface Body {
  hits: { total?: { value: number; relation: string }; max_score: number | null; hits: Hit[] };
  aggregations?: Record<string, { buckets: { key: number; doc_count: number; [k: string]: unknown }[] }>;
  error?: { type: string; reason: string };
  status?: number;
}
function search(body: unknown, index = 'logs-*,spine-logs*') {
  const reply = esSearch(scenario, anchorMs, index, stringifyLossless(body));
  return { status: reply.status, raw: reply.body, json: parseLossless(reply.body) as Body };
}
const sorted = [{ '@timestamp': { order: 'desc', unmapped_type: 'boolean' } }, { _doc: { order: 'desc' } }];

describe('esSearch', () => {
  it('hits.total follows track_total_hits', () => {
    const q = { query: { bool: { filter: [range] } }, size: 1 };
    const exact = search({ ...q, track_total_hits: true }).json.hits.total;
    expect(exact?.relation).toBe('eq');
    expect(exact?.value).toBeGreaterThan(100);
    expect(search({ ...q, track_total_hits: false }).json.hits.total).toBeUndefined();
    expect(search({ ...q, track_total_hits: 100 }).json.hits.total).toEqual({ value: 100, relation: 'gte' });
    expect(search(q).json.hits.total).toEqual(exact); // under 10,000: exact
  });

  it('sorts by @timestamp (date_nanos: sort values are exact ns longs) and pages with search_after without gaps', () => {
    const everything = search({ query: { bool: { filter: [range] } }, size: 5000, sort: sorted, track_total_hits: true }).json;
    const ids = everything.hits.hits.map((h) => h._id);
    expect(ids.length).toBe(everything.hits.total?.value);
    expect(everything.hits.max_score).toBeNull();
    const first = everything.hits.hits[0];
    expect(typeof first?.sort?.[0]).toBe('bigint');
    const times = everything.hits.hits.map((h) => h.sort?.[0] as bigint);
    for (let i = 1; i < times.length; i++) expect(times[i]! < times[i - 1]!).toBe(true);
    const paged: string[] = [];
    let after: unknown[] | undefined;
    for (let page = 0; page < 100; page++) {
      const r = search({ query: { bool: { filter: [range] } }, size: 97, sort: sorted, track_total_hits: false, ...(after ? { search_after: after } : {}) });
      const hits = r.json.hits.hits;
      paged.push(...hits.map((h) => h._id));
      if (hits.length < 97) break;
      after = hits[hits.length - 1]?.sort;
    }
    expect(paged).toEqual(ids);
    // the raw body carries the ns as an integer literal, not a string
    expect(search({ query: range, size: 1, sort: sorted }).raw).toMatch(/"sort":\[\d{19},\d+\]/);
  });

  it('filters with terms / term / match_phrase and returns ECS documents', () => {
    const r = search({ query: { bool: { filter: [range, { terms: { 'log.level': ['error', 'critical'] } }, { term: { 'service.name.keyword': 'spine-dev-api' } }] } }, size: 100, sort: sorted, fields: [{ field: '@timestamp', format: 'strict_date_optional_time_nanos' }] });
    expect(r.json.hits.hits.length).toBeGreaterThan(0);
    for (const h of r.json.hits.hits) {
      expect(['error', 'critical']).toContain(h._source.log.level);
      expect(h._source.service.name).toBe('spine-dev-api');
      expect(h._index).toBe('spine-logs-2026.11.28');
      expect(h.fields?.['@timestamp']?.[0]).toMatch(/^2026-11-28T\d\d:\d\d:\d\d\.\d{3,9}Z$/);
    }
    const withTrace = r.json.hits.hits.find((h) => h._source.error);
    expect(withTrace, 'a hit with error.*').toBeDefined();
    expect(withTrace!._source.message).toContain(withTrace!._source.error?.stack_trace.split('\n')[0] ?? '');
    const phrase = search({ query: { bool: { filter: [range], must: [{ match_phrase: { message: { query: 'Traceback (most recent' } } }] } }, size: 50 });
    expect(phrase.json.hits.hits.length).toBeGreaterThan(0);
    for (const h of phrase.json.hits.hits) expect(h._source.message.toLowerCase()).toContain('traceback (most recent');
  });

  it('date_histogram + terms on the level sum to the hit count', () => {
    const r = search({
      size: 0,
      track_total_hits: true,
      query: { bool: { filter: [range] } },
      aggs: { volume: { date_histogram: { field: '@timestamp', fixed_interval: '60000ms', min_doc_count: 0, extended_bounds: { min: from, max: anchorMs }, format: 'epoch_millis' }, aggs: { level_0: { terms: { field: 'log.level', size: 20 } } } } },
    }).json;
    const buckets = r.aggregations?.volume?.buckets ?? [];
    expect(buckets.length).toBe(16);
    expect(buckets[0]?.key).toBe(from);
    expect(buckets[0]).toHaveProperty('key_as_string', String(from));
    const sum = buckets.reduce((n, b) => n + b.doc_count, 0);
    expect(sum).toBe(r.hits.total?.value);
    const levels = buckets.reduce((n, b) => n + (b.level_0 as { buckets: { doc_count: number }[] }).buckets.reduce((m, t) => m + t.doc_count, 0), 0);
    expect(levels).toBe(sum);
  });

  it('answers ES errors: index_not_found (404), malformed body (400)', () => {
    const missing = search({ size: 1 }, 'logs-missing');
    expect(missing.status).toBe(404);
    expect(missing.json.error?.type).toBe('index_not_found_exception');
    expect(missing.json.error?.reason).toBe('no such index [logs-missing]');
    const bad = esSearch(scenario, anchorMs, 'spine-logs*', '{"query": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { type: 'x_content_parse_exception' }, status: 400 });
    expect(search({ query: { nope: {} } }).json).toMatchObject({ error: { type: 'parsing_exception' }, status: 400 });
  });
});
