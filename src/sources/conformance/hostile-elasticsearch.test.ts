// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { BadResponse } from './hostile-corpus';
import { assertSane, GENERIC_CASES, outcomeOf } from './hostile-corpus';

const CONFIG = { baseUrl: '/proxy/elasticsearch', index: 'logs-*' };
const CAPS = ['logs', 'logVolume', 'testConnection'] as const;
const search = (hits: unknown, extra: object = {}) => JSON.stringify({ took: 1, timed_out: false, _shards: { total: 1, successful: 1, failed: 0 }, hits, ...extra });
const hit = (source: unknown, extra: object = {}) => ({ _index: 'logs-1', _id: '1', _score: null, _source: source, sort: [1795860000000, 1], ...extra });

/** Bad answers shaped like Elasticsearch / OpenSearch search, msearch and info responses. */
export const ES_CASES: BadResponse[] = [
  { name: 'hits null', body: search(null) },
  { name: 'hits.hits an object', body: search({ total: { value: 1, relation: 'eq' }, hits: { a: 1 } }) },
  { name: 'hits.total a string', body: search({ total: 'many', hits: [] }) },
  { name: '_source missing and null', body: search({ total: 2, hits: [{ _id: 'a' }, hit(null)] }) },
  { name: '@timestamp a number, invalid and absent', body: search({ total: 3, hits: [hit({ '@timestamp': 1795860000000, message: 'a' }), hit({ '@timestamp': 'nope', message: 'b' }), hit({ message: 'c' })] }) },
  { name: 'message as array and object', body: search({ total: 2, hits: [hit({ '@timestamp': '2026-11-28T09:59:00Z', message: ['a', 'b'] }), hit({ '@timestamp': '2026-11-28T09:59:00Z', message: { html: '<script>' } })] }) },
  { name: 'sort values with huge integers', body: `{"hits":{"total":1,"hits":[{"_id":"1","_source":{"message":"m"},"sort":[123456789012345678901234567890,-1e400]}]}}` },
  { name: '_shards failed with null failures and timed_out', body: search({ total: 0, hits: [] }, { timed_out: true, _shards: { total: 5, successful: 0, failed: 5, failures: null } }) },
  { name: 'msearch responses not an array', body: '{"took":1,"responses":{"0":{}}}' },
  { name: 'msearch item error inside 200', body: '{"took":1,"responses":[{"error":{"type":"index_not_found_exception","reason":"no such index [x]"},"status":404}]}' },
  { name: 'aggregation buckets as an object with NaN counts', body: search({ total: 0, hits: [] }, { aggregations: { '1': { buckets: { a: { key: 'x', doc_count: 'NaN' } } } } }) },
  { name: 'nested labels with __proto__', body: `{"hits":{"total":1,"hits":[{"_id":"1","_source":{"@timestamp":"2026-11-28T09:59:00Z","message":"m","labels":{"__proto__":{"polluted":"yes"}}}}]}}` },
  { name: 'flat and nested log.level disagree', body: search({ total: 1, hits: [hit({ '@timestamp': '2026-11-28T09:59:00Z', message: 'm', 'log.level': 7, log: { level: ['error'] } })] }) },
  { name: 'info without version', body: '{"name":"node","tagline":"You Know, for Search"}' },
  { name: 'info with distribution opensearch and number null', body: '{"version":{"distribution":"opensearch","number":null}}' },
];

describe('Elasticsearch adapter under hostile answers', () => {
  const cases = [...GENERIC_CASES, ...ES_CASES];
  it('has its share of the corpus', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, response) => {
    for (const cap of CAPS) {
      const outcome = await outcomeOf('elasticsearch', CONFIG, cap, response);
      expect(assertSane(outcome), cap).toBeNull();
    }
  });
});
