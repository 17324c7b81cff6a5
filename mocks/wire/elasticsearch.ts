/**
 * Renders the simulator's logs as Elasticsearch 8 `_search` responses (notes B.1-B.4). One
 * document per event (Filebeat multiline merged the traceback), ECS fields as nested objects,
 * daily indices `spine-logs-YYYY.MM.DD`, `@timestamp` mapped as `date_nanos`: sort values are ns
 * longs (raw JSON integers beyond 2^53), so bodies are serialised/parsed losslessly here.
 */
import { fnv1a32 } from '@/lib/fnv';
import type { Scenario, SimLogEvent } from '../scenario';
import type { DocGroup } from './es-aggs';
import { docGroup, runAggs } from './es-aggs';
import { countableAggs, countDocs, withoutTime } from './es-count';
import type { Pred, TimeBounds } from './es-query';
import { compileQuery, dateSpan, EsError, fieldValue, HOST_NAME } from './es-query';
import { isoFromNs, msOfNs, streamOf, walkEvents } from './log-events';

export { EsError } from './es-query';
type Json = Record<string, unknown>;
export interface EsReply {
  status: number;
  /** JSON text (ns sort values are written as exact integer literals). */
  body: string;
}

export const ES_VERSION = '8.13.0';
export const INDEX_PREFIX = 'spine-logs-';
export const RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
const MAX_RESULT_WINDOW = 10_000;

// ---- lossless JSON ---------------------------------------------------------------------------
const BIG = '\u0000big:';
export function stringifyLossless(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${BIG}${v.toString()}` : v)).replace(/"\\u0000big:(-?\d+)"/g, '$1');
}
/** JSON.parse, except integer literals beyond 2^53 become BigInt (search_after of date_nanos). */
export function parseLossless(text: string): unknown {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
      const lit = m?.[0] ?? c;
      if (m && !m[1] && !m[2] && !Number.isSafeInteger(Number(lit))) {
        out += `${text.slice(last, i)}"\\u0000big:${lit}"`;
        last = i + lit.length;
      }
      i += lit.length - 1;
    }
  }
  return JSON.parse(out + text.slice(last), (_k, v: unknown) => (typeof v === 'string' && v.startsWith(BIG) ? BigInt(v.slice(BIG.length)) : v));
}

// ---- documents -------------------------------------------------------------------------------
const dayName = (ms: number) => `${INDEX_PREFIX}${new Date(ms).toISOString().slice(0, 10).replace(/-/g, '.')}`;
export const indexOf = (e: SimLogEvent) => dayName(msOfNs(e.tsNs));

/** Deterministic 20-char base64url id, like an auto-generated ES `_id`. */
export function docId(e: SimLogEvent): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let h1 = fnv1a32(`${e.tsNs}|${e.service}`);
  let h2 = fnv1a32(`${e.service}|${e.tsNs}`, 0x12345679);
  let id = '';
  for (let i = 0; i < 20; i++) {
    id += abc[(i % 2 === 0 ? h1 : h2) & 63];
    if (i % 2 === 0) h1 = Math.imul(h1 ^ (h1 >>> 6), 0x9e3779b1) >>> 0;
    else h2 = Math.imul(h2 ^ (h2 >>> 6), 0x85ebca6b) >>> 0;
  }
  return id;
}

/** Lucene-ish doc number: increasing with time inside a daily index, fits an int. */
export function docNumber(e: SimLogEvent): number {
  const ms = msOfNs(e.tsNs);
  return (ms - Math.floor(ms / DAY_MS) * DAY_MS) * 20 + Math.floor(Number(e.tsNs.slice(-6)) / 50_000);
}

/** The `_source` Filebeat (container input + ECS decoding, multiline merged) would index. */
export function esSource(e: SimLogEvent): Json {
  return {
    '@timestamp': isoFromNs(e.tsNs, 9),
    message: e.lines.join('\n'),
    log: { level: e.level.toLowerCase(), logger: e.logger },
    service: { name: e.service },
    ...(e.exception ? { error: { type: e.exception.type, message: e.exception.message, stack_trace: e.exception.traceback.join('\n') } } : {}),
    stream: streamOf(e),
    container: { name: e.service, image: { name: `spine/${e.service}:latest` } },
    input: { type: 'container' },
    host: { name: HOST_NAME },
    agent: { type: 'filebeat', version: ES_VERSION },
    ecs: { version: '8.0.0' },
  };
}

// ---- index resolution ------------------------------------------------------------------------
/** Days (start ms) of the existing daily indices that `expr` selects; 404 for a missing concrete index. */
export function resolveIndices(expr: string, nowMs: number): number[] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const days = Array.from({ length: RETENTION_DAYS }, (_, i) => today - (RETENTION_DAYS - 1 - i) * DAY_MS);
  const selected = new Set<number>();
  for (const raw of expr.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (raw === '_all' || raw === '*' || raw === 'spine-logs') {
      days.forEach((d) => selected.add(d));
      continue;
    }
    if (raw.includes('*')) {
      const re = new RegExp(`^${raw.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      days.filter((d) => re.test(dayName(d))).forEach((d) => selected.add(d));
      continue;
    }
    const day = days.find((d) => dayName(d) === raw);
    if (day === undefined) {
      throw new EsError(404, 'index_not_found_exception', `no such index [${raw}]`, { 'resource.type': 'index_or_alias', 'resource.id': raw, index_uuid: '_na_', index: raw });
    }
    selected.add(day);
  }
  return [...selected].sort((a, b) => a - b);
}

