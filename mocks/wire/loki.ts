/**
 * Renders the simulator's logs in Grafana Loki's HTTP wire format (notes A.1-A.4). Pure:
 * (scenario, now, request params) → reply. One stream per (container, level) with Promtail's
 * docker labels; one entry per line (tracebacks are not merged: consecutive ns timestamps).
 * Timestamps stay strings / BigInt end to end.
 */
import type { Scenario, SimLevel, SimLogEvent } from '../scenario';
import type { LogQuery, MetricQuery } from './logql-eval';
import { groupLabels, lineLabels, LogqlParseError, matchesStream, parseLogql } from './logql-eval';
import { durationMs } from './logql-syntax';
import { bucketTally, msToNsBig, shapeNs, streamId, streamKey, streamOf, walkEvents } from './log-events';
import { BUCKET_MS } from '../scenario';

export type Labels = Record<string, string>;
export type LokiReply = { status: number; json: unknown } | { status: number; text: string };
type Entry = [string, string] | [string, string, { structuredMetadata?: Labels; parsed?: Labels }];

export const LOKI_VERSION = '3.4.2';
/** The `loki-2.9` scenario's server: no /patterns, no /detected_fields, no `|>`. */
export const LOKI_OLD_VERSION = '2.9.17';
export const MAX_ENTRIES_LIMIT = 5000;
const NS_PER_MS = 1_000_000n;

const labelCache = new Map<string, Labels>();
/** Promtail docker-job labels, keys sorted, plus Loki 3's `service_name`. */
export function streamLabels(e: Pick<SimLogEvent, 'service' | 'level'>): Labels {
  const key = `${e.service}|${e.level}`;
  let labels = labelCache.get(key);
  if (!labels) {
    labels = { container: e.service, job: 'docker', level: e.level.toLowerCase(), service_name: e.service, stream: streamOf(e) };
    labelCache.set(key, labels);
  }
  return labels;
}

/** Loki 3's distributor (discover_log_levels) names the stream's level in `detected_level`, normalised. */
const DETECTED_LEVEL: Record<string, string> = { warning: 'warn' };
const withMetadataCache = new Map<Labels, Labels>();

/**
 * What a line's pipeline starts from: the stream labels, and on Loki 3 its structured metadata
 * (`detected_level`), which label filters and `by (…)` see but a stream selector does not.
 */
export function pipelineLabels(stream: Labels, legacy: boolean): Labels {
  if (legacy) return stream;
  let labels = withMetadataCache.get(stream);
  if (!labels) {
    const level = stream.level ?? '';
    labels = { ...stream, detected_level: DETECTED_LEVEL[level] ?? level };
    withMetadataCache.set(stream, labels);
  }
  return labels;
}

/** The event's Loki entries: one per line, at tsNs, tsNs+1, … */
export function eventEntries(e: SimLogEvent): Array<{ ns: bigint; line: string }> {
  const base = BigInt(e.tsNs);
  return e.lines.map((line, i) => ({ ns: base + BigInt(i), line }));
}

export const badRequest = (text: string): LokiReply => ({ status: 400, text });

/** Loki time parameter: ≤10-digit int = seconds, longer = ns, with '.' = float seconds (ms), else RFC3339. */
export function parseLokiTime(value: string): bigint | null {
  const v = value.trim();
  if (/^-?\d+$/.test(v)) return v.replace('-', '').length <= 10 ? BigInt(v) * 1_000_000_000n : BigInt(v);
  if (/^-?\d*\.\d+$/.test(v)) return BigInt(Math.round(Number(v) * 1000)) * NS_PER_MS;
  const ms = Date.parse(v);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  const frac = /\.(\d+)/.exec(v)?.[1] ?? '';
  return msToNsBig(ms) + BigInt(frac.slice(3, 9).padEnd(6, '0'));
}

export interface Bounds {
  start: bigint;
  end: bigint;
}

