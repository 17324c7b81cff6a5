/**
 * LogQL syntax for the mock Loki: @grafana/lezer-logql parses, this file turns what it rejects
 * into the text Loki answers (`parse error at line L, col C: syntax error: unexpected X, expecting
 * A or B`), and holds the lexical rules lezer leaves to Loki (Go string escapes, durations, RE2).
 *
 * Loki's messages (pkg/logql/syntax/lex.go, goyacc): the position is the offending token's, with
 * line 0 for a token the lexer reads with Next (two-character operators, `[range]`) and the end
 * of the input for `$end`; columns count characters. `expecting` lists what may come there, in
 * Loki's token order, only when there are at most four: this file asks lezer which of Loki's
 * tokens would let the parse go on, which agrees with goyacc on the queries we checked (the
 * differential test, integration/loki/differential.test.ts, sends some to a real Loki).
 */
import { parser } from '@grafana/lezer-logql';

export type Tree = ReturnType<typeof parser.parse>;
export type SyntaxNode = Tree['topNode'];

export class LogqlParseError extends Error {
  constructor(
    readonly col: number | null,
    readonly detail: string,
    readonly line = 1,
  ) {
    super(col === null ? `parse error : ${detail}` : `parse error at line ${line}, col ${col}: ${detail}`);
    this.name = 'LogqlParseError';
  }
}

/** Loki's 1-based line and column (in characters) of a UTF-16 offset. */
function position(src: string, offset: number): { line: number; col: number } {
  const before = src.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: [...before.slice(nl + 1)].length + 1 };
}

export function errorAt(src: string, offset: number, detail: string, lineZero = false): LogqlParseError {
  const { line, col } = position(src, offset);
  return new LogqlParseError(col, detail, lineZero ? 0 : line);
}

const SIMPLE_ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
/** After a backslash: a one-letter escape, `\xNN`, `\uNNNN`, `\UNNNNNNNN` or octal `\NNN` (Prometheus strutil.Unquote). */
const ESCAPE = /^(?:[abfnrtv\\"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})/;

/** A string token's value (Go escapes for `"…"`, raw for backticks), or the error Loki's lexer gives it. */
function unquoteOrError(text: string): { value: string } | { error: string } {
  if (text.startsWith('`')) return text.length > 1 && text.endsWith('`') ? { value: text.slice(1, -1) } : { error: 'literal not terminated' };
  let out = '';
  for (let i = 1; ; ) {
    const c = text[i];
    if (c === undefined || c === '\n') return { error: 'literal not terminated' };
    if (c === '"') return i === text.length - 1 ? { value: out } : { error: 'literal not terminated' };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const esc = ESCAPE.exec(text.slice(i + 1))?.[0];
    if (!esc) return { error: 'invalid char escape' };
    const code = /^[0-7]/.test(esc) ? parseInt(esc, 8) : parseInt(esc.slice(1), 16);
    if (esc.length > 1 && (code > (/^[0-7x]/.test(esc) ? 0xff : 0x10ffff) || (code >= 0xd800 && code < 0xe000))) return { error: 'invalid char escape' };
    out += SIMPLE_ESC[esc] ?? String.fromCodePoint(code);
    i += 1 + esc.length;
  }
}

/** The value of a String node; throws Loki's lexer error at the string. */
export function stringValue(src: string, node: SyntaxNode): string {
  const r = unquoteOrError(src.slice(node.from, node.to));
  if ('error' in r) throw errorAt(src, node.from, r.error);
  return r.value;
}

/** A string token starting at `at` (to the closing quote, or to the end of the line / input). */
function stringTokenAt(src: string, at: number): string {
  const q = src[at] as string;
  if (q === '`') {
    const end = src.indexOf('`', at + 1);
    return end < 0 ? src.slice(at) : src.slice(at, end + 1);
  }
  const m = /^"(?:[^"\\\n]|\\.)*"?/.exec(src.slice(at));
  return m ? m[0] : q;
}

/** Prometheus-style duration (`5m`, `1h30m`, `500ms`) → ms. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * (units[m[2] as string] ?? 0);
  return total;
}

const JS_TO_GO_REGEXP: Array<[RegExp, string]> = [
  [/Unterminated group/, 'missing closing )'],
  [/Unmatched '\)'/, 'unexpected )'],
  [/Nothing to repeat/, 'missing argument to repetition operator'],
  [/Unterminated character class/, 'missing closing ]'],
  [/out of order/, 'invalid character class range'],
  [/Invalid (escape|property name)/, 'invalid escape sequence'],
  [/Invalid group/, 'invalid or unsupported Perl syntax'],
];

/**
 * RE2 source → JS RegExp: `(?i)`/`(?s)` prefix → flags, `(?P<n>` → `(?<n>`, `\p{…}` with the u
 * flag; label matchers are fully anchored. A bad regex throws Go's `error parsing regexp: …`
 * text after `prefix`.
 */