// ---- sort ------------------------------------------------------------------------------------
interface SortKey {
  field: string;
  desc: boolean;
  format: string | undefined;
  numericType: string | undefined;
}
type SortValue = bigint | number | string | null;

function parseSort(sort: unknown): SortKey[] {
  const items = sort === undefined ? [] : Array.isArray(sort) ? sort : [sort];
  return items.map((item): SortKey => {
    if (typeof item === 'string') return { field: item, desc: item === '_score', format: undefined, numericType: undefined };
    const [field, spec] = Object.entries(item as Json)[0] ?? ['_score', {}];
    const s = typeof spec === 'string' ? { order: spec } : ((spec ?? {}) as Json);
    const order = String(s.order ?? (field === '_score' ? 'desc' : 'asc')).toLowerCase();
    return { field, desc: order === 'desc', format: typeof s.format === 'string' ? s.format : undefined, numericType: typeof s.numeric_type === 'string' ? s.numeric_type : undefined };
  });
}

function sortValue(e: SimLogEvent, key: SortKey): SortValue {
  if (key.field === '@timestamp') return BigInt(e.tsNs);
  if (key.field === '_doc' || key.field === '_shard_doc') return docNumber(e);
  if (key.field === '_score') return null;
  return fieldValue(e, key.field) ?? null;
}

/** The value ES echoes in `hit.sort`: ns long for date_nanos unless a format / numeric_type asks otherwise. */
function echo(v: SortValue, key: SortKey): unknown {
  if (key.field !== '@timestamp' || typeof v !== 'bigint') return v;
  if (key.numericType === 'date' || key.numericType === 'date_nanos') return key.numericType === 'date' ? Number(v / 1_000_000n) : v;
  if (key.format === 'epoch_millis') return String(v / 1_000_000n);
  if (key.format) return isoFromNs(v);
  return v;
}

/** A search_after value back to the comparable form of its sort key. */
function fromSearchAfter(v: unknown, key: SortKey, nowMs: number): SortValue {
  if (key.field === '@timestamp') {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number') return key.numericType === 'date' ? BigInt(v) * 1_000_000n : BigInt(Math.trunc(v));
    return dateSpan(v, key.format, nowMs)[0];
  }
  return v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'bigint' ? Number(v) : String(v);
}

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1; // missing values sort last
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function compareBy(keys: SortKey[], a: SortValue[], b: SortValue[]): number {
  for (let i = 0; i < keys.length; i++) {
    const c = compare(a[i] ?? null, b[i] ?? null);
    if (c !== 0) return keys[i]?.desc ? -c : c;
  }
  return 0;
}

