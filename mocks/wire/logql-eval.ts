/**
 * A small LogQL parser/evaluator for the mock Loki: the subset the console generates.
 *   log:    {l="v", l!="v", l=~"re", l!~"re"} |= "x" != "x" |~ "re" !~ "re" |> "p <_>" !> "p" | json | logfmt
 *           | drop l, l2="v" | (label=~"re" or label="v") and …   (label filters on stream and parsed labels)
 * `| json` and `| logfmt` (no parameters) extract fields as Loki does (loki-parsers.ts, shared
 * with /detected_fields), so a detected field's value filters the lines it came from.
 *   metric: [sum|count|min|max|avg [by|without (l, …)]] (count_over_time|rate|bytes_over_time|bytes_rate(<log> [<range>])) [by (…)]
 * Label matchers are fully anchored RE2 (≈ JS regex), line filters unanchored.
 */
import type { Tok } from './logql-lex';
import { describe, durationMs, lex, LogqlParseError, re2 } from './logql-lex';
import { parseLinePattern, testLinePattern } from './loki-pattern';
import { applyParser } from './loki-parsers';

export { LogqlParseError } from './logql-lex';

type Labels = Record<string, string>;
type LabelPred = (labels: Labels) => boolean;
/** One pipeline stage on a line: `labels` is the line's own copy (parsers add to it, drop removes); `stream` the stream's labels. */
type Stage = (labels: Labels, line: string, stream: Labels) => boolean;

export interface LogQuery {
  kind: 'log';
  matchers: LabelPred[];
  /** Line filters, parsers, drop and label filters, in pipeline order. */
  stages: Stage[];
  /** A line filter or parser reads the text; without one, every stage looks at labels only. */
  usesLine: boolean;
  /** A parser or drop stage changes the labels: each line gets its own copy. */
  mutates: boolean;
}

export type RangeFn = 'count_over_time' | 'rate' | 'bytes_over_time' | 'bytes_rate';
export type VectorAgg = 'sum' | 'count' | 'min' | 'max' | 'avg';

export interface MetricQuery {
  kind: 'metric';
  fn: RangeFn;
  rangeMs: number;
  log: LogQuery;
  agg: { op: VectorAgg; by: string[] | null; without: string[] | null } | null;
}