export function bounds(params: URLSearchParams, nowMs: number): Bounds | LokiReply {
  const now = msToNsBig(nowMs);
  const since = params.get('since');
  const sinceNs = since ? BigInt(Math.round(durationMs(since))) * NS_PER_MS : 3_600_000_000_000n;
  const endRaw = params.get('end');
  const end = endRaw ? parseLokiTime(endRaw) : now;
  if (end === null) return badRequest(`invalid end parameter: cannot parse "${endRaw ?? ''}" to a valid timestamp`);
  const startRaw = params.get('start');
  const start = startRaw ? parseLokiTime(startRaw) : (end > now ? now : end) - sinceNs;
  if (start === null) return badRequest(`invalid start parameter: cannot parse "${startRaw ?? ''}" to a valid timestamp`);
  if (end < start) return badRequest('end timestamp must not be before or equal to start time');
  return { start, end };
}

export function parse(query: string | null, legacy = false): LogQuery | MetricQuery | LokiReply {
  try {
    return parseLogql(query ?? '', { legacy });
  } catch (error) {
    if (error instanceof LogqlParseError) return badRequest(error.message);
    throw error;
  }
}

export const isReply = (x: object): x is LokiReply => 'status' in x;

function stats(linesProcessed: number, bytes: number, returned: number) {
  return {
    summary: {
      bytesProcessedPerSecond: bytes * 100,
      execTime: 0.01,
      linesProcessedPerSecond: linesProcessed * 100,
      queueTime: 0.0005,
      shards: 1,
      splits: 1,
      subqueries: 1,
      totalBytesProcessed: bytes,
      totalEntriesReturned: returned,
      totalLinesProcessed: linesProcessed,
      totalStructuredMetadataBytesProcessed: 0,
      totalPostFilterLines: returned,
    },
  };
}

interface Collected {
  ns: bigint;
  line: string;
  /** The stream's labels. */
  labels: Labels;
  /** After the pipeline: with structured metadata and parsed labels. */
  final: Labels;
  order: number;
}

/**
 * Matching entries with start <= ns < end, newest (`backward`) or oldest (`forward`) first,
 * at most `limit` across all streams. Also used by the tail.
 */
export function collectEntries(scenario: Scenario, nowMs: number, q: LogQuery, b: Bounds, limit: number, direction: 'forward' | 'backward'): { entries: Collected[]; scanned: number; bytes: number } {
  const out: Collected[] = [];
  let scanned = 0;
  let bytes = 0;
  let boundary: bigint | null = null;
  const fromMs = Number(b.start / NS_PER_MS) - 1; // a traceback's lines may start in the previous ms
  const toMs = Math.min(nowMs, Number((b.end - 1n) / NS_PER_MS));
  walkEvents(scenario, fromMs, toMs, direction, (e) => {
    const first = BigInt(e.tsNs);
    if (boundary !== null) {
      // Past the limit: only events whose lines could still interleave with the boundary matter.
      if (direction === 'forward' ? first > boundary : first + 1000n < boundary) return false;
    }
    const labels = streamLabels(e);
    if (!matchesStream(q, labels)) return true;
    const input = pipelineLabels(labels, q.legacy);
    e.lines.forEach((line, i) => {
      const ns = first + BigInt(i);
      if (ns < b.start || ns >= b.end) return;
      scanned++;
      bytes += line.length;
      const final = lineLabels(q, input, line);
      if (final) out.push({ ns, line, labels, final, order: out.length });
    });
    if (boundary === null && out.length >= limit) {
      out.sort(sorter(direction));
      boundary = out[limit - 1]?.ns ?? null;
    }
    return true;
  });
  out.sort(sorter(direction));
  return { entries: out.slice(0, limit), scanned, bytes };
}

function sorter(direction: 'forward' | 'backward') {
  const sign = direction === 'forward' ? 1 : -1;
  return (a: Collected, b: Collected) => (a.ns === b.ns ? a.order - b.order : a.ns < b.ns ? -sign : sign);
}

