/**
 * Safe LogQL builders. User text never changes query structure: it only ever lands inside a
 * double-quoted string, escaped per the Loki lexer rules (notes A.5):
 *   1. exact matcher / `|=` filter: `\` → `\\` first, then `"`, newline, CR, tab (and other
 *      control characters as `\xNN`);
 *   2. regex matcher / `|~`: escape the RE2 metacharacters first, then apply rule 1.
 * Backtick strings are never used for user text (a backtick cannot be escaped there).
 * The string rules themselves are in lib/logql.ts (alerting writes LogQL too); re-exported here.
 */
import { anyOfRegex, escapeRe2, isLabelName, labelMatcher, levelFilter, lineFilter, quoteLogql } from '@/lib/logql';
import type { FieldFilter, LogQueryParams } from '../source-adapter';
import type { LokiLogParams } from './log-params';
import { SourceError } from '../source-error';
import type { LokiConfig } from './config';
import type { QueryConfig } from './selector';

export { anyOfRegex, escapeLogqlString, escapeRe2, isLabelName, labelMatcher, levelFilter, lineFilter, lineRegexFilter, quoteLogql, unquoteLogql } from '@/lib/logql';
export type { MatchOp } from '@/lib/logql';

/**
 * The label Loki's json and logfmt parsers give a key (`sanitizeLabelKey`, pkg/logql/log/util.go):
 * spaces around it trimmed, a leading digit prefixed with `_`, then every character other than
 * `[A-Za-z0-9_]` replaced by `_` (one per character, as Go maps runes). `''` stays `''`.
 */
export function sanitizeLabelName(key: string): string {
  const trimmed = key.trim();
  const prefixed = /^[0-9]/.test(trimmed) ? `_${trimmed}` : trimmed;
  let out = '';
  for (const c of prefixed) out += /^[A-Za-z0-9_]$/.test(c) ? c : '_';
  return out;
}

/** What Loki's drain writes for a variable part of a pattern. */
const PATTERN_WILDCARD = '<_>';
/** A `<_>` in the tolerant regex: some text with a character other than a space (a token never is one). */
const TOLERANT_WILDCARD = ' *[^ ].*?';

/**
 * Whether a pattern from `/patterns` cannot be trusted to carry its spaces. Loki's drain
 * punctuation tokenizer (pkg/pattern/drain/line_tokenizer.go) records a space before the first
 * token as "a space after token -1", and its Join never gets past that entry, so it writes no
 * space at all: every pattern of a line that starts with a space comes back without any
 * (`  File "x.py", line 12, in run` → `File"<_>",line<_>,in<_>`), and `|>` with it matches none of
 * its lines. Join writes U+0020 only (a tab stays inside its token), and drain skips lines of
 * fewer than 4 tokens, so a pattern with no U+0020 is one whose tokens lost the spaces between
 * them, or one of lines that never had any: the tolerant filter matches both.
 */
export function patternLostSpaces(pattern: string): boolean {
  return pattern !== '' && !pattern.includes(' ');
}

/**
 * RE2 for a pattern whose spaces Loki dropped: what `|>` would match had Loki kept them, with any
 * run of spaces allowed wherever one may have been. The dropped spaces took the word boundaries
 * with them (`raise ValueError` came back as `raiseValueError`), so ` *` goes between every two
 * characters of the literal text (drain split the line at each space and each punctuation
 * character; the tokens' own text never held a space). `<_>` (one or more tokens, deduplicated
 * as drain does) is a lazy wildcard holding at least one character other than a space (` *[^ ].*?`),
 * never empty like a `|>` capture, spanning newlines (`(?s)`) as a token may. Anchored as `|>` is (Loki's Matcher.Test, checked on 3.7.6): a leading literal may
 * start anywhere in the line (leading whitespace included), a trailing literal ends the line
 * (` *$`: trailing spaces were dropped too), a trailing `<_>` needs some text after the last
 * literal. Only `<_>` is a wildcard: other `<name>` text is a literal of the line here.
 * Each character goes through escapeRe2; the caller quotes the result.
 */
export function spacelessPatternRegex(pattern: string): string {
  const parts: string[] = [];
  pattern.split(PATTERN_WILDCARD).forEach((literal, i) => {
    if (i > 0 && parts[parts.length - 1] !== TOLERANT_WILDCARD) parts.push(TOLERANT_WILDCARD);
    if (literal !== '') parts.push([...literal].map(escapeRe2).join(' *'));
  });
  return `(?s)${parts.join('')}${pattern.endsWith(PATTERN_WILDCARD) ? '' : ' *$'}`;
}

/** Whether the filter for `pattern` is Loki's `|>` (3.0+), not a regex any Loki reads. */
export function patternFilterNeedsPatternSyntax(pattern: string): boolean {
  return !patternLostSpaces(pattern);
}