const MATCH_OPS = new Set(['=', '!=', '=~', '!~']);
const RANGE_FNS = new Set<string>(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate']);
const AGGS = new Set<string>(['sum', 'count', 'min', 'max', 'avg']);
const PARSERS = new Set(['json', 'logfmt', 'unpack']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  peek(offset = 0): Tok {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)] as Tok;
  }
  next(): Tok {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  fail(t: Tok, expecting?: string): never {
    throw new LogqlParseError(t.col, `syntax error: unexpected ${describe(t)}${expecting ? `, expecting ${expecting}` : ''}`);
  }
  expectOp(text: string, expecting = text): Tok {
    const t = this.next();
    if (t.kind !== 'op' || t.text !== text) this.fail(t, expecting);
    return t;
  }
  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }

  query(): LogQuery | MetricQuery {
    const q = this.peek().kind === 'ident' ? this.metric() : this.log();
    const end = this.peek();
    if (end.kind !== 'end') this.fail(end);
    return q;
  }

  log(): LogQuery {
    if (this.isOp('(')) {
      this.next();
      const inner = this.log();
      this.expectOp(')');
      return inner;
    }
    const matchers = this.selector();
    const stages: LogQuery['stages'] = [];
    let usesLine = false;
    let mutates = false;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') break;
      if (t.text === '|=' || t.text === '!=' || t.text === '|~' || t.text === '!~' || t.text === '|>' || t.text === '!>') {
        this.next();
        const s = this.next();
        if (s.kind !== 'string') this.fail(s, 'STRING');
        stages.push(lineFilter(t.text, s));
        usesLine = true;
      } else if (t.text === '|') {
        this.next();
        const name = this.peek();
        const labelFilter = this.isOp('=', 1) || this.isOp('!=', 1) || this.isOp('=~', 1) || this.isOp('!~', 1);
        if (name.kind === 'ident' && PARSERS.has(name.text) && !labelFilter) {
          this.next();
          usesLine = true; // a parser reads the line, so a query with one never takes the counting path
          let withParams = false;
          while (this.peek().kind === 'ident' && this.isOp('=', 1)) {
            [0, 1, 2].forEach(() => this.next());
            withParams = true;
          }
          // `| json a="b"` (named extraction) and `| unpack` are outside the subset: pass-through.
          if (!withParams && (name.text === 'json' || name.text === 'logfmt')) {
            const parser = name.text;
            stages.push((labels, line, stream) => (applyParser(parser, labels, stream, line), true));
            mutates = true;
          }
        } else if (name.kind === 'ident' && name.text === 'drop' && !labelFilter) {
          this.next();
          stages.push(this.dropStage());
          mutates = true;
        } else stages.push(this.labelOr());
      } else break;
    }
    return { kind: 'log', matchers, stages, usesLine, mutates };
  }

  /** `drop a, b="v", c=~"re"`: removes the labels (those with a matcher only when it matches). */
  dropStage(): Stage {
    const drops: Array<{ name: string; when: LabelPred | null }> = [];
    for (;;) {
      const name = this.next();
      if (name.kind !== 'ident') this.fail(name, 'IDENTIFIER');
      let when: LabelPred | null = null;
      const op = this.peek();
      if (op.kind === 'op' && MATCH_OPS.has(op.text)) {
        this.next();
        const value = this.next();
        if (value.kind !== 'string') this.fail(value, 'STRING');
        when = matcher(name.text, op.text, value);
      }
      drops.push({ name: name.text, when });
      if (!this.isOp(',')) break;
      this.next();
    }
    return (labels) => {
      for (const d of drops) if (!d.when || d.when(labels)) delete labels[d.name];
      return true;
    };
  }

  selector(): LabelPred[] {
    this.expectOp('{');
    const out: LabelPred[] = [];
    let emptyCompatible = true;
    for (;;) {
      const name = this.next();
      if (name.kind !== 'ident') this.fail(name, 'IDENTIFIER');
      const op = this.next();
      if (op.kind !== 'op' || !MATCH_OPS.has(op.text)) this.fail(op, '!= or !~ or =~ or =');
      const value = this.next();
      if (value.kind !== 'string') this.fail(value, 'STRING');
      const pred = matcher(name.text, op.text, value);
      if (!pred({})) emptyCompatible = false;
      out.push(pred);
      const sep = this.next();
      if (sep.kind === 'op' && sep.text === '}') break;
      if (sep.kind !== 'op' || sep.text !== ',') this.fail(sep, '} or ,');
    }
    if (emptyCompatible) {
      throw new LogqlParseError(
        null,
        'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
      );
    }
    return out;
  }

  labelOr(): (labels: Labels) => boolean {
    const parts = [this.labelAnd()];
    while (this.peek().kind === 'ident' && this.peek().text === 'or') {
      this.next();
      parts.push(this.labelAnd());
    }
    return (labels) => parts.some((p) => p(labels));
  }

  labelAnd(): (labels: Labels) => boolean {
    const parts = [this.labelUnary()];
    for (;;) {
      const t = this.peek();
      if ((t.kind === 'ident' && t.text === 'and') || (t.kind === 'op' && t.text === ',')) this.next();
      else if (!(t.kind === 'op' && t.text === '(') && !(t.kind === 'ident' && t.text !== 'or')) break;
      parts.push(this.labelUnary());
    }
    return (labels) => parts.every((p) => p(labels));
  }

  labelUnary(): (labels: Labels) => boolean {
    if (this.isOp('(')) {
      this.next();
      const inner = this.labelOr();
      this.expectOp(')');
      return inner;
    }
    const name = this.next();
    if (name.kind !== 'ident') this.fail(name, 'IDENTIFIER');
    const op = this.next();
    const value = this.next();
    if (op.kind === 'op' && MATCH_OPS.has(op.text) && value.kind === 'string') return matcher(name.text, op.text, value);
    if (op.kind !== 'op' || !['==', '>', '>=', '<', '<=', '=', '!='].includes(op.text)) this.fail(op, '!= or !~ or =~ or = or == or > or >= or < or <=');
    if (value.kind !== 'number' && value.kind !== 'duration') this.fail(value, 'NUMBER');
    const want = value.kind === 'duration' ? durationMs(value.text) : Number(value.text);
    return (labels) => {
      const got = Number(labels[name.text]);
      if (Number.isNaN(got)) return false;
      switch (op.text) {
        case '>': return got > want;
        case '>=': return got >= want;
        case '<': return got < want;
        case '<=': return got <= want;
        case '!=': return got !== want;
        default: return got === want;
      }
    };
  }

  metric(): MetricQuery {
    const head = this.next();
    if (AGGS.has(head.text)) {
      let by: string[] | null = null;
      let without: string[] | null = null;
      const grouping = () => {
        const kw = this.next();
        const labels = this.labelList();
        if (kw.text === 'by') by = labels;
        else without = labels;
      };
      if (this.peek().text === 'by' || this.peek().text === 'without') grouping();
      this.expectOp('(');
      const inner = this.metric();
      this.expectOp(')');
      if (by === null && without === null && (this.peek().text === 'by' || this.peek().text === 'without')) grouping();
      if (inner.agg) this.fail(this.peek()); // nested vector aggregations are outside the mock's subset
      return { ...inner, agg: { op: head.text as VectorAgg, by, without } };
    }
    if (!RANGE_FNS.has(head.text)) this.fail(head);
    this.expectOp('(');
    const log = this.log();
    this.expectOp('[');
    const range = this.next();
    if (range.kind !== 'duration') this.fail(range, 'DURATION');
    this.expectOp(']');
    this.expectOp(')');
    return { kind: 'metric', fn: head.text as RangeFn, rangeMs: durationMs(range.text), log, agg: null };
  }

  labelList(): string[] {
    this.expectOp('(');
    const names: string[] = [];
    while (!this.isOp(')')) {
      const t = this.next();
      if (t.kind !== 'ident') this.fail(t, 'IDENTIFIER');
      names.push(t.text);
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.fail(this.peek(), ') or ,');
    }
    this.next();
    return names;
  }
}

