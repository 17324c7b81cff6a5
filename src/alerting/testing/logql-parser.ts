/**
 * Test-only: a compact recursive-descent LogQL parser for the subset the Loki ruler export
 * emits (ours, not Loki's: it follows Loki's grammar and lexer rules but is not Loki's code).
 *   expr     := metric [ cmp [bool] NUMBER ]
 *   metric   := AGG [grouping] '(' metric ')' [grouping] | RANGEFN '(' log '[' DURATION ']' ')'
 *   log      := '{' matcher (',' matcher)* '}' stage*
 *   stage    := ('|=' | '!=' | '|~' | '!~') STRING | '|' (json | logfmt | labelExpr)
 *   labelExpr:= term (('and' | 'or' | ',') term)* ; term := '(' labelExpr ')' | IDENT op (STRING | NUMBER)
 * Strings are Go-quoted ("…" with \\ \" \n \r \t \xNN \uNNNN …) or raw backticks; regexes must compile.
 */
export class LogqlSyntaxError extends Error {}

type Tok = { k: 'id' | 'str' | 'num' | 'dur' | 'op' | 'end'; v: string; at: number };

const OPS = ['|=', '|~', '!=', '!~', '=~', '==', '>=', '<=', '|', '=', '>', '<', '{', '}', '(', ')', '[', ']', ','];
const ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const fail = (m: string): never => {
    throw new LogqlSyntaxError(`${m} at ${i}`);
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    const at = i;
    if (c === '"') {
      let v = '';
      for (i++; ; i++) {
        const d = src[i];
        if (d === undefined || d === '\n') fail('unterminated string');
        if (d === '"') break;
        if (d !== '\\') { v += d; continue; }
        const e = src[++i] ?? '';
        if (e in ESC) v += ESC[e];
        else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 1, i + 3))) { v += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16)); i += 2; }
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 1, i + 5))) { v += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16)); i += 4; }
        else fail(`invalid escape \\${e}`);
      }
      i++;
      out.push({ k: 'str', v, at });
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) fail('unterminated raw string');
      out.push({ k: 'str', v: src.slice(i + 1, end), at });
      i = end + 1;
      continue;
    }
    const dur = /^(?:\d+(?:ms|s|m|h|d|w|y))+/.exec(src.slice(i));
    if (dur) { out.push({ k: 'dur', v: dur[0], at }); i += dur[0].length; continue; }
    const num = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) { out.push({ k: 'num', v: num[0], at }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ k: 'id', v: id[0], at }); i += id[0].length; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail(`unexpected character ${JSON.stringify(c)}`);
    out.push({ k: 'op', v: op as string, at });
    i += (op as string).length;
  }
  out.push({ k: 'end', v: '', at: src.length });
  return out;
}

export interface Matcher { name: string; op: string; value: string }
export type LabelExpr = { and: LabelExpr[] } | { or: LabelExpr[] } | { name: string; op: string; value: string | number };
export type Stage = { line: string; value: string } | { parser: string } | { labels: LabelExpr };
export interface LogExpr { matchers: Matcher[]; stages: Stage[] }
export type MetricExpr =
  | { agg: string; by: string[] | null; without: string[] | null; inner: MetricExpr }
  | { fn: string; log: LogExpr; range: string };
export interface AlertExpr { metric: MetricExpr; compare: { op: string; bool: boolean; value: number } | null }

