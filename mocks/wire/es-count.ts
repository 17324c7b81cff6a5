/**
 * Counting without rendering keeps the mock's volume answers fast: a 24 h volume in 0.25 s of CPU
 * instead of 1.6 s (holding 5 MB instead of 247 MB), a 7-day backtest in 0.4 s instead of 8.6 s
 * (scripts/bench/log-volume.ts, docs/PERFORMANCE.md#the-mocks-counting-paths).
 *
 * A size-0 search whose query and aggregations read only the fields a document's service and
 * level decide (no `message`, no full text, no logger or error fields) is answered from the
 * simulator's per-bucket tallies, never rendering a document. The aggregations run on the same
 * code (es-aggs.ts) over document groups, so the answer is the one rendering every document gives
 * (tested in log-counts.test.ts).
 */
import type { Scenario, SimLevel, SimLogEvent } from '../scenario';
import { BUCKET_MS } from '../scenario';
import type { DocGroup } from './es-aggs';
import { histogramKey } from './es-aggs';
import type { Pred, TimeBounds } from './es-query';
import { compileQuery, knownField } from './es-query';
import { bucketTally, shapeNs, streamId, streamKey } from './log-events';

type Json = Record<string, unknown>;
const DAY_MS = 86_400_000;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * Fields whose value is a function of (service, level) alone (es-query.ts KEYWORD), or that no
 * document has (e.g. the adapter's fallback level field `level`: missing everywhere).
 */
const SHAPE_FIELDS = new Set(['log.level', 'service.name', 'container.name', 'stream', 'input.type', 'host.name', 'agent.type']);
const isShapeField = (field: unknown) =>
  typeof field === 'string' && field !== '@timestamp' && (SHAPE_FIELDS.has(field.endsWith('.keyword') ? field.slice(0, -'.keyword'.length) : field) || !knownField(field));

/** The field a single-field leaf query (`{ term: { field: … } }`) is about, or null. */
function leafField(body: Json): string | null {
  const keys = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name');
  return keys.length === 1 ? (keys[0] as string) : null;
}

/**
 * A copy of the query with its @timestamp ranges replaced by match_all, or null when the query
 * reads anything but shape fields, or has a @timestamp range outside AND context (must/filter):
 * then `query` ≡ (@timestamp within the collected bounds) AND (the copy).
 */
export function withoutTime(query: unknown, andContext = true): unknown {
  if (query === undefined || query === null) return query;
  const q = obj(query);
  if (!q) return null;
  const keys = Object.keys(q);
  if (keys.length !== 1) return null;
  const kind = keys[0] as string;
  const body = obj(q[kind]);
  if (kind === 'match_all' || kind === 'match_none') return query;
  if (!body) return null;
  switch (kind) {
    case 'bool': {
      const out: Json = { ...body };
      for (const [clause, and] of [['must', true], ['filter', true], ['should', false], ['must_not', false]] as const) {
        if (body[clause] === undefined) continue;
        const parts = asArray(body[clause]).map((c) => withoutTime(c, andContext && and));
        if (parts.some((p) => p === null)) return null;
        out[clause] = parts;
      }
      return { bool: out };
    }
    case 'range': {
      const field = leafField(body);
      if (field === '@timestamp') return andContext ? { match_all: {} } : null;
      return isShapeField(field) ? query : null;
    }
    case 'term':
    case 'terms':
    case 'prefix':
    case 'match':
    case 'match_phrase':
      return isShapeField(leafField(body)) ? query : null;
    case 'exists':
      return body.field === '@timestamp' || isShapeField(body.field) ? query : null;
    default:
      return null; // query_string and anything else: may read the text
  }
}

/** The histogram key functions of the aggregations, or null when one reads more than shape fields. */
export function countableAggs(aggs: Json | null, keys: Array<(ms: number) => number> = []): Array<(ms: number) => number> | null {
  if (!aggs) return keys;
  for (const raw of Object.values(aggs)) {
    const def = obj(raw);
    if (!def) return null;
    const kinds = Object.keys(def).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta');
    if (kinds.length !== 1) return null; // the rendering path answers with the error
    const kind = kinds[0] as string;
    const spec = obj(def[kind]) ?? {};
    switch (kind) {
      case 'date_histogram':
        try {
          keys.push(histogramKey(spec));
        } catch {
          return null;
        }
        break;
      case 'terms':
        if (!isShapeField(spec.field)) return null;
        break;
      case 'filter': {
        // A time range inside the filter would cut through groups: only shape-field filters.
        const stripped = withoutTime(def[kind], false);
        if (stripped === null) return null;
        break;
      }
      case 'value_count':
        if (spec.field !== '@timestamp' && !isShapeField(spec.field)) return null;
        break;
      case 'min':
      case 'max':
        break;
      default:
        return null;
    }
    const sub = def.aggs ?? def.aggregations;
    if (sub !== undefined && countableAggs(obj(sub), keys) === null) return null;
  }
  return keys;
}

/** Stands for every document of one stream: only its shape fields are ever read. */
function representative(service: string, level: SimLevel): SimLogEvent {
  return { tsNs: '0', service, level, logger: '', message: '', exception: null, format: 'pipe', lines: [], incidentId: null };
}

export interface CountRange {
  fromMs: number;
  toMs: number;
  days: ReadonlySet<number>;
  bounds: TimeBounds;
}

/**
 * Document groups (and the total) for a countable search: per bucket and stream when the whole
 * bucket is inside the range, the indices and the time bounds and each date_histogram bucket,
 * else per document from the bucket's shapes.
 */
export function countDocs(scenario: Scenario, shapeQuery: unknown, keys: ReadonlyArray<(ms: number) => number>, range: CountRange): { groups: DocGroup[]; total: number } {
  const groups: DocGroup[] = [];
  let total = 0;
  if (!(range.toMs >= range.fromMs)) return { groups, total };
  const pred: Pred = compileQuery(shapeQuery, 0);
  const reps = new Map<number, SimLogEvent | null>();
  const rep = (id: number) => {
    let e = reps.get(id);
    if (e === undefined) {
      const k = streamKey(id);
      const candidate = representative(k.service, k.level);
      e = pred(candidate) ? candidate : null;
      reps.set(id, e);
    }
    return e;
  };
  const { from: lo, to: hi } = range.bounds;
  const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
  for (let b = Math.floor(range.fromMs / BUCKET_MS); b <= Math.floor(range.toMs / BUCKET_MS); b++) {
    const t = bucketTally(scenario, b);
    if (t.streams.length === 0) continue;
    const whole =
      t.firstMs >= range.fromMs && t.lastMs <= range.toMs && dayOf(t.firstMs) === dayOf(t.lastMs) && range.days.has(dayOf(t.firstMs)) &&
      (lo === null || t.firstNs >= lo) && (hi === null || t.lastNs <= hi) && keys.every((key) => key(t.firstMs) === key(t.lastMs));
    if (whole) {
      for (let j = 0; j < t.streams.length; j++) {
        const e = rep(t.streams[j] as number);
        if (!e) continue;
        const n = t.events[j] as number;
        total += n;
        groups.push({ e, n, minMs: t.minMs[j] as number, maxMs: t.maxMs[j] as number });
      }
      continue;
    }
    for (const s of scenario.logShapes(b)) {
      if (s.ms < range.fromMs || s.ms > range.toMs || !range.days.has(dayOf(s.ms))) continue;
      const e = rep(streamId(s.service, s.level));
      if (!e) continue;
      if (lo !== null || hi !== null) {
        const ns = shapeNs(s);
        if ((lo !== null && ns < lo) || (hi !== null && ns > hi)) continue;
      }
      total++;
      groups.push({ e, n: 1, minMs: s.ms, maxMs: s.ms });
    }
  }
  return { groups, total };
}
