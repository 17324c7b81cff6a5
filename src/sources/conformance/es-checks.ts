/** Classification and checks for every file in shared/fixtures/upstream/elasticsearch. */
import { expect } from 'vitest';
import { isNanoString } from '@/lib/nanotime';
import type { EsHit } from '../elasticsearch/api-schemas';
import { createEsClient, toNdjson } from '../elasticsearch/client';
import { esConfigSchema } from '../elasticsearch/config';
import { parseJsonLossless } from '../elasticsearch/json-lossless';
import { buildLogsSearch, buildQuery, buildVolumeSearch, msearchHeader } from '../elasticsearch/query-dsl';
import { readPitId } from '../elasticsearch/pit';
import { readMsearchResponse, readSearchResponse, requireSomeResults } from '../elasticsearch/search-response';
import { esTestConnection } from '../elasticsearch/test-connection';
import { toLogEntries, toLogEntry } from '../elasticsearch/to-log-entries';
import { toLogVolume } from '../elasticsearch/to-log-volume';
import { deps, expectSourceError, expectedCode, parse, replayFetch, signal, type FixtureTable } from './fixture-check';

const config = esConfigSchema.parse({ baseUrl: '/proxy/es' });
const { fields } = config;
const range = { from: 1668422437218, to: 1668422625668 };
type Json = Record<string, unknown>;

function hitsResponse(expectTime?: string) {
  return (text: string) => {
    const { response } = readSearchResponse(parseJsonLossless(text), 'c');
    const hits = response.hits?.hits ?? [];
    const entries = toLogEntries(hits, fields);
    expect(entries).toHaveLength(hits.length);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.every((e) => isNanoString(e.timeNs))).toBe(true);
    if (expectTime) expect(entries[0]?.timeNs).toBe(expectTime);
  };
}

function envelopeOnly(text: string): void {
  expect(() => readSearchResponse(parseJsonLossless(text), 'c')).not.toThrow();
}

function histogram(aggName: string) {
  return (text: string) => {
    const { response } = readSearchResponse(parseJsonLossless(text), 'c');
    const buckets = toLogVolume(response.aggregations, aggName) ?? [];
    const raw = (response.aggregations?.[aggName] as { buckets: Array<{ doc_count: number }> }).buckets;
    expect(buckets.map((b) => b.counts.unknown ?? 0)).toEqual(raw.map((b) => b.doc_count));
  };
}

function hit(level: string, service: string) {
  return (text: string) => {
    const entry = toLogEntry(parse(text) as EsHit, fields);
    expect(entry).toMatchObject({ level, service, timeNs: '1723713704123000000' });
  };
}

function errorBody(hint: RegExp) {
  return async (text: string) => {
    const body = parse(text) as { status: number };
    const response = { status: body.status, headers: { 'Content-Type': 'application/json' }, body: text };
    const client = createEsClient(config, deps(replayFetch({ response })));
    const error = await expectSourceError(() => client.search({}, signal()), expectedCode(body.status), hint);
    expect(error.status).toBe(body.status);
  };
}

function info(message: RegExp) {
  return async (text: string) => {
    const client = createEsClient(config, deps(replayFetch({ response: { status: 200, body: text } })));
    const result = await esTestConnection(client, { signal: signal() });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(message);
  };
}

function shape(keys: string[]) {
  return (text: string) => {
    const json = parse(text) as Json;
    for (const key of keys) expect(json).toHaveProperty(key);
  };
}

const ndjsonLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);

/** Our logs body has the same skeleton as Grafana's logs query (time field `testtime`). */
function grafanaLogsRequest(text: string): void {
  const theirs = parse(text) as Json;
  const ourFields = { ...fields, timestamp: 'testtime' };
  const ours = buildLogsSearch(ourFields, {}, range, { limit: 500, direction: 'backward' });
  const theirSort = theirs.sort as Json;
  expect(ours.sort).toEqual(Object.entries(theirSort).map(([k, v]) => ({ [k]: v })));
  expect(ours.fields).toEqual(theirs.fields);
  expect(ours.size).toBe(theirs.size);
  const theirRange = ((theirs.query as Json).bool as { filter: { range: Json } }).filter.range;
  const ourRange = ((ours.query as Json).bool as { filter: Array<{ range?: Json }> }).filter[0]?.range;
  expect(ourRange).toEqual(theirRange);
}

