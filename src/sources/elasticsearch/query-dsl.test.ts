import { describe, expect, it } from 'vitest';
import { esConfigSchema } from './config';
import { buildLogsSearch, buildQuery, buildSort, buildVolumeSearch, levelTerms } from './query-dsl';

const { fields } = esConfigSchema.parse({ baseUrl: '/proxy/es' });
const range = { from: 1668422437218, to: 1668422625668 };

const NASTY = [
  'say "hi"',
  'C:\\temp\\new',
  'back`tick`',
  'a OR b AND NOT c',
  'level:error AND service.name:*',
  '{"query":{"match_all":{}}}',
  '(a) [b] {c} ^d ~e *f ?g /h/ +i -j !k &&l ||m <n> =o',
  'line1\nline2',
  '"} } ] , "must_not": [',
];

describe('ES query DSL', () => {
  it.each(NASTY)('user text %j is one match_phrase value, never query syntax', (text) => {
    const query = buildQuery(fields, { text }, range);
    expect(query).toEqual({
      bool: {
        filter: [{ range: { '@timestamp': { gte: range.from, lte: range.to, format: 'epoch_millis' } } }],
        must: [{ match_phrase: { message: { query: text } } }],
      },
    });
    // and it survives serialisation unchanged
    const roundTrip = JSON.parse(JSON.stringify(query)) as typeof query;
    expect(roundTrip).toEqual(query);
    expect(JSON.stringify(query)).not.toContain('query_string');
  });

  it.each(NASTY)('service %j is one terms value per fallback field', (service) => {
    const query = buildQuery(fields, { services: [service] }, range) as { bool: { filter: unknown[] } };
    expect(query.bool.filter[1]).toEqual({
      bool: {
        should: [{ terms: { 'service.name': [service] } }, { terms: { service: [service] } }, { terms: { 'container.name': [service] } }],
        minimum_should_match: 1,
      },
    });
  });

  it('uses query_string only in raw Lucene mode', () => {
    const query = buildQuery(fields, { raw: 'log.level:error AND service.name:"checkout"', text: 'ignored' }, range);
    expect(query).toMatchObject({ bool: { must: [{ query_string: { query: 'log.level:error AND service.name:"checkout"', analyze_wildcard: true } }] } });
  });

  it('filters levels across the fallback fields, in every case spelling', () => {
    expect(levelTerms(['warning'])).toEqual(['warning', 'WARNING', 'Warning', 'warn', 'WARN', 'Warn', 'wrn', 'WRN', 'Wrn']);
    const query = buildQuery(fields, { levels: ['error', 'unknown'] }, range) as { bool: { filter: Array<{ bool?: { should: unknown[] } }> } };
    const should = query.bool.filter[1]?.bool?.should ?? [];
    expect(should[0]).toMatchObject({ terms: { 'log.level': expect.arrayContaining(['error', 'ERROR', 'err']) } });
    expect(should[1]).toMatchObject({ terms: { level: expect.arrayContaining(['Error']) } });
    expect(should[2]).toEqual({ bool: { must_not: [{ exists: { field: 'log.level' } }, { exists: { field: 'level' } }] } });
  });

  it('sorts by time desc with a _doc tiebreaker and pages with search_after verbatim', () => {
    expect(buildSort(fields, 'backward')).toEqual([
      { '@timestamp': { order: 'desc', unmapped_type: 'boolean' } },
      { _doc: { order: 'desc' } },
    ]);
    const body = buildLogsSearch(fields, {}, range, { limit: 100, direction: 'forward', searchAfter: ['1723713704123456789', 17] });
    expect(body).toMatchObject({
      size: 100,
      track_total_hits: false,
      sort: [{ '@timestamp': { order: 'asc' } }, { _doc: { order: 'asc' } }],
      search_after: ['1723713704123456789', 17],
      fields: [{ field: '@timestamp', format: 'strict_date_optional_time_nanos' }],
    });
    expect(buildLogsSearch(fields, {}, range, { limit: 1, direction: 'backward' })).not.toHaveProperty('search_after');
  });

  it('builds the volume search: date_histogram with terms per level field', () => {
    const body = buildVolumeSearch(fields, {}, range, 60_000);
    expect(body).toEqual({
      size: 0,
      track_total_hits: false,
      query: buildQuery(fields, {}, range),
      aggs: {
        volume: {
          date_histogram: {
            field: '@timestamp',
            fixed_interval: '60000ms',
            min_doc_count: 0,
            extended_bounds: { min: range.from, max: range.to },
            format: 'epoch_millis',
          },
          aggs: { level_0: { terms: { field: 'log.level', size: 20 } }, level_1: { terms: { field: 'level', size: 20 } } },
        },
      },
    });
  });
});
