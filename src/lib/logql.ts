/**
 * Safe LogQL string builders. User text never changes query structure: it only ever lands inside
 * a double-quoted string, escaped per the Loki lexer rules (notes A.5):
 *   1. exact matcher / `|=` filter: `\` → `\\` first, then `"`, newline, CR, tab (and other
 *      control characters as `\xNN`);
 *   2. regex matcher / `|~`: escape the RE2 metacharacters first, then apply rule 1.
 * Backtick strings are never used for user text (a backtick cannot be escaped there).
 *
 * Here in lib/ because more than the Loki adapter writes LogQL: alerting exports Loki ruler rules
 * (alerting/loki-ruler.ts). The adapter's query builders are in sources/loki/logql.ts.
 */
import { levelAliases } from './log-level';
import type { LogLevel } from './model';

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A LogQL label name (the Prometheus rule): what a matcher or a label-filter stage can name. */
export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** Rule 1: the body of a double-quoted LogQL string. */
export function escapeLogqlString(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

export function quoteLogql(value: string): string {
  return `"${escapeLogqlString(value)}"`;
}

/** RE2 metacharacters `\ . + * ? ( ) | [ ] { } ^ $` get a backslash (rule 2, before rule 1). */
export function escapeRe2(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const UNESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Inverse of quoteLogql (Go unquote rules we emit); throws on what Loki would reject. For tests. */
export function unquoteLogql(quoted: string): string {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) throw new SyntaxError('not a quoted string');
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i] as string;
    if (c === '\n') throw new SyntaxError('raw newline in a double-quoted string');
    if (c === '"') throw new SyntaxError('unescaped quote ends the string early');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1];
    if (next === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new SyntaxError('bad \\x escape');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 3;
    } else if (next !== undefined && next in UNESCAPES) {
      out += UNESCAPES[next];
      i += 1;
    } else {
      throw new SyntaxError(`unknown escape \\${next ?? ''}`);
    }
  }
  return out;
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

function assertLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) throw new RangeError(`Not a LogQL label name: ${name}`);
  return name;
}

/** `name="value"` (exact) or `name=~"regex"`; regex values are passed as regex source. */
export function labelMatcher(name: string, op: MatchOp, value: string): string {
  return `${assertLabelName(name)}${op}${quoteLogql(value)}`;
}

/** A regex (for `=~`) matching exactly one of `values`, each taken literally. */
export function anyOfRegex(values: readonly string[], caseInsensitive = false): string {
  const body = values.map(escapeRe2).join('|');
  return `${caseInsensitive ? '(?i)' : ''}(?:${body})`;
}

/** `|= "text"` or `!= "text"`: literal substring, never regex. */
export function lineFilter(text: string, negate = false): string {
  return `${negate ? '!=' : '|='} ${quoteLogql(text)}`;
}

/** `|~ "regex"` with user text taken literally (escaped as a regex, then as a string). */
export function lineRegexFilter(text: string, caseInsensitive = false): string {
  return `|~ ${quoteLogql(`${caseInsensitive ? '(?i)' : ''}${escapeRe2(text)}`)}`;
}

/**
 * Case-insensitive level filter across the level labels (`ERROR`, `error`, `err` all match
 * `error`). `unknown` means: no recognised level label (empty or `unknown`).
 */
export function levelFilter(labels: readonly string[], levels: readonly LogLevel[]): string {
  if (levels.length === 0) return '';
  const known = levels.filter((l) => l !== 'unknown').flatMap((l) => levelAliases(l));
  const clauses: string[] = [];
  if (known.length > 0) {
    const regex = anyOfRegex([...new Set(known)], true);
    clauses.push(...labels.map((label) => labelMatcher(label, '=~', regex)));
  }
  if (levels.includes('unknown')) {
    const unknown = labels.map((label) => labelMatcher(label, '=~', '(?i)(?:unknown|)'));
    clauses.push(unknown.length === 1 ? (unknown[0] as string) : `(${unknown.join(' and ')})`);
  }
  return `| ${clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`}`;
}