function grafanaMsearch(text: string): void {
  const [header, body] = ndjsonLines(text) as [Json, Json];
  expect(Object.keys(header)).toEqual(expect.arrayContaining(Object.keys(msearchHeader('filebeat-*'))));
  const ours = buildLogsSearch(fields, { raw: 'log.level:error AND service.name:"checkout"' }, range, { limit: 500, direction: 'backward' });
  expect(ours.sort).toEqual(body.sort);
  const theirFilter = ((body.query as Json).bool as { filter: Json[] }).filter;
  const ourBool = (ours.query as Json).bool as { filter: Json[]; must: Json[] };
  expect(ourBool.filter[0]).toEqual(theirFilter[0]);
  expect(ourBool.must[0]).toEqual(theirFilter[1]); // raw Lucene mode only; plain text is match_phrase
  const ourHistogram = ((buildVolumeSearch(fields, {}, range, 1000).aggs as Json).volume as Json).date_histogram;
  expect(ourHistogram).toEqual(((body.aggs as Json)['1'] as Json).date_histogram);
}

export const esFixtureTable: FixtureTable = {
  'search.hits-total-object.json': { kind: 'response', why: 'hits.total object; zone-less @timestamp = UTC', check: hitsResponse('4098435132000000000') },
  'search.hits-total-number.v6.json': { kind: 'response', why: '6.x numeric total, _type', check: hitsResponse('4098435132000000000') },
  'search.track_total_hits-false.json': { kind: 'response', why: 'no hits.total', check: hitsResponse() },
  'search.track_total_hits-gte.json': { kind: 'response', why: 'relation gte', check: hitsResponse() },
  'search.size0-terminated-early.json': { kind: 'response', why: 'size 0, terminated_early', check: hitsResponse() },
  'search.pit-search_after.response.json': { kind: 'response', why: 'per-hit sort (epoch ms)', check: hitsResponse('4098435132000000000') },
  'search.ignored-field-values.response.json': { kind: 'response', why: 'fields only, _ignored', check: hitsResponse() },
  'search.fields.response.json': { kind: 'response', why: 'fields epoch_millis string', check: hitsResponse('4098435132000000000') },
  'filebeat8.container.search-hit.json': { kind: 'response', why: 'raw JSON line in message', check: hit('error', 'checkout-1') },
  'filebeat8.container.ecs-decoded.search-hit.json': { kind: 'response', why: 'ECS decoded hit + fields', check: hit('error', 'checkout') },
  'msearch.response.logs.json': {
    kind: 'response',
    why: '_msearch logs item (Grafana field names)',
    check: (text) => {
      const { results, warnings } = requireSomeResults(readMsearchResponse(parseJsonLossless(text), 'c'));
      const hits = results[0]?.response.hits?.hits ?? [];
      const entries = toLogEntries(hits, { ...fields, timestamp: 'testtime', message: 'line', level: ['lvl'] });
      expect(warnings).toEqual([]);
      expect(entries[0]).toMatchObject({ message: 'log text  [106619125]', level: 'info', timeNs: '1675953601475000000' });
    },
  },
  'msearch.response.terms-date_histogram.json': {
    kind: 'response',
    why: '_msearch terms > date_histogram (ms keys)',
    check: (text) => {
      const { results } = requireSomeResults(readMsearchResponse(parseJsonLossless(text), 'c'));
      const terms = results[0]?.response.aggregations?.['3'] as { buckets: Json[] };
      for (const bucket of terms.buckets) expect(toLogVolume(bucket, '2')?.[0]?.at).toBe(1668422400123);
    },
  },
  'msearch.response.item-error.json': {
    kind: 'error',
    why: 'item error inside HTTP 200',
    check: async (text) => {
      await expectSourceError(async () => requireSomeResults(readMsearchResponse(parse(text), 'c')), 'http', /histogram step/);
    },
  },
  'search.aggs.date_histogram.response.json': { kind: 'response', why: 'date_histogram buckets', check: histogram('sales_over_time') },
  'search.aggs.date_histogram.time_zone.response.json': { kind: 'response', why: 'time_zone keys', check: histogram('by_day') },
  'search.aggs.terms.response.json': { kind: 'out-of-scope', why: 'terms alone (we nest it)', check: envelopeOnly },
  'search.aggs.filters.response.json': { kind: 'out-of-scope', why: 'filters agg not requested', check: envelopeOnly },
  'search.aggs.min.response.json': { kind: 'out-of-scope', why: 'min agg not requested', check: envelopeOnly },
  'search.aggs.min-max.date.response.json': { kind: 'out-of-scope', why: 'min/max not requested', check: envelopeOnly },
  'search.aggs.categorize_text.response.json': { kind: 'out-of-scope', why: 'categorize_text not used', check: envelopeOnly },
  'search.aggs.categorize_text.v8.0.response.json': { kind: 'out-of-scope', why: 'categorize_text not used', check: envelopeOnly },
  'search.aggs.categorize_text.daily.response.json': { kind: 'out-of-scope', why: 'categorize_text not used', check: envelopeOnly },
  'search.error.detailed-errors-disabled.json': { kind: 'error', why: 'error as a string', check: errorBody(/query/) },
  'search.error.es_rejected_execution.429.json': { kind: 'error', why: '429 thread pool', check: errorBody(/overloaded/) },
  'search.error.illegal_argument.json': { kind: 'error', why: '400 illegal_argument', check: errorBody(/rejected the request/) },
  'search.error.illegal_argument.error_trace.json': { kind: 'error', why: '400 with stack traces', check: errorBody(/rejected the request/) },
  'search.error.index_not_found.json': { kind: 'error', why: '404', check: errorBody(/ELASTICSEARCH_INDEX/) },
  'search.error.missing-agg-field.json': { kind: 'error', why: '400 agg field', check: errorBody(/field names/) },
  'search.error.search_phase_execution.json': { kind: 'error', why: 'root_cause parsing_exception', check: errorBody(/Lucene/) },
  'search.error.security_exception.401.json': { kind: 'error', why: '401', check: errorBody(/ELASTICSEARCH_AUTH/) },
  'search.error.x_content_parse.json': { kind: 'error', why: '400 bad fixed_interval', check: errorBody(/rejected the request/) },
  'info.elasticsearch-9.json': { kind: 'response', why: 'testConnection ES', check: info(/Elasticsearch 9\.1\.0.*\(_pit\)/) },
  'info.opensearch-2.10.json': { kind: 'response', why: 'testConnection OpenSearch', check: info(/OpenSearch 2\.10\.0.*point_in_time/) },
  'cluster_health.json': { kind: 'out-of-scope', why: '_cluster/health not called', check: shape(['status', 'cluster_name']) },
  'cluster_health.opensearch.json': { kind: 'out-of-scope', why: '_cluster/health not called', check: shape(['status', 'discovered_cluster_manager']) },
  'pit.open.response.json': { kind: 'response', why: 'logs: ES PIT open → id kept in the cursor', check: (text) => expect(readPitId(parse(text), 'c')).toBe((parse(text) as { id: string }).id) },
  'pit.open.opensearch.response.json': { kind: 'response', why: 'logs: OpenSearch PIT open → pit_id kept in the cursor', check: (text) => expect(readPitId(parse(text), 'c')).toBe((parse(text) as { pit_id: string }).pit_id) },
  'grafana.logs-query.request.json': { kind: 'request', why: 'logs body skeleton', check: grafanaLogsRequest },
  'grafana.msearch-header.json': {
    kind: 'request',
    why: 'msearch header keys',
    check: (text) => expect(Object.keys(parse(text) as Json)).toEqual(expect.arrayContaining(Object.keys(msearchHeader('x')))),
  },
  'msearch.request.grafana-logs.ndjson': { kind: 'request', why: 'raw-mode query_string, sort, histogram', check: grafanaMsearch },
  'msearch.request.ndjson': {
    kind: 'request',
    why: 'NDJSON pairs + final newline',
    check: (text) => {
      const lines = ndjsonLines(text);
      const pairs = Array.from({ length: lines.length / 2 }, (_, i) => [lines[2 * i] as Json, lines[2 * i + 1] as Json] as const);
      const ours = toNdjson(pairs);
      expect(ours.endsWith('\n')).toBe(true);
      expect(text.endsWith('\n')).toBe(true);
      expect(ndjsonLines(ours)).toEqual(lines);
    },
  },
  'search.pit-search_after.request.json': {
    kind: 'request',
    why: 'sort + search_after pairing',
    check: (text) => {
      const theirs = parse(text) as { sort: unknown[]; search_after: unknown[] };
      const ours = buildLogsSearch(fields, {}, range, { limit: 10, direction: 'forward', searchAfter: theirs.search_after });
      expect(ours.search_after).toEqual(theirs.search_after);
      expect((ours.sort as unknown[]).length).toBe(theirs.sort.length);
    },
  },
  'search.request.pit.json': {
    kind: 'request',
    why: 'PIT body: ours has the same pit {id, keep_alive} shape',
    check: (text) => {
      const upstream = parse(text) as { pit: Record<string, unknown> };
      const ours = buildLogsSearch(esConfigSchema.parse({ baseUrl: '/es' }).fields, {}, { from: 0, to: 1 }, { limit: 10, direction: 'backward', pit: { id: 'x', keepAlive: '1m', tiebreak: '_shard_doc' } }) as { pit: Record<string, unknown> };
      expect(Object.keys(ours.pit).sort()).toEqual(Object.keys(upstream.pit).sort());
      expect(ours.pit.keep_alive).toBe(upstream.pit.keep_alive);
    },
  },
  'search.fields.request.json': {
    kind: 'request',
    why: 'fields [{field, format}] entries',
    check: (text) => {
      const theirs = (parse(text) as { fields: unknown[] }).fields.find((f) => typeof f === 'object') as Json;
      const ours = (buildLogsSearch(fields, {}, range, { limit: 1, direction: 'backward' }).fields as Json[])[0] as Json;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    },
  },
  'search.sort-date-format.request.json': {
    kind: 'request',
    why: 'sort {field: {…}} objects (we do not set format; big ints parsed losslessly instead)',
    check: (text) => {
      const theirs = (parse(text) as { sort: Json[] }).sort[0] as Json;
      const ours = buildLogsSearch(fields, {}, range, { limit: 1, direction: 'backward' }).sort as Json[];
      expect(typeof Object.values(theirs)[0]).toBe(typeof Object.values(ours[0] as Json)[0]);
    },
  },
  'search.request.term.json': {
    kind: 'request',
    why: 'field → value nesting, as in our terms filters',
    check: (text) => {
      const term = ((parse(text) as Json).query as Json).term as Json;
      const ours = ((buildQuery({ ...fields, service: ['user.id'] }, { services: ['kimchy'] }, range).bool as { filter: Json[] }).filter[1] as {
        bool: { should: Array<{ terms: Json }> };
      }).bool.should[0]?.terms;
      expect(Object.keys(ours ?? {})).toEqual(Object.keys(term));
      expect((ours?.['user.id'] as string[])[0]).toBe(term['user.id']);
    },
  },
  'search.aggs.date_histogram.fixed_interval.request.json': {
    kind: 'request',
    why: 'date_histogram fixed_interval',
    check: (text) => {
      const theirs = ((parse(text) as { aggs: Record<string, { date_histogram: Json }> }).aggs.sales_over_time as { date_histogram: Json }).date_histogram;
      const ours = ((buildVolumeSearch(fields, {}, range, 1000).aggs as Json).volume as { date_histogram: Json }).date_histogram;
      expect(Object.keys(ours)).toEqual(expect.arrayContaining(Object.keys(theirs)));
    },
  },
  'search.aggs.categorize_text.daily.request.json': { kind: 'request', why: 'categorize_text (not used)', check: shape(['aggs.daily.date_histogram']) },
};
