/**
 * The counting paths (per-bucket tallies, no line rendered) answer exactly what rendering every
 * line and counting it answers, on both wires, over ranges that hold the incident scenario's
 * tracebacks: Loki counts one entry per line, Elasticsearch one document per (merged) event.
 */
import { describe, expect, it } from 'vitest';
import { createScenario, INCIDENT_OFFSETS as T } from '../scenario';
import { esSearch, parseLossless, stringifyLossless } from './elasticsearch';
import { countableAggs, withoutTime } from './es-count';
import { bucketTally, shapeNs, streamKey } from './log-events';
import { countable, evalMetric } from './loki';
import type { MetricQuery } from './logql-eval';
import { parseLogql } from './logql-eval';

const A = Date.UTC(2026, 0, 31, 18, 45, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const scenario = createScenario({ name: 'incident', anchorMs: A });
const now = A + 7_321;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const metric = (query: string) => parseLogql(query) as MetricQuery;
const svc = (name: string) => `| (service_name="${name}" or container="${name}" or app="${name}" or job="${name}")`;

function bothLoki(query: string, start: bigint, end: bigint, step: bigint) {
  const q = metric(query);
  expect(countable(q)).toBe(true);
  const counted = evalMetric(scenario, now, q, start, end, step);
  const rendered = evalMetric(scenario, now, q, start, end, step, { render: true });
  return { counted, rendered };
}

describe('bucket tallies', () => {
  it('count what the ordered shapes hold; their span bounds the shapes\' span', () => {
    for (let b = (A + T.pgStart) / MIN - 5; b < (A + T.pgStart) / MIN + 40; b++) {
      const shapes = scenario.logShapes(b);
      const t = bucketTally(scenario, b);
      const perStream = new Map<string, { events: number; lines: number; minMs: number; maxMs: number }>();
      for (const s of shapes) {
        const k = `${s.service}|${s.level}`;
        const x = perStream.get(k) ?? { events: 0, lines: 0, minMs: s.ms, maxMs: s.ms };
        perStream.set(k, { events: x.events + 1, lines: x.lines + s.lines, minMs: Math.min(x.minMs, s.ms), maxMs: Math.max(x.maxMs, s.ms) });
      }
      const fromTally = new Map([...t.streams].map((id, j) => [`${streamKey(id).service}|${streamKey(id).level}`, { events: t.events[j], lines: t.lines[j], minMs: t.minMs[j], maxMs: t.maxMs[j] }]));
      expect(fromTally).toEqual(perStream);
      const ns = shapes.map((s) => shapeNs(s));
      const lastLine = shapes.map((s) => shapeNs(s, s.lines - 1)).reduce((x, y) => (y > x ? y : x));
      expect(t.firstNs).toBe(ns[0]);
      expect(t.lastNs >= ns[ns.length - 1]! && t.lastNs <= ns[ns.length - 1]! + BigInt(shapes.length)).toBe(true);
      expect(t.lastLineNs >= lastLine && t.lastLineNs <= lastLine + BigInt(shapes.length)).toBe(true);
    }
  });
});

describe('Loki metric queries: counting = rendering', () => {
  // The incident: Postgres outage (tracebacks from the API and worker), SEC 429s, Ollama down.
  const from = A + T.pgStart - 20 * MIN;

  it('sum by level over every service, window edges inside buckets (the log explorer\'s volume)', () => {
    const { counted, rendered } = bothLoki('sum by (level, detected_level) (count_over_time({job=~".+"} [30m]))', ns(from + 12_345), ns(now), ns(30 * MIN));
    expect(counted.series).toEqual(rendered.series);
    expect(counted.scanned).toBe(rendered.scanned);
    expect(counted.series.map((s) => s.metric.level)).toEqual(expect.arrayContaining(['error', 'warning', 'info']));
  });

  it('one service at the error levels, step-aligned (the backtest query)', () => {
    const query = `sum by (level, detected_level) (count_over_time({job=~".+"} ${svc('spine-dev-api')} | (level=~"(?i)(?:error|critical)" or detected_level=~"(?i)(?:error|critical)") [5m]))`;
    const to = Math.floor(now / (5 * MIN)) * 5 * MIN;
    const { counted, rendered } = bothLoki(query, ns(to - 3 * HOUR + 5 * MIN), ns(to), ns(5 * MIN));
    expect(counted.series).toEqual(rendered.series);
    expect(counted.series.reduce((n, s) => n + s.points.length, 0)).toBeGreaterThan(5);
  });

  it('overlapping windows, a sub-millisecond start, rate and per-container grouping', () => {
    const { counted, rendered } = bothLoki('sum by (container) (rate({job="docker", level=~"error|critical|warning"} [7m]))', ns(from) + 654_321n, ns(now), ns(2 * MIN));
    expect(counted.series).toEqual(rendered.series);
    expect(counted.series.length).toBeGreaterThan(2);
  });

  it('an instant query (one window, a 1 ns step)', () => {
    const t = ns(A + T.pgStart + 10 * MIN);
    const { counted, rendered } = bothLoki('count_over_time({job="docker"} [10m])', t, t, 1n);
    expect(counted.series).toEqual(rendered.series);
  });

  it('counts lines, not events: a traceback is one entry per line', () => {
    const start = A + T.pgStart;
    const end = A + T.pgEnd;
    const q = `sum(count_over_time({container="spine-dev-api", level="error"} [${(end - start) / MIN}m]))`;
    const { counted } = bothLoki(q, ns(end), ns(end), 1n);
    const errs = scenario.logs(start, end - 1, { filter: (e) => e.service === 'spine-dev-api' && e.level === 'ERROR' });
    const lines = errs.reduce((n, e) => n + e.lines.length, 0);
    expect(lines).toBeGreaterThan(errs.length * 5);
    // (t − range, t] vs [start, end − 1 ms]: the same lines unless one sits exactly on an edge.
    expect(Number(counted.series[0]?.points[0]?.[1])).toBe(lines);
  });

  it('a line filter or a parser reads the text: no counting path', () => {
    expect(countable(metric('sum(count_over_time({job="docker"} |= "error" [5m]))'))).toBe(false);
    expect(countable(metric('sum(count_over_time({job="docker"} | json [5m]))'))).toBe(false);
    expect(countable(metric('sum(bytes_over_time({job="docker"} [5m]))'))).toBe(false);
  });
});

function bothEs(body: { query: unknown; aggs?: Record<string, unknown> }, index = 'spine-logs-*') {
  // The counting path is the one taken for these bodies…
  expect(withoutTime(body.query)).not.toBeNull();
  expect(countableAggs(body.aggs ?? null)).not.toBeNull();
  const text = stringifyLossless(body);
  const strip = (reply: { status: number; body: string }) => {
    const json = parseLossless(reply.body) as Record<string, unknown>;
    delete json.took;
    return { status: reply.status, json };
  };
  return { counted: strip(esSearch(scenario, now, index, text)), rendered: strip(esSearch(scenario, now, index, text, { render: true })) };
}

const timeRange = (from: number, to: number) => ({ range: { '@timestamp': { gte: from, lte: to, format: 'epoch_millis' } } });

describe('Elasticsearch aggregations: counting = rendering', () => {
  const from = A + T.pgStart - 20 * MIN + 4_321;

  it('the adapter\'s volume search (date_histogram × level terms, services filter)', () => {
    const body = {
      size: 0,
      track_total_hits: false,
      query: { bool: { filter: [timeRange(from, now), { bool: { should: [{ terms: { 'service.name': ['spine-dev-api', 'genai-spine-api'] } }, { terms: { 'container.name': ['spine-dev-api', 'genai-spine-api'] } }], minimum_should_match: 1 } }] } },
      aggs: { volume: { date_histogram: { field: '@timestamp', fixed_interval: '300000ms', min_doc_count: 0, extended_bounds: { min: from, max: now }, format: 'epoch_millis' }, aggs: { level_0: { terms: { field: 'log.level', size: 20 } }, level_1: { terms: { field: 'level', size: 20 } } } } },
    };
    const { counted, rendered } = bothEs(body);
    expect(counted).toEqual(rendered);
    expect(JSON.stringify(counted.json)).toContain('"critical"');
  });

  it('odd intervals, offsets, nested terms, filter / value_count / min / max, track_total_hits', () => {
    const body = {
      size: 0,
      track_total_hits: true,
      query: { bool: { filter: [timeRange(from, now - 999)], must_not: [{ term: { 'log.level': 'debug' } }] } },
      aggs: {
        by_service: { terms: { field: 'service.name', size: 3 }, aggs: { first: { min: { field: '@timestamp' } }, last: { max: { field: '@timestamp' } }, n: { value_count: { field: '@timestamp' } } } },
        hist: { date_histogram: { field: '@timestamp', fixed_interval: '7m', offset: 90_000, min_doc_count: 1 }, aggs: { errs: { filter: { terms: { 'log.level': ['error', 'critical'] } } }, streams: { terms: { field: 'stream' } } } },
      },
    };
    const { counted, rendered } = bothEs(body);
    expect(counted).toEqual(rendered);
    expect((counted.json.hits as { total: { value: number } }).total.value).toBeGreaterThan(1000);
  });

  it('one document per event: a traceback is one document', () => {
    const start = A + T.pgStart;
    const end = A + T.pgEnd - 1;
    const body = { size: 0, track_total_hits: true, query: { bool: { filter: [timeRange(start, end), { term: { 'service.name': 'spine-dev-api' } }, { term: { 'log.level': 'error' } }] } } };
    const { counted, rendered } = bothEs(body);
    expect(counted).toEqual(rendered);
    const events = scenario.logs(start, end, { filter: (e) => e.service === 'spine-dev-api' && e.level === 'ERROR' });
    expect((counted.json.hits as { total: { value: number } }).total.value).toBe(events.length);
  });

  it('full text, logger or error fields, or a time range outside AND context: no counting path', () => {
    expect(withoutTime({ bool: { filter: [timeRange(0, 1)], must: [{ match_phrase: { message: { query: 'refused' } } }] } })).toBeNull();
    expect(withoutTime({ query_string: { query: 'level:error' } })).toBeNull();
    expect(withoutTime({ term: { 'log.logger': 'x' } })).toBeNull();
    expect(withoutTime({ bool: { should: [timeRange(0, 1)] } })).toBeNull();
    expect(withoutTime({ bool: { filter: [timeRange(0, 1), { term: { 'log.level': 'error' } }] } })).toEqual({ bool: { filter: [{ match_all: {} }, { term: { 'log.level': 'error' } }] } });
    expect(countableAggs({ t: { terms: { field: 'log.logger' } } })).toBeNull();
    expect(countableAggs({ f: { filter: timeRange(0, 1) } })).toBeNull();
    expect(countableAggs({ t: { terms: { field: 'level' } } })).not.toBeNull(); // no document has it
  });
});
