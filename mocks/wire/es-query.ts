/**
 * Query DSL evaluation for the mock Elasticsearch, over simulator events seen as the ECS
 * documents of elasticsearch.ts. Supported: bool (filter/must/should/must_not,
 * minimum_should_match), match_all, match_none, term(s), range (@timestamp with ES's
 * round-up rules for gt/lte, or numeric), exists, prefix, match, match_phrase, query_string
 * (best effort). `message` is analysed like the standard analyzer (lower-cased word tokens).
 */
import type { SimLogEvent } from '../scenario';
import { msToNsBig, nsFromIso, streamOf } from './log-events';

export class EsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

export type Pred = (e: SimLogEvent) => boolean;
type Json = Record<string, unknown>;

export const HOST_NAME = 'spine-docker-01';
const KEYWORD: Record<string, (e: SimLogEvent) => string | undefined> = {
  'log.level': (e) => e.level.toLowerCase(),
  'log.logger': (e) => e.logger,
  'service.name': (e) => e.service,
  'container.name': (e) => e.service,
  stream: (e) => streamOf(e),
  'input.type': () => 'container',
  'host.name': () => HOST_NAME,
  'agent.type': () => 'filebeat',
  'error.type': (e) => e.exception?.type,
  'error.message': (e) => e.exception?.message,
  'error.stack_trace': (e) => e.exception?.traceback.join('\n'),
  message: (e) => e.lines.join('\n'),
};

/** Whether documents have the field at all (a field they lack is missing from every one). */
export function knownField(field: string): boolean {
  return (field.endsWith('.keyword') ? field.slice(0, -'.keyword'.length) : field) in KEYWORD;
}

/** The value of a (keyword or text) field; `.keyword` sub-fields resolve to the field. */
export function fieldValue(e: SimLogEvent, field: string): string | undefined {
  const f = field.endsWith('.keyword') ? field.slice(0, -'.keyword'.length) : field;
  return KEYWORD[f]?.(e);
}

const isText = (field: string) => field === 'message' || field === 'error.message' || field === 'error.stack_trace';

/** Standard-analyzer-ish tokens: word characters, `.`/`'` inside words kept, lower case. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.'][\p{L}\p{N}_]+)*/gu) ?? [];
}

