/**
 * The mock's Loki 3 endpoints `/patterns`, `/detected_fields` and `/detected_field/<name>/values`, rendered from the same
 * simulated scenario as query_range, in Loki's wire format (notes A.2).
 */
import type { Scenario } from '../scenario';
import { walkEvents } from './log-events';
import { durationMs } from './logql-syntax';
import { matchesStream } from './logql-eval';
import type { LokiReply } from './loki';
import { badRequest, bounds, collectEntries, isReply, parse, streamLabels } from './loki';
import { parseLinePattern } from './loki-pattern';
import { jsonFields, logfmtFields, typeOf, type FieldType } from './loki-parsers';


const NS_PER_MS = 1_000_000n;

function safePattern(token: string): string {
  if (/\d/.test(token)) return '<_>';
  try {
    parseLinePattern(token);
    return token;
  } catch {
    return '<_>';
  }
}

/**
 * The mock's stand-in for Loki's drain (see patternOfLine), with captures that always parse. Like
 * Loki's (pkg/pattern/drain/line_tokenizer.go: Join loses every space after a leading one), a line
 * that starts with a space gives a pattern with no space at all, `<_><_>` deduplicated.
 */
export function minePattern(line: string): string {
  const tokens = line.split(' ').map(safePattern);
  return line.startsWith(' ') ? tokens.join('').replace(/(?:<_>)+/g, '<_>') : tokens.join(' ');
}

/**
 * `GET /loki/api/v1/patterns`: label matchers only (the pattern ingester takes no pipeline);
 * every entry of the matching streams in [start, end) counted under its pattern per step.
 */
export function lokiPatterns(scenario: Scenario, nowMs: number, params: URLSearchParams): LokiReply {
  const b = bounds(params, nowMs);
  if (isReply(b)) return b;
  const q = parse(params.get('query'));
  if (isReply(q)) return q;
  if (q.kind !== 'log' || q.stages.length > 0) return badRequest('only label matchers are supported in a patterns query');
  const stepRaw = params.get('step');
  const stepMs = stepRaw ? (/^\d+(\.\d+)?$/.test(stepRaw) ? Number(stepRaw) * 1000 : durationMs(stepRaw)) : 10_000;
  if (!(stepMs >= 1000)) return badRequest('invalid step: must be at least 1s');
  const step = BigInt(Math.round(stepMs)) * NS_PER_MS;
  const series = new Map<string, Map<number, number>>();
  const fromMs = Number(b.start / NS_PER_MS) - 1;
  const toMs = Math.min(nowMs, Number((b.end - 1n) / NS_PER_MS));
  walkEvents(scenario, fromMs, toMs, 'forward', (e) => {
    if (!matchesStream(q, streamLabels(e))) return true;
    const first = BigInt(e.tsNs);
    e.lines.forEach((line, i) => {
      const ns = first + BigInt(i);
      if (ns < b.start || ns >= b.end) return;
      const pattern = minePattern(line);
      const at = Number(((ns / step) * step) / 1_000_000_000n);
      let samples = series.get(pattern);
      if (!samples) series.set(pattern, (samples = new Map()));
      samples.set(at, (samples.get(at) ?? 0) + 1);
    });
    return true;
  });
  const data = [...series]
    .map(([pattern, samples]) => ({ pattern, samples: [...samples].sort(([a], [c]) => a - c) }))
    .sort((a, c) => (a.pattern < c.pattern ? -1 : a.pattern > c.pattern ? 1 : 0));
  return { status: 200, json: { status: 'success', data } };
}

interface FoundField {
  values: Set<string>;
  type: FieldType;
  parsers: Set<string>;
}

/**
 * Runs the log query over the newest `line_limit` lines (default 100, as Loki) and collects the
 * fields the json / logfmt parsers find in them (stream labels excluded), with their values.
 */
function scanFields(scenario: Scenario, nowMs: number, params: URLSearchParams): Map<string, FoundField> | LokiReply {
  const b = bounds(params, nowMs);
  if (isReply(b)) return b;
  const q = parse(params.get('query'));
  if (isReply(q)) return q;
  if (q.kind !== 'log') return badRequest('detected fields need a log query, not a metric query');
  const lineLimit = Number(params.get('line_limit') ?? 100);
  if (!Number.isInteger(lineLimit) || lineLimit <= 0) return badRequest('line_limit must be a positive integer');
  const { entries } = collectEntries(scenario, nowMs, q, b, lineLimit, 'backward');
  const found = new Map<string, FoundField>();
  for (const entry of entries) {
    const json = jsonFields(entry.line);
    const [parser, fields] = json ? ['json', json] : ['logfmt', logfmtFields(entry.line)];
    for (const [name, value] of Object.entries(fields)) {
      if (name in entry.labels || value === '') continue;
      let f = found.get(name);
      if (!f) found.set(name, (f = { values: new Set(), type: typeOf(value), parsers: new Set() }));
      f.values.add(value);
      f.parsers.add(parser);
      if (f.type !== typeOf(value)) f.type = 'string';
    }
  }
  return found;
}

const byCodeUnit = (a: string, c: string) => (a < c ? -1 : a > c ? 1 : 0);

/**
 * `GET /loki/api/v1/detected_fields`: the fields of the newest `line_limit` lines of the query,
 * with the number of distinct values (exact here; Loki estimates it).
 */
export function lokiDetectedFields(scenario: Scenario, nowMs: number, params: URLSearchParams): LokiReply {
  const found = scanFields(scenario, nowMs, params);
  if (isReply(found)) return found;
  const fieldLimit = Number(params.get('field_limit') ?? params.get('limit') ?? 1000);
  const fields = [...found]
    .sort(([a], [c]) => byCodeUnit(a, c))
    .slice(0, fieldLimit)
    .map(([label, f]) => ({ label, type: f.type, cardinality: f.values.size, parsers: [...f.parsers].sort() }));
  return { status: 200, json: { fields, limit: fieldLimit } };
}

/**
 * `GET /loki/api/v1/detected_field/<name>/values` (3.3+): the distinct values of one field over the
 * same lines as detected_fields (the query, the range, `line_limit`); `limit` caps the list.
 * A field the lines do not have answers `{"values":[]}`.
 */
export function lokiDetectedFieldValues(scenario: Scenario, nowMs: number, name: string, params: URLSearchParams): LokiReply {
  const found = scanFields(scenario, nowMs, params);
  if (isReply(found)) return found;
  const limit = Number(params.get('limit') ?? 1000);
  if (!Number.isInteger(limit) || limit <= 0) return badRequest('limit must be a positive integer');
  const values = [...(found.get(name)?.values ?? [])].sort(byCodeUnit).slice(0, limit);
  return { status: 200, json: { values, limit } };
}