const sortedLabels = (labels: Labels): Labels => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Per label set (shared ones are computed once): its sorted form, its key, its categorize-labels metadata. */
const shapes = new WeakMap<Labels, { sorted: Labels; key: string; meta: Exclude<Entry[2], undefined> }>();
function shapeOf(final: Labels, stream: Labels) {
  let shape = shapes.get(final);
  if (!shape) {
    const sorted = sortedLabels(final);
    const sm: Labels = {};
    const parsed: Labels = {};
    for (const [k, v] of Object.entries(sorted)) if (!Object.hasOwn(stream, k)) (k === 'detected_level' ? sm : parsed)[k] = v;
    const meta = { ...(Object.keys(sm).length > 0 ? { structuredMetadata: sm } : {}), ...(Object.keys(parsed).length > 0 ? { parsed } : {}) };
    shapes.set(final, (shape = { sorted, key: JSON.stringify(sorted), meta }));
  }
  return shape;
}

/**
 * Groups entries into `{stream, values}` objects, keeping the requested order inside each. With
 * categorize-labels a stream is its labels and each entry carries its structured metadata and
 * parsed labels; without, as Loki 3 answers then, those join the stream labels (one stream per set).
 */
export function toStreams(entries: Collected[], categorize: boolean) {
  const streams = new Map<Labels | string, { stream: Labels; values: Entry[] }>();
  for (const e of entries) {
    const shape = shapeOf(e.final, e.labels);
    const key = categorize ? e.labels : shape.key;
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { stream: categorize ? e.labels : shape.sorted, values: [] }));
    s.values.push(categorize ? [e.ns.toString(), e.line, shape.meta] : [e.ns.toString(), e.line]);
  }
  return [...streams.values()];
}

function envelope(resultType: string, result: unknown, categorize: boolean, st: ReturnType<typeof stats>) {
  return { status: 'success', data: { resultType, ...(categorize ? { encodingFlags: ['categorize-labels'] } : {}), result, stats: st } };
}

export interface QueryRangeOptions {
  /** `X-Loki-Response-Encoding-Flags: categorize-labels` was sent: 3-tuples + encodingFlags. */
  categorize?: boolean;
  /** A Loki 2.9 server: its LogQL (no `|>` / `!>`), no structured metadata. */
  legacy?: boolean;
}