function phraseIn(hay: string[], needle: string[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const DAY_NS = 86_400_000_000_000n;

/**
 * A date value → [lowest, highest] ns it can denote at its precision (ES parses `gt`/`lte`
 * rounding up: `lte: 1700000000000` (epoch_millis) includes …000999999).
 */
export function dateSpan(value: unknown, format: string | undefined, nowMs: number): [bigint, bigint] {
  const fmt = format ?? 'strict_date_optional_time_nanos||epoch_millis';
  if (typeof value === 'number' || typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) {
    const n = BigInt(value);
    if (fmt.includes('epoch_second') && !fmt.includes('epoch_millis')) return [n * 1_000_000_000n, n * 1_000_000_000n + 999_999_999n];
    return [n * 1_000_000n, n * 1_000_000n + 999_999n];
  }
  if (typeof value === 'string') {
    const now = /^now(?:([+-])(\d+)(ms|s|m|h|d))?$/.exec(value.trim());
    if (now) {
      const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
      const delta = now[1] ? (now[1] === '-' ? -1 : 1) * Number(now[2]) * (unit[now[3] ?? 'ms'] ?? 1) : 0;
      const ns = msToNsBig(nowMs + delta);
      return [ns, ns + 999_999n];
    }
    const ns = nsFromIso(value);
    if (ns !== null) {
      const frac = /\.(\d+)/.exec(value)?.[1]?.length ?? 0;
      const span = value.includes('T') || value.includes(' ') ? (frac > 0 ? 10n ** BigInt(9 - Math.min(9, frac)) : 1_000_000_000n) : DAY_NS;
      return [ns, ns + span - 1n];
    }
  }
  throw new EsError(400, 'parse_exception', `failed to parse date field [${String(value)}] with format [${fmt}]`);
}

export interface TimeBounds {
  from: bigint | null;
  to: bigint | null;
}

function rangePred(field: string, spec: Json, nowMs: number, bounds: TimeBounds | null): Pred {
  const fmt = typeof spec.format === 'string' ? spec.format : undefined;
  if (field === '@timestamp') {
    let lo: bigint | null = null;
    let hi: bigint | null = null;
    if (spec.gte !== undefined && spec.gte !== null) lo = dateSpan(spec.gte, fmt, nowMs)[0];
    if (spec.gt !== undefined && spec.gt !== null) lo = dateSpan(spec.gt, fmt, nowMs)[1] + 1n;
    if (spec.lte !== undefined && spec.lte !== null) hi = dateSpan(spec.lte, fmt, nowMs)[1];
    if (spec.lt !== undefined && spec.lt !== null) hi = dateSpan(spec.lt, fmt, nowMs)[0] - 1n;
    if (bounds) {
      if (lo !== null && (bounds.from === null || lo > bounds.from)) bounds.from = lo;
      if (hi !== null && (bounds.to === null || hi < bounds.to)) bounds.to = hi;
    }
    return (e) => {
      const ns = BigInt(e.tsNs);
      return (lo === null || ns >= lo) && (hi === null || ns <= hi);
    };
  }
  const num = (v: unknown) => (v === undefined || v === null ? null : Number(v));
  const [gte, gt, lte, lt] = [num(spec.gte), num(spec.gt), num(spec.lte), num(spec.lt)];
  return (e) => {
    const v = Number(fieldValue(e, field));
    if (Number.isNaN(v)) return false;
    return (gte === null || v >= gte) && (gt === null || v > gt) && (lte === null || v <= lte) && (lt === null || v < lt);
  };
}

function single(q: Json, kind: string): [string, unknown] {
  const entries = Object.entries(q).filter(([k]) => k !== 'boost' && k !== '_name');
  const first = entries[0];
  if (!first || entries.length > 1) throw new EsError(400, 'parsing_exception', `[${kind}] query doesn't support multiple fields, found [${entries.map(([k]) => k).join('] and [')}]`, { line: 1, col: 1 });
  return first;
}

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

function wildcardRe(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

/** query_string, best effort: phrases, words (case-insensitive, `*` wildcards), field:value, AND/OR/NOT, +/-. */
function queryStringPred(spec: Json): Pred {
  const text = String(spec.query ?? '');
  const defaultAnd = String(spec.default_operator ?? 'OR').toUpperCase() === 'AND';
  const parts = text.match(/[+-]?(?:[\w.@]+:)?(?:"(?:[^"\\]|\\.)*"|[^\s()]+)/g) ?? [];
  const clauses: Array<{ pred: Pred; op: 'must' | 'not' | 'should' }> = [];
  let pendingNot = false;
  let sawAnd = defaultAnd;
  for (const raw of parts) {
    if (raw === 'AND' || raw === '&&') {
      sawAnd = true;
      continue;
    }
    if (raw === 'OR' || raw === '||') continue;
    if (raw === 'NOT' || raw === '!') {
      pendingNot = true;
      continue;
    }
    let term = raw;
    let op: 'must' | 'not' | 'should' = pendingNot ? 'not' : 'should';
    pendingNot = false;
    if (term.startsWith('+')) [op, term] = ['must', term.slice(1)];
    else if (term.startsWith('-')) [op, term] = ['not', term.slice(1)];
    const m = /^([\w.@]+):(.*)$/.exec(term);
    const field = m?.[1];
    const value = (m ? (m[2] ?? '') : term).replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
    let pred: Pred;
    if (field && !isText(field)) {
      const re = wildcardRe(value);
      pred = (e) => re.test(fieldValue(e, field) ?? '');
    } else if (value.includes('*') || value.includes('?')) {
      const re = wildcardRe(value);
      pred = (e) => tokens(fieldValue(e, field ?? 'message') ?? '').some((t) => re.test(t));
    } else {
      const needle = tokens(value);
      pred = (e) => phraseIn(tokens(fieldValue(e, field ?? 'message') ?? ''), needle);
    }
    clauses.push({ pred, op });
  }
  return (e) => {
    let anyShould = false;
    let shouldCount = 0;
    for (const c of clauses) {
      const ok = c.pred(e);
      if (c.op === 'not' && ok) return false;
      if (c.op === 'must' && !ok) return false;
      if (c.op === 'should') {
        shouldCount++;
        if (ok) anyShould = true;
        else if (sawAnd) return false;
      }
    }
    return shouldCount === 0 || anyShould;
  };
}

/** Compiles a query clause to a predicate; collects @timestamp bounds of AND-context ranges. */
export function compileQuery(query: unknown, nowMs: number, bounds: TimeBounds | null = null): Pred {
  if (query === undefined || query === null) return () => true;
  const q = obj(query);
  const [kind, body] = single(q, 'query');
  const b = obj(body);
  switch (kind) {
    case 'match_all':
      return () => true;
    case 'match_none':
      return () => false;
    case 'bool': {
      const must = [...asArray(b.must), ...asArray(b.filter)].map((c) => compileQuery(c, nowMs, bounds));
      const mustNot = asArray(b.must_not).map((c) => compileQuery(c, nowMs, null));
      const should = asArray(b.should).map((c) => compileQuery(c, nowMs, null));
      const msm = b.minimum_should_match;
      const minShould = should.length === 0 ? 0 : msm === undefined ? (must.length > 0 ? 0 : 1) : Number.parseInt(String(msm), 10) || 0;
      return (e) => {
        if (!must.every((p) => p(e)) || mustNot.some((p) => p(e))) return false;
        if (minShould === 0) return true;
        let n = 0;
        for (const p of should) if (p(e) && ++n >= minShould) return true;
        return false;
      };
    }
    case 'term': {
      const [field, spec] = single(b, 'term');
      const want = String(typeof spec === 'object' && spec !== null ? (spec as Json).value : spec);
      return isText(field) ? (e) => tokens(fieldValue(e, field) ?? '').includes(want) : (e) => fieldValue(e, field) === want;
    }
    case 'terms': {
      const [field, values] = single(b, 'terms');
      const want = new Set(asArray(values).map(String));
      return (e) => {
        const v = fieldValue(e, field);
        return v !== undefined && want.has(v);
      };
    }
    case 'range': {
      const [field, spec] = single(b, 'range');
      return rangePred(field, obj(spec), nowMs, bounds);
    }
    case 'exists': {
      const field = String(b.field);
      return (e) => field === '@timestamp' || (fieldValue(e, field) ?? '') !== '';
    }
    case 'prefix': {
      const [field, spec] = single(b, 'prefix');
      const want = String(typeof spec === 'object' && spec !== null ? (spec as Json).value : spec);
      return (e) => (fieldValue(e, field) ?? '').startsWith(want);
    }
    case 'match_phrase':
    case 'match': {
      const [field, spec] = single(b, kind);
      const s = typeof spec === 'object' && spec !== null ? (spec as Json) : { query: spec };
      const needle = tokens(String(s.query ?? ''));
      if (!isText(field)) return (e) => fieldValue(e, field) === String(s.query);
      if (kind === 'match_phrase') return (e) => phraseIn(tokens(fieldValue(e, field) ?? ''), needle);
      const all = String(s.operator ?? 'or').toLowerCase() === 'and';
      return (e) => {
        const hay = new Set(tokens(fieldValue(e, field) ?? ''));
        return all ? needle.every((t) => hay.has(t)) : needle.some((t) => hay.has(t));
      };
    }
    case 'query_string':
    case 'simple_query_string':
      return queryStringPred(b);
    default:
      throw new EsError(400, 'parsing_exception', `unknown query [${kind}]`, { line: 1, col: 1 });
  }
}