export function re2(source: string, anchored: boolean, prefix = ''): RegExp {
  let body = source;
  let flags = /\\[pP]\{/.test(source) ? 'u' : '';
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    body = body.slice(lead[0].length);
    if (lead[1]?.includes('i')) flags += 'i';
    if (lead[1]?.includes('s')) flags += 's';
  }
  body = body.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$').replace(/\\A/g, '^');
  try {
    return new RegExp(anchored ? `^(?:${body})$` : body, flags);
  } catch (error) {
    const message = (error as Error).message;
    const code = JS_TO_GO_REGEXP.find(([js]) => js.test(message))?.[1] ?? 'invalid regexp';
    throw new LogqlParseError(null, `${prefix}error parsing regexp: ${code}: \`${source}\``);
  }
}

export const EMPTY_COMPATIBLE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

// ---- syntax errors -------------------------------------------------------------------------

const TWO_CHAR_OPS = ['!=', '=~', '!~', '!>', '|=', '|~', '|>', '==', '>=', '<='];
const KEYWORDS = new Set(['by', 'without', 'bool', 'offset', 'on', 'ignoring', 'group_left', 'group_right', 'or', 'and', 'unless', 'json', 'regexp', 'logfmt', 'unpack', 'pattern', 'label_format', 'line_format', 'ip', 'decolorize', 'drop', 'keep', 'unwrap']);
const FUNCTIONS = /^(?:count_over_time|rate|rate_counter|bytes_over_time|bytes_rate|avg_over_time|sum_over_time|min_over_time|max_over_time|stdvar_over_time|stddev_over_time|quantile_over_time|first_over_time|last_over_time|absent_over_time|sum|avg|max|min|count|stddev|stdvar|bottomk|topk|sort|sort_desc|label_replace|bytes|duration|duration_seconds|vector)$/;

/** Where the next token starts: whitespace and `#` comments skipped. */
function skipSpace(src: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
    if (src[i] !== '#') return i;
    const nl = src.indexOf('\n', i);
    i = nl < 0 ? src.length : nl;
  }
}

