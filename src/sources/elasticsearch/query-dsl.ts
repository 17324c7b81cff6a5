/**
 * Query DSL builders. User text is only ever a JSON string value inside `match_phrase` or
 * `terms`: it never becomes query_string syntax, except in raw Lucene mode (`params.raw`), which
 * the user chose explicitly.
 */
import type { LogLevel } from '@/lib/model';
import { nsToIso } from '@/lib/nanotime';
import type { LogQueryParams, ResolvedRange } from '../source-adapter';
import type { EsFields } from './config';
import { levelAliases } from '@/lib/log-level';

type Json = Record<string, unknown>;
export type EsFilterParams = Pick<LogQueryParams, 'text' | 'raw' | 'services' | 'levels'>;

/** Keyword values are case-sensitive: `error`, `ERROR`, `Error` are all asked for. */
export function levelTerms(levels: readonly LogLevel[]): string[] {
  const values = levels
    .filter((l) => l !== 'unknown')
    .flatMap((l) => levelAliases(l))
    .flatMap((a) => [a, a.toUpperCase(), a.charAt(0).toUpperCase() + a.slice(1)]);
  return [...new Set(values)];
}

function anyField(fields: readonly string[], values: readonly string[]): Json {
  return { bool: { should: fields.map((f) => ({ terms: { [f]: [...values] } })), minimum_should_match: 1 } };
}

function levelClause(fields: EsFields, levels: readonly LogLevel[]): Json | null {
  if (levels.length === 0) return null;
  const should: Json[] = [];
  const terms = levelTerms(levels);
  if (terms.length > 0) should.push(...fields.level.map((f) => ({ terms: { [f]: terms } })));
  if (levels.includes('unknown')) {
    should.push({ bool: { must_not: fields.level.map((f) => ({ exists: { field: f } })) } });
    should.push(...fields.level.map((f) => ({ terms: { [f]: ['unknown', 'UNKNOWN'] } })));
  }
  return { bool: { should, minimum_should_match: 1 } };
}

/** `bool` with the time range, service/level terms, and the user's text as a phrase. */
export function buildQuery(fields: EsFields, params: EsFilterParams, range: ResolvedRange): Json {
  const filter: Json[] = [
    { range: { [fields.timestamp]: { gte: range.from, lte: range.to, format: 'epoch_millis' } } },
  ];
  if (params.services && params.services.length > 0) filter.push(anyField(fields.service, params.services));
  const level = levelClause(fields, params.levels ?? []);
  if (level) filter.push(level);
  const must: Json[] = [];
  const raw = params.raw?.trim();
  if (raw) must.push({ query_string: { query: raw, analyze_wildcard: true } });
  else if (params.text) must.push({ match_phrase: { [fields.message]: { query: params.text } } });
  return { bool: must.length > 0 ? { filter, must } : { filter } };
}

/**
 * Time desc (or asc) + a tiebreaker: `_doc` like Grafana, or `_shard_doc` inside an ES point in
 * time (unique across shards, so paging is exact). Sort values are passed back verbatim.
 */
export function buildSort(fields: EsFields, direction: 'backward' | 'forward', tiebreak: '_doc' | '_shard_doc' = '_doc'): Json[] {
  const order = direction === 'backward' ? 'desc' : 'asc';
  return [{ [fields.timestamp]: { order, unmapped_type: 'boolean' } }, { [tiebreak]: { order } }];
}

export interface LogsSearchOptions {
  limit: number;
  direction: 'backward' | 'forward';
  searchAfter?: readonly unknown[] | null;
  /** Search inside a point in time (`POST /_search` with `pit`, no index in the path). */
  pit?: { id: string; keepAlive: string; tiebreak: '_doc' | '_shard_doc' } | null;
  /** An exact lower bound (ns, inclusive) on the time field: `LogQueryParams.newerThan`. */
  sinceNs?: string | null;
}

export function buildLogsSearch(fields: EsFields, params: EsFilterParams, range: ResolvedRange, options: LogsSearchOptions): Json {
  const query = buildQuery(fields, params, range);
  // `range.from` has ms precision; the bound a refresh continues from is to the nanosecond.
  const since = options.sinceNs ? { range: { [fields.timestamp]: { gte: nsToIso(options.sinceNs), format: 'strict_date_optional_time_nanos' } } } : null;
  return {
    size: options.limit,
    track_total_hits: false,
    query: since ? { bool: { filter: [query, since] } } : query,
    sort: buildSort(fields, options.direction, options.pit?.tiebreak ?? '_doc'),
    // date_nanos precision for the timestamp, whatever the _source format is
    fields: [{ field: fields.timestamp, format: 'strict_date_optional_time_nanos' }],
    ...(options.searchAfter ? { search_after: [...options.searchAfter] } : {}),
    ...(options.pit ? { pit: { id: options.pit.id, keep_alive: options.pit.keepAlive } } : {}),
  };
}

export const VOLUME_AGG = 'volume';
export const levelAggName = (index: number) => `level_${index}`;

/** `date_histogram` on the time field, with one `terms` per level field (fallbacks). */
export function buildVolumeSearch(fields: EsFields, params: EsFilterParams, range: ResolvedRange, stepMs: number): Json {
  const levelAggs = Object.fromEntries(fields.level.map((f, i) => [levelAggName(i), { terms: { field: f, size: 20 } }]));
  return {
    size: 0,
    track_total_hits: false,
    query: buildQuery(fields, params, range),
    aggs: {
      [VOLUME_AGG]: {
        date_histogram: {
          field: fields.timestamp,
          fixed_interval: `${Math.max(1, Math.round(stepMs))}ms`,
          min_doc_count: 0,
          extended_bounds: { min: range.from, max: range.to },
          format: 'epoch_millis',
        },
        aggs: levelAggs,
      },
    },
  };
}

/** The `_msearch` header for one search against the configured index. */
export function msearchHeader(index: string): Json {
  return { index, ignore_unavailable: true };
}
