/**
 * LogQL lexer for the mock Loki (the subset the console generates). Strings follow the Loki
 * lexer: double-quoted with Go escapes, or raw backtick strings. Errors carry Loki's 1-based
 * column so the mock can answer with Loki's plain-text `parse error at line 1, col N: …`.
 */

export class LogqlParseError extends Error {
  constructor(
    readonly col: number | null,
    readonly detail: string,
  ) {
    super(col === null ? `parse error : ${detail}` : `parse error at line 1, col ${col}: ${detail}`);
    this.name = 'LogqlParseError';
  }
}

export type TokKind = 'ident' | 'string' | 'number' | 'duration' | 'op' | 'end';
export interface Tok {
  kind: TokKind;
  text: string;
  /** Decoded value (strings) or the raw text. */
  value: string;
  col: number;
}

const OPS = ['|=', '|~', '|>', '!=', '!~', '!>', '=~', '==', '>=', '<=', '|', '=', '>', '<', '{', '}', '(', ')', '[', ']', ','];
const SIMPLE_ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function unquoteGo(src: string, i0: number, col: number): { value: string; end: number } {
  let out = '';
  let i = i0 + 1;
  for (;;) {
    const c = src[i];
    if (c === undefined || c === '\n') throw new LogqlParseError(col, 'literal not terminated');
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const n = src[i + 1] ?? '';
    const simple = SIMPLE_ESC[n];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = src.slice(i + 2, i + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) throw new LogqlParseError(col, 'invalid char escape');
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + hexLen;
      continue;
    }
    const oct = src.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(oct)) {
      out += String.fromCharCode(parseInt(oct, 8));
      i += 4;
      continue;
    }
    throw new LogqlParseError(col, 'invalid char escape');
  }
}

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))+/;

export function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const col = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line.
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl + 1;
      continue;
    }
    if (c === '"') {
      const { value, end } = unquoteGo(src, i, col);
      toks.push({ kind: 'string', text: src.slice(i, end), value, col });
      i = end;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new LogqlParseError(col, 'literal not terminated');
      toks.push({ kind: 'string', text: src.slice(i, end + 1), value: src.slice(i + 1, end), col });
      i = end + 1;
      continue;
    }
    const rest = src.slice(i);
    const dur = DURATION.exec(rest);
    if (dur && !/^[A-Za-z0-9_]/.test(rest.slice(dur[0].length))) {
      toks.push({ kind: 'duration', text: dur[0], value: dur[0], col });
      i += dur[0].length;
      continue;
    }
    const num = /^\d+(?:\.\d+)?/.exec(rest);
    if (num) {
      toks.push({ kind: 'number', text: num[0], value: num[0], col });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (id) {
      toks.push({ kind: 'ident', text: id[0], value: id[0], col });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw new LogqlParseError(col, `syntax error: unexpected ${JSON.stringify(c)}`);
    toks.push({ kind: 'op', text: op, value: op, col });
    i += op.length;
  }
  toks.push({ kind: 'end', text: '$end', value: '', col: src.length + 1 });
  return toks;
}

/** How goyacc names a token in `unexpected …`. */
export function describe(t: Tok): string {
  if (t.kind === 'end') return '$end';
  if (t.kind === 'string') return 'STRING';
  if (t.kind === 'number') return 'NUMBER';
  if (t.kind === 'duration') return 'DURATION';
  if (t.kind === 'ident') return 'IDENTIFIER';
  return t.text;
}

/** Prometheus-style duration (`5m`, `1h30m`, `500ms`) → ms. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * (units[m[2] as string] ?? 0);
  return total;
}

/** RE2 source → JS RegExp: `(?i)` prefix → flag, `(?P<n>` → `(?<n>`; label matchers are fully anchored. */
export function re2(source: string, anchored: boolean, col: number): RegExp {
  let body = source;
  let flags = '';
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
    throw new LogqlParseError(col, `error parsing regexp: ${(error as Error).message}`);
  }
}
