import { describe, expect, it } from 'vitest';
import { readTotal } from './api-schemas';
import itemError from './fixtures/msearch.response.item-error.json';
import object from './fixtures/search.hits-total-object.json';
import v6 from './fixtures/search.hits-total-number.v6.json';
import untracked from './fixtures/search.track_total_hits-false.json';
import gte from './fixtures/search.track_total_hits-gte.json';
import partialText from './fixtures/search.logs.partial-nanos.json?raw';
import { parseJsonLossless } from './json-lossless';
import { readMsearchResponse, readSearchResponse, requireSomeResults } from './search-response';

describe('reading search responses', () => {
  it.each([
    ['object total', object, { value: 20, relation: 'eq' }],
    ['6.x numeric total', v6, { value: 20, relation: 'eq' }],
    ['gte lower bound', gte, { value: 100, relation: 'gte' }],
    ['track_total_hits false', untracked, null],
  ])('%s', (_name, json, total) => {
    const { response, warnings } = readSearchResponse(json, 'es');
    expect(readTotal(response.hits?.total)).toEqual(total);
    expect(warnings).toEqual([]);
  });

  it('treats -1 as not tracked', () => {
    expect(readTotal(-1)).toBeNull();
  });

  it('keeps partial data and warns about failed shards and timeouts', () => {
    const { response, warnings } = readSearchResponse(parseJsonLossless(partialText), 'es');
    expect(response.hits?.hits).toHaveLength(3);
    expect(warnings).toEqual([
      '1 of 5 shards failed, results are partial: node_not_connected_exception: [n3] Node not connected',
      'The search timed out; results may be incomplete.',
    ]);
  });

  it('throws a typed parse error for a body that is not a search response', () => {
    expect(() => readSearchResponse({ hits: { hits: [{ nope: 1 }] } }, 'es')).toThrow(expect.objectContaining({ code: 'parse' }));
  });
});

describe('reading _msearch responses', () => {
  it('an item error inside HTTP 200 becomes a SourceError when every item failed', () => {
    const result = readMsearchResponse(itemError, 'es');
    expect(() => requireSomeResults(result)).toThrow(
      expect.objectContaining({ code: 'http', status: 503, hint: expect.stringMatching(/larger histogram step/) }),
    );
  });

  it('a failed item next to good ones becomes a warning', () => {
    const mixed = { responses: [{ ...object, status: 200 }, itemError.responses[0]] };
    const { results, warnings } = requireSomeResults(readMsearchResponse(mixed, 'es'));
    expect(results[0]?.response.hits?.hits).toHaveLength(1);
    expect(results[1]).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/^Search 2 of 2 failed: Search failed/)]);
  });
});
