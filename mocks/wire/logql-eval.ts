/**
 * The mock Loki's LogQL: @grafana/lezer-logql's syntax tree (logql-syntax.ts) walked into
 * predicates. What the walk evaluates:
 *   log:    {l="v", l!="v", l=~"re", l!~"re"} |= "x" != "x" |~ "re" !~ "re" |> "p <_>" !> "p" (each with `or "y"`)
 *           | json | logfmt | drop l, l2="v" | (label=~"re" or label="v") and n > 5 , d >= 10ms , b < 1KB
 * `| json` and `| logfmt` (no parameters) extract fields as Loki does (loki-parsers.ts, shared
 * with /detected_fields), so a detected field's value filters the lines it came from; with
 * parameters, and `| unpack`, they pass lines through unchanged.
 *   metric: [sum|count|min|max|avg [by|without (l, …)]] (count_over_time|rate|bytes_over_time|bytes_rate(<log> [<range>])) [by (…)]
 * Label matchers are fully anchored RE2 (≈ JS regex), line filters unanchored. Anything else
 * Loki accepts answers 400 "… is not supported by the demo's mock Loki".
 */
import { durationMs, EMPTY_COMPATIBLE, LogqlParseError, parseTree, re2, stringValue, type SyntaxNode } from './logql-syntax';
import { parseLinePattern, testLinePattern } from './loki-pattern';
import { applyParser } from './loki-parsers';

export { LogqlParseError } from './logql-syntax';

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
  /** A parser, drop or numeric filter changes the labels: each line gets its own copy. */
  mutates: boolean;
  /** Parsed as Loki 2.9 parses, for a 2.9 server (no structured metadata either). */
  legacy: boolean;
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

const RANGE_FNS: Record<string, RangeFn> = { CountOverTime: 'count_over_time', Rate: 'rate', BytesOverTime: 'bytes_over_time', BytesRate: 'bytes_rate' };
const AGGS = new Set<string>(['sum', 'count', 'min', 'max', 'avg']);

/** The named children of a node, comments left out. */
function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

/** The outermost descendants named `name`, in source order (lezer nests lists to the left). */
function all(node: SyntaxNode | null, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (const c of kids(n)) if (c.name === name) out.push(c);
    else visit(c);
  };
  if (node) visit(node);
  return out;
}

/** Go's strconv.ParseFloat, for label values. */
const GO_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;
const GO_DURATION = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2, g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3, t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4 };