/** How Loki's lexer names the token at `at`, and whether it reads it with Next (reported on line 0). */
function describeToken(src: string, at: number, legacy = false): { name: string; lineZero: boolean } {
  const rest = src.slice(at);
  if (rest === '') return { name: '$end', lineZero: false };
  if (rest[0] === '"' || rest[0] === '`') return { name: 'STRING', lineZero: false };
  const num = /^\d+(\.\d+)?/.exec(rest);
  if (num) {
    const unit = rest.slice(num[0].length);
    if (/^(?:\d*(?:ns|us|µs|ms|s|m|h|d|w|y))+(?![A-Za-z0-9_])/.test(`0${unit}`) && /^[a-zµ]/.test(unit)) return { name: 'DURATION', lineZero: false };
    if (/^[KMGTPE]?i?B(?![A-Za-z0-9_])/.test(unit)) return { name: 'BYTES', lineZero: false };
    return { name: 'NUMBER', lineZero: false };
  }
  const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
  if (id) {
    if (KEYWORDS.has(legacy ? id : id.toLowerCase())) return { name: id.toLowerCase(), lineZero: false };
    const isCall = /^\s*(\(|by\b|without\b)/.test(src.slice(at + id.length));
    return { name: FUNCTIONS.test(id) && isCall ? id : 'IDENTIFIER', lineZero: false };
  }
  if (rest[0] === '[' && rest.includes(']')) return { name: 'RANGE', lineZero: true };
  const two = TWO_CHAR_OPS.find((op) => rest.startsWith(op));
  if (two) return { name: two, lineZero: true };
  return { name: '{},.=|()[]+-*/%^<>'.includes(rest[0] as string) ? (rest[0] as string) : 'IDENTIFIER', lineZero: false };
}

/** Loki's tokens in its token order (expr.y), and a text lezer reads as each (the token's own text unless given). */
const CANDIDATES = 'BYTES IDENTIFIER STRING NUMBER DURATION RANGE = =~ !~ !> { } , . |~ |= |> ( ) by without bool json regexp logfmt | line_format label_format unwrap offset pattern ip on ignoring group_left group_right decolorize drop keep or and unless == != < <= > >= + - * / % ^'.split(' ');
const SAMPLE: Record<string, string> = { BYTES: '1KB', IDENTIFIER: 'x', STRING: '"s"', NUMBER: '1', DURATION: '1s', RANGE: '[1s]' };
/** Words lezer also takes as identifiers: where an identifier may come, they tell nothing. */
const CONTEXTUAL = new Set(['by', 'without', 'or', 'and', 'unless', 'ip']);

function firstError(tree: Tree): number | null {
  let at: number | null = null;
  tree.iterate({
    enter: (n) => {
      if (at !== null) return false;
      if (n.type.isError) at = n.from;
      return undefined;
    },
  });
  return at;
}

function expecting(src: string, at: number): string {
  const prefix = src.slice(0, at);
  const fits = CANDIDATES.filter((name) => {
    const probe = `${prefix} ${SAMPLE[name] ?? name}`;
    const err = firstError(parser.parse(probe));
    return err === null || err >= probe.length;
  });
  // Loki's grammar has `{}` (then asks for a matcher); lezer's does not.
  if (/\{\s*$/.test(prefix)) fits.splice(fits.indexOf('IDENTIFIER') + 1, 0, '}');
  const names = fits.includes('IDENTIFIER') ? fits.filter((n) => !CONTEXTUAL.has(n)) : fits;
  return names.length > 0 && names.length <= 4 ? `, expecting ${names.join(' or ')}` : '';
}

/** Node types Loki 2.9 does not have: `|>`, `!>` and `or` between line filters. */
function legacyError(src: string, tree: Tree): { at: number; error: LogqlParseError } | null {
  let found: { at: number; error: LogqlParseError } | null = null;
  tree.iterate({
    enter: (n) => {
      if (found) return false;
      // 2.9 lexes `|>` as `|` then `>`, and `!` alone as an identifier.
      if (n.name === 'PipePattern') found = { at: n.from, error: errorAt(src, n.from + 1, 'syntax error: unexpected >') };
      else if (n.name === 'Npa') found = { at: n.from, error: errorAt(src, n.from, 'syntax error: unexpected IDENTIFIER') };
      else if (n.name === 'OrFilter' && n.node.parent?.name === 'LineFilter') found = { at: n.from, error: errorAt(src, n.from, `syntax error: unexpected ${describeToken(src, n.from).name}`) };
      return undefined;
    },
  });
  return found;
}

/**
 * The lezer tree of a query Loki's parser accepts; otherwise throws the LogqlParseError Loki
 * answers with. `legacy`: Loki 2.9's syntax (no patterns, no `or` between line filters).
 */
export function parseTree(src: string, opts: { legacy?: boolean } = {}): Tree {
  if (src === '') throw new LogqlParseError(null, 'syntax error: unexpected $end');
  const tree = parser.parse(src);
  const err = firstError(tree);
  const old = opts.legacy ? legacyError(src, tree) : null;
  let at = err === null ? null : skipSpace(src, err);
  // Loki's lexer runs ahead of its parser by one token: a bad string before the error (or at it)
  // wins. Words lezer takes as identifiers may be Loki keywords (`{by="x"}`): errors there.
  let bad: LogqlParseError | null = null;
  tree.iterate({
    enter: (n) => {
      if (bad || (at !== null && n.from >= at) || (old && n.from >= old.at)) return false;
      if (n.name === 'String') {
        const r = unquoteOrError(src.slice(n.from, n.to));
        if ('error' in r) bad = errorAt(src, n.from, r.error);
      } else if (n.name === 'Identifier') {
        const word = src.slice(n.from, n.to);
        if (KEYWORDS.has(opts.legacy ? word : word.toLowerCase())) at = n.from;
      }
      return undefined;
    },
  });
  if (bad) throw bad;
  if (old && (at === null || old.at <= at)) throw old.error;
  if (at === null) return tree;
  const token = describeToken(src, at, opts.legacy);
  if (token.name === 'STRING') {
    const r = unquoteOrError(stringTokenAt(src, at));
    if ('error' in r) throw errorAt(src, at, r.error);
  }
  // `{}` is valid syntax for Loki, which then asks for a matcher.
  if (src[at] === '}' && /\{\s*$/.test(src.slice(0, at))) throw new LogqlParseError(null, EMPTY_COMPATIBLE);
  throw errorAt(src, at, `syntax error: unexpected ${token.name}${expecting(src, at)}`, token.lineZero);
}
