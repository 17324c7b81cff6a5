/**
 * Aggregations for the mock Elasticsearch: date_histogram (fixed_interval / single-unit
 * calendar_interval up to 1w, min_doc_count, extended_bounds, offset, format), terms (size,
 * min_doc_count, missing, default order _count desc then _key asc), filter, value_count, and
 * min / max on @timestamp. Sub-aggregations nest. Response shapes as in notes B.2.
 */
import type { SimLogEvent } from '../scenario';
import { compileQuery, dateSpan, EsError, fieldValue } from './es-query';
import { msOfNs } from './log-events';

/**
 * Documents to aggregate: `n` documents that share every field the aggregations read, with `e`
 * standing for them all, timestamps in [minMs, maxMs]. The rendering path gives one group per
 * document; the counting path one per (minute, service, level) when every date_histogram puts
 * the whole group in one bucket (elasticsearch.ts checks that before grouping).
 */
export interface DocGroup {
  e: SimLogEvent;
  n: number;
  minMs: number;
  maxMs: number;
}

export function docGroup(e: SimLogEvent): DocGroup {
  const ms = msOfNs(e.tsNs);
  return { e, n: 1, minMs: ms, maxMs: ms };
}

const total = (groups: readonly DocGroup[]) => groups.reduce((n, g) => n + g.n, 0);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const MAX_BUCKETS = 65_536;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const CALENDAR_MS: Record<string, number> = { '1m': 60_000, minute: 60_000, '1h': 3_600_000, hour: 3_600_000, '1d': 86_400_000, day: 86_400_000, '1w': 604_800_000, week: 604_800_000 };

export function parseInterval(spec: Json): number {
  const fixed = spec.fixed_interval ?? spec.interval;
  if (typeof fixed === 'string') {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(fixed);
    if (m) return Number(m[1]) * (UNIT_MS[m[2] as string] ?? 1);
    throw new EsError(400, 'x_content_parse_exception', '[1:1] [date_histogram] failed to parse field [fixed_interval]', {
      caused_by: { type: 'illegal_argument_exception', reason: `failed to parse setting [date_histogram.fixedInterval] with value [${fixed}] as a time value: unit is missing or unrecognized` },
    });
  }
  if (typeof fixed === 'number') return fixed;
  const cal = spec.calendar_interval;
  if (typeof cal === 'string' && CALENDAR_MS[cal]) return CALENDAR_MS[cal];
  if (cal !== undefined) throw new EsError(400, 'illegal_argument_exception', `The supplied interval [${String(cal)}] could not be parsed as a calendar interval.`);
  throw new EsError(400, 'illegal_argument_exception', 'Invalid interval specified, must be non-null and non-empty');
}

const isoMs = (ms: number) => new Date(ms).toISOString();

function keyAsString(ms: number, format: unknown): string {
  if (format === 'epoch_millis') return String(ms);
  if (format === 'epoch_second') return String(Math.floor(ms / 1000));
  return isoMs(ms);
}

/** The bucket key function of a date_histogram spec. */
export function histogramKey(spec: Json): (ms: number) => number {
  const interval = parseInterval(spec);
  const offset = typeof spec.offset === 'number' ? spec.offset : 0;
  return (ms: number) => Math.floor((ms - offset) / interval) * interval + offset;
}

function dateHistogram(spec: Json, docs: readonly DocGroup[], sub: Json | null, nowMs: number) {
  const interval = parseInterval(spec);
  const minDocCount = typeof spec.min_doc_count === 'number' ? spec.min_doc_count : 0;
  const keyOf = histogramKey(spec);
  const byKey = new Map<number, DocGroup[]>();
  for (const g of docs) {
    const k = keyOf(g.minMs);
    if (k !== keyOf(g.maxMs)) throw new Error('es-aggs: a document group straddles date_histogram buckets');
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(g);
  }
  const keys = [...byKey.keys()];
  let lo = keys.length ? Math.min(...keys) : null;
  let hi = keys.length ? Math.max(...keys) : null;
  const eb = obj(spec.extended_bounds);
  if (minDocCount === 0 && eb.min !== undefined && eb.max !== undefined) {
    const f = typeof spec.format === 'string' ? spec.format : undefined;
    const min = keyOf(Number(dateSpan(eb.min, f, nowMs)[0] / 1_000_000n));
    const max = keyOf(Number(dateSpan(eb.max, f, nowMs)[0] / 1_000_000n));
    lo = lo === null ? min : Math.min(lo, min);
    hi = hi === null ? max : Math.max(hi, max);
  }
  const buckets: Json[] = [];
  if (lo !== null && hi !== null) {
    if ((hi - lo) / interval + 1 > MAX_BUCKETS) {
      throw new EsError(400, 'too_many_buckets_exception', `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.`, { max_buckets: MAX_BUCKETS });
    }
    for (let k = lo; k <= hi; k += interval) {
      const list = byKey.get(k) ?? [];
      const count = total(list);
      if (count < minDocCount) continue;
      buckets.push({ key_as_string: keyAsString(k, spec.format), key: k, doc_count: count, ...runAggs(sub, list, nowMs) });
    }
  }
  return { buckets };
}