function matcher(name: string, op: string, value: Tok): LabelPred {
  if (op === '=' || op === '!=') {
    const want = value.value;
    return op === '=' ? (l) => (l[name] ?? '') === want : (l) => (l[name] ?? '') !== want;
  }
  const re = re2(value.value, true, value.col);
  return op === '=~' ? (l) => re.test(l[name] ?? '') : (l) => !re.test(l[name] ?? '');
}

function lineFilter(op: string, s: Tok): (labels: Labels, line: string) => boolean {
  const needle = s.value;
  if (op === '|>' || op === '!>') {
    const pattern = parseLinePattern(needle, s.col);
    return op === '|>' ? (_l, line) => testLinePattern(pattern, line) : (_l, line) => !testLinePattern(pattern, line);
  }
  if (op === '|=') return (_l, line) => line.includes(needle);
  if (op === '!=') return (_l, line) => !line.includes(needle);
  const re = re2(needle, false, s.col);
  return op === '|~' ? (_l, line) => re.test(line) : (_l, line) => !re.test(line);
}

/** Parses a LogQL query; throws LogqlParseError with Loki's message on bad syntax. */
export function parseLogql(query: string): LogQuery | MetricQuery {
  return new Parser(lex(query)).query();
}

export function matchesStream(q: LogQuery, labels: Labels): boolean {
  return q.matchers.every((m) => m(labels));
}

export function matchesLine(q: LogQuery, labels: Labels, line: string): boolean {
  const own = q.mutates ? { ...labels } : labels;
  return q.stages.every((s) => s(own, line, labels));
}

/** The output labels of a series after the vector aggregation's grouping. */
export function groupLabels(q: MetricQuery, labels: Labels): Labels {
  if (!q.agg) return labels;
  const { by, without } = q.agg;
  if (by) return Object.fromEntries(by.filter((k) => labels[k] !== undefined && labels[k] !== '').map((k) => [k, labels[k] as string]));
  if (without) return Object.fromEntries(Object.entries(labels).filter(([k]) => !without.includes(k)));
  return {};
}