const AGGS = new Set(['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'topk', 'bottomk']);
const RANGE_FNS = new Set(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time']);
const CMP = new Set(['>', '>=', '<', '<=', '==', '!=']);

function regex(source: string): void {
  const body = source.startsWith('(?i)') ? source.slice(4) : source;
  try {
    new RegExp(body, source.startsWith('(?i)') ? 'i' : '');
  } catch (e) {
    throw new LogqlSyntaxError(`invalid regex ${JSON.stringify(source)}: ${(e as Error).message}`);
  }
}

class P {
  i = 0;
  constructor(readonly t: Tok[]) {}
  peek(): Tok { return this.t[this.i] as Tok; }
  next(): Tok { const x = this.peek(); if (x.k !== 'end') this.i++; return x; }
  fail(x: Tok, want: string): never { throw new LogqlSyntaxError(`unexpected ${x.k === 'end' ? 'end of input' : JSON.stringify(x.v)} at ${x.at}, expecting ${want}`); }
  op(v: string): void { const x = this.next(); if (x.k !== 'op' || x.v !== v) this.fail(x, v); }
  isOp(v: string): boolean { const x = this.peek(); return x.k === 'op' && x.v === v; }

  alert(): AlertExpr {
    const metric = this.metric();
    let compare: AlertExpr['compare'] = null;
    const x = this.peek();
    if (x.k === 'op' && CMP.has(x.v)) {
      this.next();
      const bool = this.peek().k === 'id' && this.peek().v === 'bool';
      if (bool) this.next();
      const n = this.next();
      if (n.k !== 'num') this.fail(n, 'NUMBER');
      compare = { op: x.v, bool, value: Number(n.v) };
    }
    if (this.peek().k !== 'end') this.fail(this.peek(), 'end of query');
    return { metric, compare };
  }
  grouping(): { by: string[] | null; without: string[] | null } | null {
    const x = this.peek();
    if (x.k !== 'id' || (x.v !== 'by' && x.v !== 'without')) return null;
    this.next();
    this.op('(');
    const names: string[] = [];
    while (!this.isOp(')')) {
      const n = this.next();
      if (n.k !== 'id') this.fail(n, 'label name');
      names.push(n.v);
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.fail(this.peek(), ', or )');
    }
    this.next();
    return x.v === 'by' ? { by: names, without: null } : { by: null, without: names };
  }
  metric(): MetricExpr {
    const h = this.next();
    if (h.k === 'id' && AGGS.has(h.v)) {
      let g = this.grouping();
      this.op('(');
      const inner = this.metric();
      this.op(')');
      g ??= this.grouping();
      return { agg: h.v, by: g?.by ?? null, without: g?.without ?? null, inner };
    }
    if (h.k !== 'id' || !RANGE_FNS.has(h.v)) this.fail(h, 'an aggregation or range function');
    this.op('(');
    const log = this.log();
    this.op('[');
    const d = this.next();
    if (d.k !== 'dur') this.fail(d, 'DURATION');
    this.op(']');
    this.op(')');
    return { fn: h.v, log, range: d.v };
  }
  log(): LogExpr {
    this.op('{');
    const matchers: Matcher[] = [];
    for (;;) {
      const n = this.next();
      if (n.k !== 'id') this.fail(n, 'label name');
      const o = this.next();
      if (o.k !== 'op' || !['=', '!=', '=~', '!~'].includes(o.v)) this.fail(o, 'a matcher operator');
      const v = this.next();
      if (v.k !== 'str') this.fail(v, 'STRING');
      if (o.v === '=~' || o.v === '!~') regex(v.v);
      matchers.push({ name: n.v, op: o.v, value: v.v });
      if (this.isOp(',')) { this.next(); continue; }
      this.op('}');
      break;
    }
    const nonEmpty = matchers.some((m) => (m.op === '=' && m.value !== '') || (m.op === '=~' && !new RegExp(`^(?:${m.value.replace(/^\(\?i\)/, '')})$`).test('')));
    if (!nonEmpty) throw new LogqlSyntaxError('queries require at least one regexp or equality matcher that does not have an empty-compatible value');
    const stages: Stage[] = [];
    for (;;) {
      const x = this.peek();
      if (x.k !== 'op') break;
      if (['|=', '!=', '|~', '!~'].includes(x.v)) {
        this.next();
        const s = this.next();
        if (s.k !== 'str') this.fail(s, 'STRING');
        if (x.v === '|~' || x.v === '!~') regex(s.v);
        stages.push({ line: x.v, value: s.v });
      } else if (x.v === '|') {
        this.next();
        const y = this.peek();
        if (y.k === 'id' && (y.v === 'json' || y.v === 'logfmt')) { this.next(); stages.push({ parser: y.v }); }
        else stages.push({ labels: this.labelOr() });
      } else break;
    }
    return { matchers, stages };
  }
  labelOr(): LabelExpr {
    const parts = [this.labelAnd()];
    while (this.peek().k === 'id' && this.peek().v === 'or') { this.next(); parts.push(this.labelAnd()); }
    return parts.length === 1 ? (parts[0] as LabelExpr) : { or: parts };
  }
  labelAnd(): LabelExpr {
    const parts = [this.labelTerm()];
    while ((this.peek().k === 'id' && this.peek().v === 'and') || this.isOp(',')) { this.next(); parts.push(this.labelTerm()); }
    return parts.length === 1 ? (parts[0] as LabelExpr) : { and: parts };
  }
  labelTerm(): LabelExpr {
    if (this.isOp('(')) { this.next(); const e = this.labelOr(); this.op(')'); return e; }
    const n = this.next();
    if (n.k !== 'id') this.fail(n, 'label name');
    const o = this.next();
    if (o.k !== 'op' || !['=', '!=', '=~', '!~', '==', '>', '>=', '<', '<='].includes(o.v)) this.fail(o, 'a label filter operator');
    const v = this.next();
    if (v.k === 'str' && ['=', '!=', '=~', '!~'].includes(o.v)) {
      if (o.v === '=~' || o.v === '!~') regex(v.v);
      return { name: n.v, op: o.v, value: v.v };
    }
    if ((v.k === 'num' || v.k === 'dur') && !['=~', '!~'].includes(o.v)) return { name: n.v, op: o.v, value: Number.parseFloat(v.v) };
    return this.fail(v, 'STRING or NUMBER');
  }
}

/** Parses an alerting expression; throws LogqlSyntaxError on anything outside the grammar. */
export function parseAlertExpr(src: string): AlertExpr {
  return new P(lex(src)).alert();
}