function terms(spec: Json, docs: readonly DocGroup[], sub: Json | null, nowMs: number) {
  const field = String(spec.field ?? '');
  const size = typeof spec.size === 'number' ? spec.size : 10;
  const minDocCount = typeof spec.min_doc_count === 'number' ? spec.min_doc_count : 1;
  const missing = spec.missing === undefined ? undefined : String(spec.missing);
  const byKey = new Map<string, { list: DocGroup[]; count: number }>();
  for (const g of docs) {
    const v = fieldValue(g.e, field) ?? missing;
    if (v === undefined) continue;
    let entry = byKey.get(v);
    if (!entry) byKey.set(v, (entry = { list: [], count: 0 }));
    entry.list.push(g);
    entry.count += g.n;
  }
  const sorted = [...byKey].filter(([, t]) => t.count >= minDocCount).sort(([ka, a], [kb, b]) => b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0));
  const kept = sorted.slice(0, size);
  const other = sorted.slice(size).reduce((n, [, t]) => n + t.count, 0);
  return {
    doc_count_error_upper_bound: 0,
    sum_other_doc_count: other,
    buckets: kept.map(([key, t]) => ({ key, doc_count: t.count, ...runAggs(sub, t.list, nowMs) })),
  };
}

function minMax(kind: 'min' | 'max', spec: Json, docs: readonly DocGroup[]) {
  if (spec.field !== '@timestamp') return { value: null };
  if (docs.length === 0) return { value: null };
  let v = kind === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const g of docs) v = kind === 'min' ? Math.min(v, g.minMs) : Math.max(v, g.maxMs);
  return { value: v, value_as_string: isoMs(v) };
}

/** Evaluates the `aggs` object over the documents of a bucket (or of the whole search). */
export function runAggs(aggs: Json | null, docs: readonly DocGroup[], nowMs: number): Json {
  if (!aggs) return {};
  const out: Json = {};
  for (const [name, raw] of Object.entries(aggs)) {
    const def = obj(raw);
    const sub = def.aggs ?? def.aggregations;
    const subAggs = sub ? obj(sub) : null;
    const kinds = Object.keys(def).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta');
    const kind = kinds[0];
    if (!kind || kinds.length > 1) throw new EsError(400, 'parsing_exception', `Expected exactly one aggregation type for aggregation [${name}]`, { line: 1, col: 1 });
    const spec = obj(def[kind]);
    switch (kind) {
      case 'date_histogram':
        out[name] = dateHistogram(spec, docs, subAggs, nowMs);
        break;
      case 'terms':
        out[name] = terms(spec, docs, subAggs, nowMs);
        break;
      case 'filter': {
        const pred = compileQuery(def[kind], nowMs);
        const list = docs.filter((g) => pred(g.e));
        out[name] = { doc_count: total(list), ...runAggs(subAggs, list, nowMs) };
        break;
      }
      case 'value_count':
        out[name] = { value: total(docs.filter((g) => spec.field === '@timestamp' || fieldValue(g.e, String(spec.field)) !== undefined)) };
        break;
      case 'min':
      case 'max':
        out[name] = minMax(kind, spec, docs);
        break;
      default:
        throw new EsError(400, 'parsing_exception', `Unknown aggregation type [${kind}]`, { line: 1, col: 1 });
    }
  }
  return out;
}