/** A label value as a number for a numeric, duration (ms) or bytes filter; null: it is not one. */
function convert(kind: 'number' | 'duration' | 'bytes', v: string): number | null {
  if (kind === 'number') return GO_FLOAT.test(v) ? Number(v.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')) : null;
  if (kind === 'duration') return v === '0' ? 0 : GO_DURATION.test(v) ? (v.startsWith('-') ? -1 : 1) * durationMs(v.replaceAll('μs', 'µs')) : null;
  const m = /^(\d+(?:\.\d+)?) ?([A-Za-z]*)$/.exec(v);
  const unit = m ? BYTE_UNITS[(m[2] as string).toLowerCase()] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : null;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  Gtr: (a, b) => a > b,
  Gte: (a, b) => a >= b,
  Lss: (a, b) => a < b,
  Lte: (a, b) => a <= b,
  Neq: (a, b) => a !== b,
  Eq: (a, b) => a === b,
  Eql: (a, b) => a === b,
};

class Walker {
  constructor(
    private readonly src: string,
    private readonly legacy: boolean,
  ) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  unsupported(n: SyntaxNode): never {
    throw new LogqlParseError(null, `${this.text(n).trim()} is not supported by the demo's mock Loki`);
  }

  child(n: SyntaxNode, name: string): SyntaxNode {
    return n.getChild(name) ?? this.unsupported(n);
  }

  query(expr: SyntaxNode): LogQuery | MetricQuery {
    const [top] = kids(expr);
    if (top?.name === 'LogExpr') return this.logExpr(top);
    if (top?.name === 'MetricExpr') return this.metric(top);
    return this.unsupported(expr);
  }

  logExpr(n: SyntaxNode): LogQuery {
    const inner = n.getChild('LogExpr');
    return inner ? this.logExpr(inner) : this.log(this.child(n, 'Selector'), n.getChild('PipelineExpr'));
  }

  log(selector: SyntaxNode, pipeline: SyntaxNode | null): LogQuery {
    const matchers = all(selector, 'Matcher').map((m) => this.matcher(m));
    if (matchers.every((m) => m({}))) throw new LogqlParseError(null, EMPTY_COMPATIBLE);
    const q: LogQuery = { kind: 'log', matchers, stages: [], usesLine: false, mutates: false, legacy: this.legacy };
    for (const stage of all(pipeline, 'PipelineStage')) this.stage(stage, q);
    return q;
  }

  matcher(n: SyntaxNode): LabelPred {
    const [id, op, value] = kids(n);
    if (!id || !op || !value) return this.unsupported(n);
    const name = this.text(id);
    const want = stringValue(this.src, value);
    if (op.name === 'Eq') return (l) => (l[name] ?? '') === want;
    if (op.name === 'Neq') return (l) => (l[name] ?? '') !== want;
    const re = re2(want, true);
    return op.name === 'Re' ? (l) => re.test(l[name] ?? '') : (l) => !re.test(l[name] ?? '');
  }

  stage(n: SyntaxNode, q: LogQuery): void {
    const lineFilters = n.getChild('LineFilters');
    if (lineFilters) {
      for (const f of all(lineFilters, 'LineFilter')) q.stages.push(this.lineFilter(f));
      q.usesLine = true;
      return;
    }
    const [, body] = kids(n);
    if (!body) return this.unsupported(n);
    const parser = body.name === 'LogfmtParser' ? 'logfmt' : body.name === 'LabelParser' && body.getChild('Json') ? 'json' : null;
    if (parser) {
      q.stages.push((labels, line, stream) => (applyParser(parser, labels, stream, line), true));
      q.usesLine = q.mutates = true;
    } else if (body.name === 'JsonExpressionParser' || body.name === 'LogfmtExpressionParser' || (body.name === 'LabelParser' && body.getChild('Unpack'))) {
      // Named extraction and unpack are outside the mock's subset: the lines pass unchanged.
      q.usesLine = true;
    } else if (body.name === 'DropLabelsExpr') {
      q.stages.push(this.drop(body));
      q.mutates = true;
    } else if (body.name === 'LabelFilter') {
      const pred = this.labelFilter(body, q);
      q.stages.push((labels) => pred(labels));
    } else this.unsupported(body);
  }

  lineFilter(n: SyntaxNode): Stage {
    if (all(n, 'FilterOp').length > 0) this.unsupported(n);
    const op = this.text(this.child(n, 'Filter'));
    const needles = all(n, 'String').map((s) => stringValue(this.src, s));
    const stage = (v: string) => `stage '${op} ${JSON.stringify(v)}' : `;
    let test: (line: string, needle: number) => boolean;
    if (op === '|>' || op === '!>') {
      const patterns = needles.map((v) => parseLinePattern(v, op));
      test = (line, i) => testLinePattern(patterns[i] ?? [], line);
    } else if (op === '|~' || op === '!~') {
      const res = needles.map((v) => re2(v, false, stage(v)));
      test = (line, i) => (res[i] as RegExp).test(line);
    } else test = (line, i) => line.includes(needles[i] as string);
    // `|= "a" or "b"` keeps lines with either; `!= "a" or "b"` lines with neither.
    const any = (line: string) => needles.some((_, i) => test(line, i));
    return op.startsWith('|') ? (_l, line) => any(line) : (_l, line) => !any(line);
  }

  /** `drop a, b="v", c=~"re"`: removes the labels (those with a matcher only when it matches). */
  drop(n: SyntaxNode): Stage {
    const drops = all(n, 'DropLabel').map((d) => {
      const m = d.getChild('Matcher');
      return { name: this.text(m ? this.child(m, 'Identifier') : this.child(d, 'Identifier')), when: m ? this.matcher(m) : null };
    });
    return (labels) => {
      for (const d of drops) if (!d.when || d.when(labels)) delete labels[d.name];
      return true;
    };
  }

  labelFilter(n: SyntaxNode, q: LogQuery): LabelPred {
    const parts = kids(n);
    const [first] = parts;
    if (!first) return this.unsupported(n);
    if (first.name === 'Matcher') return this.matcher(first);
    if (first.name === 'NumberFilter') return this.compare(first, 'number', q);
    if (first.name === 'UnitFilter') {
      const unit = first.firstChild ?? this.unsupported(first);
      return this.compare(unit, unit.name === 'DurationFilter' ? 'duration' : 'bytes', q);
    }
    if (first.name !== 'LabelFilter') return this.unsupported(first);
    const left = this.labelFilter(first, q);
    const last = parts[parts.length - 1] as SyntaxNode;
    if (last === first) return left; // ( … )
    const right = this.labelFilter(last, q);
    return parts[1]?.name === 'Or' ? (l) => left(l) || right(l) : (l) => left(l) && right(l);
  }

  /**
   * `n > 5`, `d >= 10ms`, `b < 1KB`, as Loki's numeric filters: a line without the label is
   * dropped; one whose value does not convert is kept with `__error__="LabelFilterErr"`; a line
   * that already has an error passes.
   */
  compare(n: SyntaxNode, kind: 'number' | 'duration' | 'bytes', q: LogQuery): LabelPred {
    const [id, op, value] = kids(n);
    const cmp = op ? COMPARE[op.name] : undefined;
    if (!id || !cmp || !value) return this.unsupported(n);
    const text = this.text(value).replace(/\s+/g, '');
    const want = kind === 'number' ? Number(text) : kind === 'duration' ? durationMs(text) : convert('bytes', text);
    if (want === null) return this.unsupported(n);
    const name = this.text(id);
    q.mutates = true;
    return (labels) => {
      if (labels.__error__) return true;
      const v = labels[name];
      if (v === undefined) return false;
      const got = convert(kind, v);
      if (got !== null) return cmp(got, want);
      labels.__error__ = 'LabelFilterErr';
      labels.__error_details__ = kind === 'number' ? `strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax` : `time: invalid duration ${JSON.stringify(v)}`;
      return true;
    };
  }

  metric(n: SyntaxNode): MetricQuery {
    const [e] = kids(n);
    if (e?.name === 'MetricExpr') return this.metric(e);
    if (e?.name === 'VectorAggregationExpr') {
      const op = this.text(this.child(e, 'VectorOp')).toLowerCase();
      const inner = this.metric(this.child(e, 'MetricExpr'));
      if (!AGGS.has(op) || e.getChild('Number') || inner.agg) return this.unsupported(e);
      const g = e.getChild('Grouping');
      const labels = all(g, 'Identifier').map((id) => this.text(id));
      const without = g?.getChild('Without') ? labels : null;
      return { ...inner, agg: { op: op as VectorAgg, by: g && !without ? labels : null, without } };
    }
    if (e?.name !== 'RangeAggregationExpr') return this.unsupported(n);
    const fn = RANGE_FNS[this.child(e, 'RangeOp').firstChild?.name ?? ''];
    const range = this.child(e, 'LogRangeExpr');
    if (fn && e.getChild('Grouping')) throw new LogqlParseError(null, `grouping not allowed for ${fn} aggregation`);
    if (!fn || e.getChild('Number') || range.getChild('OffsetExpr') || range.getChild('UnwrapExpr')) return this.unsupported(e);
    const log = this.log(this.child(range, 'Selector'), range.getChild('PipelineExpr'));
    return { kind: 'metric', fn, rangeMs: durationMs(this.text(this.child(range, 'Range'))), log, agg: null };
  }
}

/**
 * Parses a LogQL query; throws LogqlParseError with Loki's message on bad syntax. `legacy`:
 * as Loki 2.9 parses (no `|>` / `!>`, no `or` between line filters).
 */
export function parseLogql(query: string, opts: { legacy?: boolean } = {}): LogQuery | MetricQuery {
  const tree = parseTree(query, opts);
  const expr = tree.topNode.getChild('Expr');
  if (!expr) throw new LogqlParseError(1, 'syntax error: unexpected $end');
  return new Walker(query, opts.legacy ?? false).query(expr);
}

export function matchesStream(q: LogQuery, labels: Labels): boolean {
  return q.matchers.every((m) => m(labels));
}

export function matchesLine(q: LogQuery, labels: Labels, line: string): boolean {
  return lineLabels(q, labels, line) !== null;
}

/** The line's labels after the pipeline (`labels` itself when no stage changes them); null: filtered out. */
export function lineLabels(q: LogQuery, labels: Labels, line: string): Labels | null {
  const own = q.mutates ? { ...labels } : labels;
  return q.stages.every((s) => s(own, line, labels)) ? own : null;
}

/** The output labels of a series after the vector aggregation's grouping. */
export function groupLabels(q: MetricQuery, labels: Labels): Labels {
  if (!q.agg) return labels;
  const { by, without } = q.agg;
  if (by) return Object.fromEntries(by.filter((k) => labels[k] !== undefined && labels[k] !== '').map((k) => [k, labels[k] as string]));
  if (without) return Object.fromEntries(Object.entries(labels).filter(([k]) => !without.includes(k)));
  return {};
}