/**
 * The line filter for a pattern from `/patterns` (`negate`: lines not of it). A pattern that
 * carries its spaces is `|> "pattern"` (Loki 3.0+), `<_>` standing for any text; one Loki sent
 * without them (patternLostSpaces) is `|~` with spacelessPatternRegex, which tolerates the
 * missing whitespace. Either way the pattern is data inside one double-quoted string, escaped
 * like any user text.
 */
export function patternFilter(pattern: string, negate = false): string {
  if (patternLostSpaces(pattern)) return `${negate ? '!~' : '|~'} ${quoteLogql(spacelessPatternRegex(pattern))}`;
  return `${negate ? '!>' : '|>'} ${quoteLogql(pattern)}`;
}

/** `| (service_name=~"(?:a|b)" or container=~"(?:a|b)")`: the first service label present wins. */
export function serviceFilter(serviceLabels: readonly string[], services: readonly string[]): string {
  if (services.length === 0 || serviceLabels.length === 0) return '';
  const clauses = serviceLabels.map((label) =>
    services.length === 1 ? labelMatcher(label, '=', services[0] as string) : labelMatcher(label, '=~', anyOfRegex(services)),
  );
  return `| ${clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`}`;
}

/** Labels that may carry a level, in priority order. */
export function levelLabels(config: Pick<LokiConfig, 'levelLabel'>): string[] {
  return [...new Set([...config.levelLabel, 'level', 'detected_level'])];
}

/** The parsers a field filter can name, in the order their stages are written. */
export const FIELD_PARSERS: readonly string[] = ['json', 'logfmt'];

/**
 * Keeps the lines a parser could not read (a filter out keeps them, as it should) and stops a
 * metric query over them failing with a pipeline error: Logs Drilldown writes the same stage.
 */
const DROP_PARSE_ERRORS = '| drop __error__, __error_details__';

function assertFieldFilter(f: FieldFilter): void {
  if (!isLabelName(f.field)) throw new RangeError(`Field filter on ${JSON.stringify(f.field)}: not a LogQL label name.`);
  if (f.op !== '=' && f.op !== '!=') throw new RangeError(`Field filter on ${f.field}: unknown operator ${JSON.stringify(f.op)}.`);
  const unknown = f.parsers.find((p) => !FIELD_PARSERS.includes(p));
  if (unknown !== undefined) throw new RangeError(`Field filter on ${f.field}: unknown parser ${JSON.stringify(unknown)}.`);
}

/** `| f="a"`, `| (f="a" or f="b")` for several values of one field kept, `| f!="a" | f!="b"` dropped. */
function labelFilterStages(filters: readonly FieldFilter[]): string[] {
  const groups = new Map<string, { field: string; op: FieldFilter['op']; values: Set<string> }>();
  for (const f of filters) {
    const key = `${f.op} ${f.field}`;
    const group = groups.get(key) ?? { field: f.field, op: f.op, values: new Set<string>() };
    group.values.add(f.value);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ field, op, values }) => {
    const clauses = [...values].map((v) => labelMatcher(field, op, v));
    return op === '!=' || clauses.length === 1 ? clauses.map((c) => `| ${c}`).join(' ') : `| (${clauses.join(' or ')})`;
  });
}

/**
 * The stages for field filters, Logs Drilldown's shape: structured-metadata fields (no parser)
 * first, then one parser stage per parser the parsed fields need (`| json`, `| logfmt`, both for
 * a field found by both), `| drop __error__, __error_details__`, then their label filters. Values
 * are double-quoted LogQL strings; a name that is not a label name, or a parser other than json or
 * logfmt, is a RangeError (never spliced into the query).
 */
export function fieldFilterStages(filters: readonly FieldFilter[]): string {
  filters.forEach(assertFieldFilter);
  const metadata = filters.filter((f) => f.parsers.length === 0);
  const parsed = filters.filter((f) => f.parsers.length > 0);
  const parts = labelFilterStages(metadata);
  if (parsed.length > 0) {
    const used = new Set(parsed.flatMap((f) => f.parsers));
    parts.push(...FIELD_PARSERS.filter((p) => used.has(p)).map((p) => `| ${p}`), DROP_PARSE_ERRORS, ...labelFilterStages(parsed));
  }
  return parts.join(' ');
}

/**
 * Where a query typed by the user ends: in code, inside a `#` comment (LogQL ignores the rest of
 * the line), or inside a string that is never closed. Skips `"…"` (with escapes) and `` `…` ``.
 */
