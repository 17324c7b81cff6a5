import { describe, expect, it } from 'vitest';
import { createMockController } from '../scenarios';
import { lokiLabels, lokiQueryInstant, lokiQueryRange } from './loki';

const anchorMs = Date.parse('2026-11-28T10:00:00Z');
const ctl = createMockController({ anchorMs, now: () => anchorMs });
const scenario = ctl.scenario();
const ns = (ms: number) => `${ms}000000`;

type Streams = { stream: Record<string, string>; values: [string, string, unknown?][] }[];
function run(params: Record<string, string>, categorize = false) {
  const reply = lokiQueryRange(scenario, anchorMs, new URLSearchParams(params), { categorize });
  if (!('json' in reply)) throw new Error(`unexpected ${reply.status}: ${reply.text}`);
  const json = reply.json as { status: string; data: { resultType: string; result: Streams; encodingFlags?: string[]; stats: unknown } };
  return json;
}
const all = (r: Streams) => r.flatMap((s) => s.values.map((v) => ({ ts: v[0], line: v[1], labels: s.stream })));
const big = (s: string) => BigInt(s);
const base = { query: '{job="docker"}', start: ns(anchorMs - 600_000), end: ns(anchorMs) };

describe('lokiQueryRange (streams)', () => {
  it('answers the envelope with ns strings and sorted label keys', () => {
    const json = run({ ...base, limit: '50' });
    expect(json.status).toBe('success');
    expect(json.data.resultType).toBe('streams');
    expect(json.data.stats).toHaveProperty('summary.totalEntriesReturned', 50);
    for (const s of json.data.result) {
      expect(Object.keys(s.stream)).toEqual([...Object.keys(s.stream)].sort());
      // Loki 3 without categorize-labels: the structured metadata (detected_level) joins the stream labels.
      expect(Object.keys(s.stream)).toEqual(['container', 'detected_level', 'job', 'level', 'service_name', 'stream']);
      for (const [ts] of s.values) expect(ts).toMatch(/^\d{19}$/);
    }
  });

  it('applies the limit across streams: the newest entries overall (backward), oldest (forward)', () => {
    const every = all(run({ ...base, limit: '5000' }).data.result).sort((a, b) => (big(b.ts) > big(a.ts) ? 1 : -1));
    const back = all(run({ ...base, limit: '40' }).data.result);
    expect(back).toHaveLength(40);
    expect(new Set(back.map((e) => e.ts))).toEqual(new Set(every.slice(0, 40).map((e) => e.ts)));
    const fwd = run({ ...base, limit: '40', direction: 'FORWARD' }).data.result;
    expect(new Set(all(fwd).map((e) => e.ts))).toEqual(new Set(every.slice(-40).map((e) => e.ts)));
    for (const s of fwd) for (let i = 1; i < s.values.length; i++) expect(big(s.values[i]![0]) > big(s.values[i - 1]![0])).toBe(true);
    for (const s of run({ ...base, limit: '40' }).data.result) for (let i = 1; i < s.values.length; i++) expect(big(s.values[i]![0]) < big(s.values[i - 1]![0])).toBe(true);
  });

  it('start is inclusive, end exclusive (ns)', () => {
    const [first] = all(run({ ...base, limit: '1', direction: 'forward' }).data.result);
    if (!first) throw new Error('no data');
    const at = { query: base.query, start: first.ts, end: (big(first.ts) + 1n).toString(), limit: '10' };
    expect(all(run(at).data.result).map((e) => e.ts)).toEqual([first.ts]);
    expect(all(run({ ...at, end: first.ts, start: (big(first.ts) - 5n).toString() }).data.result)).toEqual([]);
  });

  it('splits a traceback into one entry per line with consecutive ns timestamps', () => {
    const day = scenario.logs(anchorMs - 6 * 3_600_000, anchorMs, { direction: 'backward', filter: (e) => e.lines.length > 3, limit: 1 });
    const ev = day[0];
    if (!ev) throw new Error('no traceback in range');
    const r = run({ query: `{service_name="${ev.service}"}`, start: ev.tsNs, end: (big(ev.tsNs) + 1000n).toString(), direction: 'forward', limit: '1000' });
    const entries = all(r.data.result).filter((e) => big(e.ts) - big(ev.tsNs) < BigInt(ev.lines.length));
    expect(entries.map((e) => e.line)).toEqual(ev.lines);
    expect(entries.map((e) => e.ts)).toEqual(ev.lines.map((_, i) => (big(ev.tsNs) + BigInt(i)).toString()));
    expect(entries[0]?.labels.stream).toBe('stderr');
  });

  it('honours label matchers, line filters and categorize-labels', () => {
    const r = run({ ...base, query: '{job="docker", level=~"warning|error"} |~ "(?i)failed"', limit: '100' }, true);
    expect(r.data.encodingFlags).toEqual(['categorize-labels']);
    const entries = all(r.data.result);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(['warning', 'error']).toContain(e.labels.level);
      expect(e.line.toLowerCase()).toContain('failed');
    }
    const level = r.data.result[0]?.stream.level;
    expect(r.data.result[0]?.values[0]?.[2]).toEqual({ structuredMetadata: { detected_level: level === 'warning' ? 'warn' : level } });
    const quoted = run({ ...base, query: '{job="docker"} |= "\\"GET /health "', limit: '10' });
    expect(all(quoted.data.result).length).toBeGreaterThan(0);
    for (const e of all(quoted.data.result)) expect(e.line).toContain('"GET /health ');
  });

  it('parse errors and limits answer 400 plain text', () => {
    expect(lokiQueryRange(scenario, anchorMs, new URLSearchParams({ query: '{foo="bar"' }))).toEqual({
      status: 400,
      text: 'parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,',
    });
    expect(lokiQueryRange(scenario, anchorMs, new URLSearchParams({ ...base, limit: '10000' }))).toEqual({
      status: 400,
      text: 'max entries limit per query exceeded, limit > max_entries_limit_per_query (10000 > 5000)',
    });
    expect(lokiQueryInstant(scenario, anchorMs, new URLSearchParams({ query: '{job="docker"}' }))).toMatchObject({ status: 400 });
  });
});