export function lokiQueryRange(scenario: Scenario, nowMs: number, params: URLSearchParams, opts: QueryRangeOptions = {}): LokiReply {
  const b = bounds(params, nowMs);
  if (isReply(b)) return b;
  const q = parse(params.get('query'), opts.legacy);
  if (isReply(q)) return q;
  const limitRaw = params.get('limit');
  const limit = limitRaw === null ? 100 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit <= 0) return badRequest('limit must be a positive value');
  if (limit > MAX_ENTRIES_LIMIT) return badRequest(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${MAX_ENTRIES_LIMIT})`);
  const dirRaw = (params.get('direction') ?? 'backward').toLowerCase();
  if (dirRaw !== 'backward' && dirRaw !== 'forward') return badRequest(`invalid direction '${params.get('direction') ?? ''}'`);
  const categorize = opts.categorize ?? false;
  if (q.kind === 'metric') {
    const stepRaw = params.get('step');
    const stepMs = stepRaw ? (/^\d+(\.\d+)?$/.test(stepRaw) ? Number(stepRaw) * 1000 : durationMs(stepRaw)) : Math.max(Math.floor(Number((b.end - b.start) / NS_PER_MS) / 250_000) * 1000, 1000);
    if (!(stepMs > 0)) return badRequest('zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (Number(b.end - b.start) / 1e6 / stepMs > 11_000) return badRequest('exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
    // Loki evaluates at multiples of the step: from floor(start / step) to ceil(end / step).
    const step = BigInt(Math.round(stepMs)) * NS_PER_MS;
    const { series, scanned, bytes } = evalMetric(scenario, nowMs, q, (b.start / step) * step, ((b.end + step - 1n) / step) * step, step);
    const result = series.map((s) => ({ metric: s.metric, values: s.points.map(([t, v]) => [t, v]) }));
    return { status: 200, json: envelope('matrix', result, false, stats(scanned, bytes, 0)) };
  }
  const { entries, scanned, bytes } = collectEntries(scenario, nowMs, q, b, limit, dirRaw);
  return { status: 200, json: envelope('streams', toStreams(entries, categorize), categorize, stats(scanned, bytes, entries.length)) };
}

export function lokiQueryInstant(scenario: Scenario, nowMs: number, params: URLSearchParams, opts: Pick<QueryRangeOptions, 'legacy'> = {}): LokiReply {
  const q = parse(params.get('query'), opts.legacy);
  if (isReply(q)) return q;
  if (q.kind === 'log') return badRequest('log queries are not supported as an instant query type, please change your query to a range query type');
  const timeRaw = params.get('time');
  const t = timeRaw ? parseLokiTime(timeRaw) : msToNsBig(nowMs);
  if (t === null) return badRequest(`invalid time parameter: cannot parse "${timeRaw ?? ''}" to a valid timestamp`);
  const { series, scanned, bytes } = evalMetric(scenario, nowMs, q, t, t, 1n);
  const result = series.flatMap((s) => s.points.map((p) => ({ metric: s.metric, value: p })));
  return { status: 200, json: envelope('vector', result, false, stats(scanned, bytes, 0)) };
}

/** Whether a metric query can be answered from the simulator's counts, without any line text. */
export function countable(q: MetricQuery): boolean {
  return !q.log.usesLine && (q.fn === 'count_over_time' || q.fn === 'rate');
}

/**
 * Range-vector evaluation at t = start, start+step, … <= end over windows (t - range, t],
 * counting Loki entries (lines), then the vector aggregation. Points with no data are absent.
 * Counting queries (no line filter or parser, count_over_time / rate) read the per-bucket tallies
 * and never render a line: same samples, but `bytes` (a statistic only) is then 0. `render`
 * forces the rendering path (tests and benchmarks compare the two).
 */
export function evalMetric(scenario: Scenario, nowMs: number, q: MetricQuery, start: bigint, end: bigint, step: bigint, opts: { render?: boolean } = {}) {
  const range = BigInt(Math.round(q.rangeMs)) * NS_PER_MS;
  const steps = Number((end - start) / step) + 1;
  const perStream = new Map<Labels, Float64Array>();
  let scanned = 0;
  let bytes = 0;
  const fromMs = Number((start - range) / NS_PER_MS) - 1;
  const toMs = Math.min(nowMs, Number(end / NS_PER_MS));
  // A pipeline that changes labels makes a copy per line: one object per distinct set.
  const interned = new Map<string, Labels>();
  const intern = (labels: Labels) => {
    const key = JSON.stringify(sortedLabels(labels));
    return interned.get(key) ?? (interned.set(key, labels), labels);
  };
  const accOf = (labels: Labels) => {
    let acc = perStream.get(labels);
    if (!acc) {
      acc = new Float64Array(steps);
      perStream.set(labels, acc);
    }
    return acc;
  };
  if (countable(q) && !opts.render) {
    scanned = countEntries(scenario, q, { start, end, step, range, steps, fromMs, toMs }, accOf);
    return { series: aggregate(q, perStream, start, step, steps), scanned, bytes };
  }
  walkEvents(scenario, fromMs, toMs, 'forward', (e) => {
    const labels = streamLabels(e);
    if (!matchesStream(q.log, labels)) return true;
    const input = pipelineLabels(labels, q.log.legacy);
    const first = BigInt(e.tsNs);
    e.lines.forEach((line, i) => {
      const ns = first + BigInt(i);
      if (ns <= start - range || ns > end) return;
      scanned++;
      bytes += line.length;
      const final = lineLabels(q.log, input, line);
      if (!final) return;
      const acc = accOf(final === input ? input : intern(final));
      const weight = q.fn === 'bytes_over_time' || q.fn === 'bytes_rate' ? new TextEncoder().encode(line).length : 1;
      const k0 = ns <= start ? 0 : Number((ns - start + step - 1n) / step);
      for (let k = k0; k < steps && start + BigInt(k) * step < ns + range; k++) acc[k] = (acc[k] ?? 0) + weight;
    });
    return true;
  });
  return { series: aggregate(q, perStream, start, step, steps), scanned, bytes };
}

interface Windows {
  start: bigint;
  end: bigint;
  step: bigint;
  range: bigint;
  steps: number;
  /** Events (by their first line's ms) that the walk visits. */
  fromMs: number;
  toMs: number;
}

/**
 * The counting path of evalMetric: adds every matching line to the samples whose window holds
 * it, from the bucket tallies. A bucket whose lines all fall in the same windows (and in the
 * range) adds its per-stream line counts at once; a bucket a window edge cuts through is counted
 * line by line from its shapes, with exactly the tests the rendering path applies. Returns the
 * lines scanned.
 */
function countEntries(scenario: Scenario, q: MetricQuery, w: Windows, accOf: (labels: Labels) => Float64Array): number {
  if (!(w.toMs >= w.fromMs)) return 0;
  // Samples k whose window (t_k − range, t_k] holds a line at ns: k0 ≤ k < k1.
  const k0 = (ns: bigint) => (ns <= w.start ? 0 : Number((ns - w.start + w.step - 1n) / w.step));
  const k1 = (ns: bigint) => Math.min(w.steps, Math.max(0, Number((ns + w.range - w.start + w.step - 1n) / w.step)));
  const add = (acc: Float64Array, from: number, to: number, n: number) => {
    for (let k = from; k < to; k++) acc[k] = (acc[k] ?? 0) + n;
  };
  // Per stream: null when the selector rejects it (not scanned), else its labels and whether the
  // label-filter stages keep its lines (no stage reads the text: see countable).
  const verdicts = new Map<number, { labels: Labels; kept: boolean } | null>();
  const verdict = (service: string, level: SimLevel, id: number) => {
    let v = verdicts.get(id);
    if (v === undefined) {
      const labels = streamLabels({ service, level });
      const final = matchesStream(q.log, labels) ? lineLabels(q.log, pipelineLabels(labels, q.log.legacy), '') : undefined;
      v = final === undefined ? null : { labels: final ?? labels, kept: final !== null };
      verdicts.set(id, v);
    }
    return v;
  };
  const lo = w.start - w.range;
  let scanned = 0;
  const firstB = Math.floor(w.fromMs / BUCKET_MS);
  const lastB = Math.floor(w.toMs / BUCKET_MS);
  for (let b = firstB; b <= lastB; b++) {
    const t = bucketTally(scenario, b);
    if (t.streams.length === 0) continue;
    const whole = t.firstMs >= w.fromMs && t.lastMs <= w.toMs && t.firstNs > lo && t.lastLineNs <= w.end;
    if (whole) {
      const a = k0(t.firstNs);
      const z = k1(t.firstNs);
      if (a === k0(t.lastLineNs) && z === k1(t.lastLineNs)) {
        for (let j = 0; j < t.streams.length; j++) {
          const id = t.streams[j] as number;
          const key = streamKey(id);
          const v = verdict(key.service, key.level, id);
          if (!v) continue;
          const n = t.lines[j] as number;
          scanned += n;
          if (v.kept && a < z) add(accOf(v.labels), a, z, n);
        }
        continue;
      }
    }
    for (const s of scenario.logShapes(b)) {
      if (s.ms < w.fromMs || s.ms > w.toMs) continue;
      const v = verdict(s.service, s.level, streamId(s.service, s.level));
      if (!v) continue;
      for (let i = 0; i < s.lines; i++) {
        const ns = shapeNs(s, i);
        if (ns <= lo || ns > w.end) continue;
        scanned++;
        if (v.kept) add(accOf(v.labels), k0(ns), k1(ns), 1);
      }
    }
  }
  return scanned;
}

function aggregate(q: MetricQuery, perStream: Map<Labels, Float64Array>, start: bigint, step: bigint, steps: number) {
  const perSec = q.fn === 'rate' || q.fn === 'bytes_rate' ? 1000 / q.rangeMs : 1;
  const groups = new Map<string, { metric: Labels; values: Array<number[]> }>();
  // Streams in label order, whatever order they were met in: float sums (rate) come out the same.
  const streams = [...perStream].map(([labels, acc]) => ({ key: JSON.stringify(labels), labels, acc })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (const { labels, acc } of streams) {
    const metric = groupLabels(q, labels);
    const key = JSON.stringify(Object.entries(metric).sort());
    let g = groups.get(key);
    if (!g) {
      g = { metric: Object.fromEntries(Object.entries(metric).sort(([a], [b2]) => (a < b2 ? -1 : 1))), values: Array.from({ length: steps }, () => []) };
      groups.set(key, g);
    }
    acc.forEach((v, k) => {
      if (v > 0) g.values[k]?.push(v * perSec);
    });
  }
  const combine = (vs: number[]): number => {
    const sum = vs.reduce((a, v) => a + v, 0);
    switch (q.agg?.op) {
      case 'count': return vs.length;
      case 'min': return Math.min(...vs);
      case 'max': return Math.max(...vs);
      case 'avg': return sum / vs.length;
      default: return sum;
    }
  };
  return [...groups.entries()]
    .sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0))
    .map(([, g]) => ({
      metric: g.metric,
      points: g.values.flatMap((vs, k): Array<[number, string]> => (vs.length === 0 ? [] : [[Number((start + BigInt(k) * step) / NS_PER_MS) / 1000, String(combine(vs))]])),
    }))
    .filter((s) => s.points.length > 0);
}

/** Label sets of the streams with entries in [start, end), optionally narrowed by a selector. */
function streamsIn(scenario: Scenario, nowMs: number, params: URLSearchParams): Labels[] | LokiReply {
  const b = bounds(params, nowMs);
  if (isReply(b)) return b;
  const query = params.get('query');
  const q = query ? parse(query) : null;
  if (q && isReply(q)) return q;
  const sel = q ? (q.kind === 'log' ? q : q.log) : null;
  const found = new Set<Labels>();
  // From the buckets' tallies (streams with their first and last event), not the events: a 7-day
  // label list is what the Logs toolbar and selector discovery ask for.
  const fromMs = Number(b.start / NS_PER_MS);
  const toMs = Math.min(nowMs, Number((b.end - 1n) / NS_PER_MS));
  for (let bucket = Math.floor(fromMs / BUCKET_MS); bucket <= Math.floor(toMs / BUCKET_MS); bucket += 1) {
    const tally = bucketTally(scenario, bucket);
    tally.streams.forEach((id, j) => {
      if ((tally.maxMs[j] as number) < fromMs || (tally.minMs[j] as number) > toMs) return;
      const labels = streamLabels(streamKey(id));
      if (!sel || matchesStream(sel, labels)) found.add(labels);
    });
  }
  return [...found];
}

export function lokiLabels(scenario: Scenario, nowMs: number, params: URLSearchParams): LokiReply {
  const streams = streamsIn(scenario, nowMs, params);
  if (!Array.isArray(streams)) return streams;
  return { status: 200, json: { status: 'success', data: [...new Set(streams.flatMap((s) => Object.keys(s)))].sort() } };
}

export function lokiLabelValues(scenario: Scenario, nowMs: number, name: string, params: URLSearchParams): LokiReply {
  const streams = streamsIn(scenario, nowMs, params);
  if (!Array.isArray(streams)) return streams;
  const values = new Set(streams.map((s) => s[name]).filter((v): v is string => v !== undefined));
  return { status: 200, json: { status: 'success', data: [...values].sort() } };
}

export function lokiBuildInfo(version = LOKI_VERSION) {
  return { version, revision: '5d1a7b2c9', branch: 'HEAD', buildUser: 'root@buildkitsandbox', buildDate: '2025-02-10T16:32:19Z', goVersion: 'go1.23.6' };
}

/**
 * One tail frame: entries with fromNs <= ns < toNs, oldest first. The initial look-back keeps
 * the newest `limit` entries (`newest`), later frames everything new up to `limit`.
 */
export function lokiTailFrame(scenario: Scenario, nowMs: number, q: LogQuery, fromNs: bigint, toNs: bigint, limit: number, newest = false) {
  const { entries } = collectEntries(scenario, nowMs, q, { start: fromNs, end: toNs }, limit, newest ? 'backward' : 'forward');
  if (newest) entries.reverse();
  return { streams: toStreams(entries, false) };
}