export function queryEnd(query: string): 'code' | 'comment' | 'string' {
  let state: 'code' | 'comment' | 'quoted' | 'backtick' = 'code';
  for (let i = 0; i < query.length; i += 1) {
    const c = query[i];
    if (state === 'code') state = c === '"' ? 'quoted' : c === '`' ? 'backtick' : c === '#' ? 'comment' : 'code';
    else if (state === 'quoted') {
      if (c === '\\') i += 1;
      else if (c === '"') state = 'code';
    } else if (state === 'backtick') {
      if (c === '`') state = 'code';
    } else if (c === '\n') state = 'code';
  }
  return state === 'code' || state === 'comment' ? state : 'string';
}

/**
 * `({job="x"} |= "a")` → `{job="x"} |= "a"`: LogQL takes a pipeline stage after a log query but
 * not after a parenthesized one (`unexpected |`). Only parentheses around the whole query (comments
 * and spaces may follow) are removed, repeatedly; strings and comments are skipped.
 */
export function withoutOuterParens(query: string): string {
  for (;;) {
    let state: 'code' | 'comment' | 'quoted' | 'backtick' = 'code';
    let depth = 0;
    let open = -1;
    let close = -1;
    let after = false;
    for (let i = 0; i < query.length; i += 1) {
      const c = query[i] as string;
      if (state === 'quoted') {
        if (c === '\\') i += 1;
        else if (c === '"') state = 'code';
        continue;
      }
      if (state === 'backtick') {
        if (c === '`') state = 'code';
        continue;
      }
      if (state === 'comment') {
        if (c === '\n') state = 'code';
        continue;
      }
      if (c === '#') state = 'comment';
      else if (/\s/.test(c)) continue;
      else if (after) return query;
      else if (open < 0 && c !== '(') return query;
      else if (c === '(') {
        if (open < 0) open = i;
        depth += 1;
      } else if (c === ')') {
        depth -= 1;
        if (depth === 0) {
          close = i;
          after = true;
        }
      } else if (c === '"') state = 'quoted';
      else if (c === '`') state = 'backtick';
    }
    if (open < 0 || close < 0) return query;
    query = `${query.slice(open + 1, close)}${query.slice(close + 1)}`.trim();
  }
}

/**
 * `stages` after a query the user typed: on a new line when it ends in a comment; refused when it
 * ends inside an open string (the stages would become part of that string's text).
 */
export function appendStages(query: string, stages: string): string {
  if (!stages) return query;
  query = withoutOuterParens(query);
  const end = queryEnd(query);
  if (end === 'string') throw new RangeError('The raw query ends inside a string that is never closed: a field filter cannot be added after it.');
  return `${query}${end === 'comment' ? '\n' : ' '}${stages}`;
}

type FilterParams = Pick<LogQueryParams, 'text' | 'raw' | 'services' | 'levels'> & LokiLogParams;

/**
 * The log query: the raw LogQL if the user typed one (it wins over every other filter), else
 * selector + filters; field filters come last in both cases (after a raw query's own pipeline).
 */
export function buildLogQuery(config: QueryConfig, params: FilterParams): string {
  const fields = fieldFilterStages(params.fields ?? []);
  const raw = params.raw?.trim();
  if (raw) return appendStages(raw, fields);
  const parts = [config.selector];
  if (params.pattern) parts.push(patternFilter(params.pattern));
  if (params.text) parts.push(lineFilter(params.text));
  parts.push(serviceFilter(config.serviceLabel, params.services ?? []));
  parts.push(levelFilter(levelLabels(config), params.levels ?? []));
  parts.push(fields);
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * Runs a query builder for one source: a filter the builders refuse (a RangeError: a field name
 * LogQL cannot express, a raw query left inside a string) becomes SourceError('config').
 */
export function buildForSource(sourceId: string, build: () => string): string {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return refuse(sourceId, error);
  }
}

function refuse(sourceId: string, error: RangeError): never {
  throw new SourceError({
    code: 'config',
    sourceId,
    message: error.message,
    hint: 'Remove that field filter (or close the string in the raw query) and run the query again.',
    cause: error,
  });
}

/** A Prometheus duration for a step in ms (`500ms`, `30s`, `5m`). */
export function formatStep(stepMs: number): string {
  const ms = Math.max(1, Math.round(stepMs));
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** `sum by (level, detected_level) (count_over_time(<selector> <filters> [<step>]))`. */
export function buildVolumeQuery(config: QueryConfig, params: FilterParams, stepMs: number): string {
  const by = levelLabels(config).join(', ');
  const log = buildLogQuery(config, params);
  // A raw query ending in a `#` comment would swallow the range and the closing parentheses.
  return `sum by (${by}) (count_over_time(${log}${queryEnd(log) === 'comment' ? '\n' : ' '}[${formatStep(stepMs)}]))`;
}