// ---- search ----------------------------------------------------------------------------------
const num = (v: unknown, name: string, dflt: number): number => {
  if (v === undefined || v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new EsError(400, 'illegal_argument_exception', `Failed to parse int parameter [${name}] with value [${String(v)}]`);
  return n;
};

/** `render`: never take the counting path (tests and benchmarks compare the two). */
export function esSearch(scenario: Scenario, nowMs: number, indexExpr: string, bodyText: string, opts: { render?: boolean } = {}): EsReply {
  try {
    return { status: 200, body: stringifyLossless(search(scenario, nowMs, indexExpr, bodyText, opts.render ?? false)) };
  } catch (error) {
    if (error instanceof EsError) return esErrorReply(error);
    throw error;
  }
}

export function esErrorReply(error: EsError): EsReply {
  const cause = { type: error.type, reason: error.reason, ...error.extra };
  return { status: error.status, body: JSON.stringify({ error: { root_cause: [cause], ...cause }, status: error.status }) };
}

function parseBody(bodyText: string): Json {
  if (bodyText.trim() === '') return {};
  let body: unknown;
  try {
    body = parseLossless(bodyText);
  } catch (error) {
    throw new EsError(400, 'x_content_parse_exception', `[1:1] Unexpected character: ${(error as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new EsError(400, 'parsing_exception', 'Unknown key for a START_ARRAY in [null].', { line: 1, col: 1 });
  return body as Json;
}

function search(scenario: Scenario, nowMs: number, indexExpr: string, bodyText: string, render: boolean): Json {
  const started = Date.now();
  const body = parseBody(bodyText);
  const days = resolveIndices(indexExpr, nowMs);
  const size = num(body.size, 'size', 10);
  const from = num(body.from, 'from', 0);
  if (from + size > MAX_RESULT_WINDOW) {
    throw new EsError(400, 'illegal_argument_exception', `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`);
  }
  const tth = body.track_total_hits;
  const cap = tth === true ? Number.POSITIVE_INFINITY : tth === false ? 0 : typeof tth === 'number' ? tth : MAX_RESULT_WINDOW;
  const bounds: TimeBounds = { from: null, to: null };
  const pred: Pred = compileQuery(body.query, nowMs, bounds);
  const keys = parseSort(body.sort);
  const aggs = body.aggs ?? body.aggregations;
  const aggSpec = aggs && typeof aggs === 'object' ? (aggs as Json) : null;
  const sa = Array.isArray(body.search_after) ? body.search_after : null;
  if (sa && sa.length !== keys.length) throw new EsError(400, 'illegal_argument_exception', `search_after has ${sa.length} value(s) but sort has ${keys.length}.`);
  const after = sa ? sa.map((v, i) => fromSearchAfter(v, keys[i] as SortKey, nowMs)) : null;
  const timeFirst = keys.length === 0 || keys[0]?.field === '@timestamp';
  const direction = keys[0]?.field === '@timestamp' && keys[0].desc ? 'backward' : 'forward';

  // Walk only what can match: the indices, the query's time bounds, and (when nothing needs the
  // documents before the cursor) the search_after boundary.
  let fromMs = days.length ? (days[0] as number) : 0;
  let toMs = days.length ? Math.min(nowMs, (days[days.length - 1] as number) + DAY_MS - 1) : -1;
  if (bounds.from !== null) fromMs = Math.max(fromMs, Number(bounds.from / 1_000_000n));
  if (bounds.to !== null) toMs = Math.min(toMs, Number(bounds.to / 1_000_000n));
  const a0 = after?.[0];
  if (typeof a0 === 'bigint' && keys[0]?.field === '@timestamp' && cap === 0 && !aggSpec) {
    if (direction === 'backward') toMs = Math.min(toMs, Number(a0 / 1_000_000n));
    else fromMs = Math.max(fromMs, Number(a0 / 1_000_000n));
  }
  const daySet = new Set(days);
  const need = from + size;
  const hits: Array<{ e: SimLogEvent; sv: SortValue[] }> = [];
  let aggDocs: DocGroup[] = [];
  let total = 0;
  // Counting path: no hits wanted, and nothing read but the fields service and level decide.
  const shapeQuery = size === 0 && !render ? withoutTime(body.query) : null;
  const histogramKeys = shapeQuery !== null ? countableAggs(aggSpec) : null;
  if (shapeQuery !== null && histogramKeys !== null) {
    ({ groups: aggDocs, total } = countDocs(scenario, shapeQuery, histogramKeys, { fromMs, toMs, days: daySet, bounds }));
  } else walkEvents(scenario, fromMs, toMs, direction, (e) => {
    if (!daySet.has(Math.floor(msOfNs(e.tsNs) / DAY_MS) * DAY_MS) || !pred(e)) return true;
    total++;
    if (aggSpec) aggDocs.push(docGroup(e));
    const sv = keys.map((k) => sortValue(e, k));
    if (!after || compareBy(keys, sv, after) > 0) {
      if (!timeFirst || hits.length < need) hits.push({ e, sv });
    }
    return aggSpec !== null || !timeFirst || hits.length < need || total < cap;
  });
  if (!timeFirst) hits.sort((x, y) => compareBy(keys, x.sv, y.sv));
  const page = hits.slice(from, from + size);
  const sorted = keys.length > 0 && keys.some((k) => k.field !== '_score');
  const wantFields = Array.isArray(body.fields) ? body.fields : null;
  const withSource = body._source !== false;
  return {
    took: Math.max(1, Date.now() - started),
    timed_out: false,
    _shards: { total: days.length, successful: days.length, skipped: 0, failed: 0 },
    hits: {
      ...(cap === 0 ? {} : { total: total >= cap ? { value: cap, relation: 'gte' } : { value: total, relation: 'eq' } }),
      max_score: sorted ? null : page.length ? 1.0 : null,
      hits: page.map(({ e, sv }) => ({
        _index: indexOf(e),
        _id: docId(e),
        _score: sorted ? null : 1.0,
        ...(withSource ? { _source: esSource(e) } : {}),
        ...(wantFields ? { fields: hitFields(e, wantFields) } : {}),
        ...(sorted ? { sort: sv.map((v, i) => echo(v, keys[i] as SortKey)) } : {}),
      })),
    },
    ...(aggSpec ? { aggregations: runAggs(aggSpec, aggDocs, nowMs) } : {}),
  };
}

/** The `fields` option: arrays of leaf values; dates formatted (default strict_date_optional_time_nanos). */
function hitFields(e: SimLogEvent, wanted: unknown[]): Json {
  const out: Json = {};
  for (const w of wanted) {
    const spec = typeof w === 'string' ? { field: w } : ((w ?? {}) as Json);
    const field = String(spec.field ?? '');
    if (field === '@timestamp') {
      const ns = BigInt(e.tsNs);
      out[field] = [spec.format === 'epoch_millis' ? String(ns / 1_000_000n) : isoFromNs(ns)];
      continue;
    }
    const v = fieldValue(e, field);
    if (v !== undefined) out[field] = [v];
  }
  return out;
}

/** OpenSearch's `GET /` (2.10): `distribution` says what it is; no `build_flavor`. */
export const OPENSEARCH_VERSION = '2.10.0';
export function openSearchInfo() {
  return {
    name: 'spine-os-01',
    cluster_name: 'spine-logs',
    cluster_uuid: 'n10q2RirTIuhEJCiKMkpzw',
    version: {
      distribution: 'opensearch',
      number: OPENSEARCH_VERSION,
      build_type: 'tar',
      build_hash: 'eee49cb340edc6c4d489bcd9324dda571fc8dc03',
      build_date: '2023-09-20T23:54:29.889267151Z',
      build_snapshot: false,
      lucene_version: '9.7.0',
      minimum_wire_compatibility_version: '7.10.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'The OpenSearch Project: https://opensearch.org/',
  };
}

export function esInfo() {
  return {
    name: 'spine-es-01',
    cluster_name: 'spine-logs',
    cluster_uuid: 'q2Hq9XkVQ9eKx7mN0bS4Tw',
    version: {
      number: ES_VERSION,
      build_flavor: 'default',
      build_type: 'docker',
      build_hash: '09df99393193b2c53d92899662a8b8b3c55b45cd',
      build_date: '2024-03-22T03:35:46.757803203Z',
      build_snapshot: false,
      lucene_version: '9.10.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}
