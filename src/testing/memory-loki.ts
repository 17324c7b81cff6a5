/**
 * An in-memory Loki `query_range` for tests, over rows the test controls (and may add to between
 * requests): the request's stream selector (`=`, `!=`, `=~`, `!~` matchers, values unquoted as
 * Loki's lexer does; a pipeline after it is refused, not ignored), `start` inclusive, `end`
 * exclusive, `limit` across all streams, `direction`. Ties at the limit are cut in an order unlike
 * the client's merge order (reverse stream key), as a real Loki gives no tie guarantee.
 */
import { compareNs } from '@/lib/nanotime';
import { unquoteLogql } from '@/lib/logql';

export interface LokiRow {
  stream: Record<string, string>;
  /** Nanoseconds since the epoch. */
  ts: string;
  line: string;
}

export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OP = /=~|!~|!=|=/y;
const QUOTED = /"(?:[^"\\\n]|\\.)*"/y;
const SEPARATOR = /\s*(,|\})\s*/y;

function take(re: RegExp, text: string, at: number): string | null {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? null;
}

/** `{a="x", b=~"y"}` → its matchers; a SyntaxError for anything else (a pipeline included). */
export function parseSelector(query: string): Matcher[] {
  const text = query.trim();
  if (!text.startsWith('{')) throw new SyntaxError('a log query starts with a stream selector');
  const matchers: Matcher[] = [];
  let at = 1;
  for (;;) {
    while (text[at] === ' ') at += 1;
    const name = take(NAME, text, at);
    if (!name) throw new SyntaxError(`label name expected at col ${at + 1}`);
    at += name.length;
    const op = take(OP, text, at) as Matcher['op'] | null;
    if (!op) throw new SyntaxError(`matcher operator expected at col ${at + 1}`);
    at += op.length;
    const quoted = take(QUOTED, text, at);
    if (!quoted) throw new SyntaxError(`quoted value expected at col ${at + 1}`);
    matchers.push({ name, op, value: unquoteLogql(quoted) });
    at += quoted.length;
    const sep = take(SEPARATOR, text, at);
    if (!sep) throw new SyntaxError(`, or } expected at col ${at + 1}`);
    at += sep.length;
    if (sep.trim() === '}') break;
  }
  if (at !== text.length) throw new SyntaxError('the memory Loki takes a stream selector without a pipeline');
  if (matchers.length === 0) throw new SyntaxError('empty stream selector');
  return matchers;
}

function regex(value: string): RegExp {
  const insensitive = value.startsWith('(?i)');
  return new RegExp(`^(?:${insensitive ? value.slice(4) : value})$`, insensitive ? 'i' : '');
}

export function matches(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every(({ name, op, value }) => {
    const actual = Object.hasOwn(labels, name) ? (labels[name] ?? '') : '';
    if (op === '=') return actual === value;
    if (op === '!=') return actual !== value;
    return regex(value).test(actual) === (op === '=~');
  });
}

/** Loki's answer to `GET /loki/api/v1/query_range?…` over `rows`. */
export function memoryQueryRange(rows: readonly LokiRow[], params: URLSearchParams): Response {
  let matchers: Matcher[];
  try {
    matchers = parseSelector(params.get('query') ?? '');
  } catch (error) {
    return new Response(`parse error : ${(error as Error).message}\n`, { status: 400 });
  }
  const start = params.get('start') ?? '0';
  const end = params.get('end') ?? '99999999999999999999';
  if (compareNs(start, end) >= 0) return new Response('end timestamp must not be before or equal to start time\n', { status: 400 });
  const limit = Number(params.get('limit') ?? 100);
  const backward = params.get('direction') !== 'forward';
  const key = (r: LokiRow) => JSON.stringify(Object.entries(r.stream).sort());
  const selected = rows
    .filter((r) => matches(matchers, r.stream) && compareNs(r.ts, start) >= 0 && compareNs(r.ts, end) < 0)
    .map((r, i) => ({ r, i }))
    // Within a stream Loki keeps push order for equal timestamps (reversed when backward).
    .sort((a, b) => (backward ? -1 : 1) * (compareNs(a.r.ts, b.r.ts) || (key(a.r) === key(b.r) ? a.i - b.i : key(a.r) < key(b.r) ? -1 : 1)))
    .slice(0, limit)
    .map(({ r }) => r);
  const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
  for (const r of selected) {
    const s = streams.get(key(r)) ?? { stream: r.stream, values: [] };
    s.values.push([r.ts, r.line]);
    streams.set(key(r), s);
  }
  const body = { status: 'success', data: { resultType: 'streams', encodingFlags: ['categorize-labels'], result: [...streams.values()] } };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}