describe('lokiQueryRange (matrix) and metadata', () => {
  it('counts entries per level per step as [sec, "count"], matching the log query', () => {
    const start = anchorMs - 600_000;
    const params = { query: 'sum by (level) (count_over_time({job="docker"} [1m]))', start: String(start / 1000), end: String(anchorMs / 1000), step: '60s' };
    const reply = lokiQueryRange(scenario, anchorMs, new URLSearchParams(params));
    if (!('json' in reply)) throw new Error(reply.text);
    const { data } = reply.json as { data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] } };
    expect(data.resultType).toBe('matrix');
    for (const s of data.result) {
      expect(Object.keys(s.metric)).toEqual(['level']);
      for (const [t, v] of s.values) {
        expect(typeof t).toBe('number');
        expect(v).toMatch(/^\d+$/);
      }
    }
    // Windows (t-1m, t] for t = start+1m … end tile (start, end]: the sum equals the entries there.
    const total = data.result.flatMap((s) => s.values.filter(([t]) => t * 1000 > start).map(([, v]) => Number(v))).reduce((a, b) => a + b, 0);
    const lines = all(run({ query: '{job="docker"}', start: (big(ns(start)) + 1n).toString(), end: (big(ns(anchorMs)) + 1n).toString(), limit: '5000' }).data.result);
    expect(total).toBe(lines.length);
  });

  it('evaluates at multiples of the step, as Loki aligns a range query', () => {
    const params = { query: 'sum(count_over_time({job="docker"} [1m]))', start: String((anchorMs - 601_500) / 1000), end: String((anchorMs - 1_500) / 1000), step: '60s' };
    const reply = lokiQueryRange(scenario, anchorMs, new URLSearchParams(params));
    if (!('json' in reply)) throw new Error(reply.text);
    const [series] = (reply.json as { data: { result: { values: [number, string][] }[] } }).data.result;
    expect(series?.values.every(([t]) => t % 60 === 0)).toBe(true);
    expect(series?.values.at(-1)?.[0]).toBe(anchorMs / 1000);
  });

  it('puts parsed labels in the metadata under categorize-labels, in the stream labels without', () => {
    const query = { ...base, query: '{service_name="spine-dev-celery-worker"} | logfmt | drop __error__, __error_details__ | feed!=""', limit: '5' };
    const categorized = run(query, true).data.result;
    const [ts, , meta] = categorized[0]?.values[0] ?? [];
    expect(meta).toMatchObject({ structuredMetadata: { detected_level: expect.any(String) }, parsed: { feed: expect.any(String) } });
    expect(categorized[0]?.stream).not.toHaveProperty('feed');
    const plain = all(run(query).data.result).find((e) => e.ts === ts);
    expect(plain?.labels).toMatchObject({ ...(meta as { parsed: Record<string, string> }).parsed, detected_level: expect.any(String), service_name: 'spine-dev-celery-worker' });
  });

  it('lists labels', () => {
    const reply = lokiLabels(scenario, anchorMs, new URLSearchParams({ start: base.start, end: base.end }));
    expect(reply).toEqual({ status: 200, json: { status: 'success', data: ['container', 'job', 'level', 'service_name', 'stream'] } });
  });
});
