import { describe, expect, it } from 'vitest';
import rejected from './fixtures/search.error.es_rejected_execution.429.json';
import notFound from './fixtures/search.error.index_not_found.json';
import phase from './fixtures/search.error.search_phase_execution.json';
import security from './fixtures/search.error.security_exception.401.json';
import itemError from './fixtures/msearch.response.item-error.json';
import { improveEsError } from './improve-error';

describe('improveEsError', () => {
  it('index_not_found → check ELASTICSEARCH_INDEX', () => {
    expect(improveEsError(notFound, 404)).toEqual({
      message: 'No such index: logs-missing',
      hint: expect.stringContaining('ELASTICSEARCH_INDEX'),
    });
  });

  it('security_exception → check ELASTICSEARCH_AUTH (401 and 403)', () => {
    expect(improveEsError(security, 401)).toMatchObject({
      message: expect.stringMatching(/^security_exception: missing authentication credentials/),
      hint: expect.stringContaining('ELASTICSEARCH_AUTH'),
    });
    const forbidden = { error: { type: 'security_exception', reason: 'action [indices:data/read/search] is unauthorized for user [x]' }, status: 403 };
    expect(improveEsError(forbidden, 403).hint).toMatch(/read access/);
  });

  it('es_rejected_execution (429) → overloaded, clipped to one line', () => {
    const improved = improveEsError(rejected, 429);
    expect(improved.hint).toMatch(/overloaded/);
    expect(improved.message.length).toBeLessThanOrEqual(240);
  });

  it('search_phase_execution → names the root cause', () => {
    expect(improveEsError(phase, 400)).toEqual({
      message: 'Search failed (all shards failed): parsing_exception: foobar (line 1, col 2)',
      hint: expect.stringMatching(/Lucene query syntax/),
    });
    expect(improveEsError(itemError.responses[0], 503)).toEqual({
      message: expect.stringMatching(/too_many_buckets_exception: Trying to create too many buckets/),
      hint: expect.stringMatching(/larger histogram step/),
    });
  });

  it('illegal_argument on a text field → keyword hint', () => {
    const body = {
      error: {
        root_cause: [{ type: 'illegal_argument_exception', reason: 'Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead.' }],
        type: 'search_phase_execution_exception',
        reason: 'all shards failed',
      },
      status: 400,
    };
    expect(improveEsError(body, 400).hint).toMatch(/keyword fields.*level\.keyword/);
  });

  it('tolerates string errors, plain text and HTML', () => {
    expect(improveEsError({ error: 'No ElasticsearchException found', status: 400 })).toMatchObject({
      message: 'Elasticsearch error: No ElasticsearchException found',
    });
    expect(improveEsError('Unauthorized', 401)).toMatchObject({ message: 'Elasticsearch error: Unauthorized', hint: expect.stringMatching(/ELASTICSEARCH_AUTH/) });
    const html = improveEsError('<html><body><h1>504 Gateway Time-out</h1></body></html>', 504);
    expect(html.message).toBe('The gateway/proxy in front of Elasticsearch failed (HTTP 504).');
    expect(improveEsError('{"error":{"type":"x","reason":"y"},"status":500}').message).toBe('x: y');
  });
});
