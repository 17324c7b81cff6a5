import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { addNs, msToNs } from '@/lib/nanotime';
import { memoryQueryRange, parseSelector } from '@/testing/memory-loki';
import type { LokiRow } from '@/testing/memory-loki';
import type { QueryContext } from '../source-adapter';
import { contextRequests, lokiLogContext, streamSelector } from './log-context';
import { lokiLogs } from './logs';
import { fakeLoki, rejection } from './testing/fake-loki';
import { parseStreamKey, streamKey } from './to-log-entries';
import { grammarErrors } from './testing/logql-grammar';

const HOSTILE = ['say "hi"', 'C:\\temp\\new', '"} |= "', '{job="evil"} | line_format "x"', 'a, b="c"', 'line1\nline2\r\n\ttab', 'nul\u0000del\u007f', 'back`tick`', '=~".*"', 'ünïcødé 🚀'];


describe('streamSelector', () => {
  it('selects the stream by every label, exactly', () => {
    expect(streamSelector([['app', 'a'], ['job', 'docker']])).toBe('{app="a", job="docker"}');
  });

  it.each(HOSTILE)('keeps the hostile value %j a value', (value) => {
    const labels: Array<[string, string]> = [['job', 'docker'], ['container', value]];
    const selector = streamSelector(labels);
    expect(selector).not.toMatch(/[\n\r]/);
    expect(grammarErrors(selector)).toEqual([]);
    expect(parseSelector(selector)).toEqual(labels.map(([name, v]) => ({ name, op: '=', value: v })));
  });

  it('refuses a label name LogQL cannot spell, and a stream without labels', () => {
    expect(() => streamSelector([['k8s.pod', 'x']])).toThrow(RangeError);
    expect(() => streamSelector([['a"} or {b', 'x']])).toThrow(RangeError);
    expect(() => streamSelector([])).toThrow(RangeError);
  });
});

describe('parseStreamKey', () => {
  it.each(HOSTILE)('reads back the stream labels of a key with %j', (value) => {
    const labels = { job: 'docker', container: value, z: '' };
    expect(parseStreamKey(streamKey(labels))).toEqual(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  });

  it('keeps a label named __proto__ and refuses what streamKey does not write', () => {
    const key = streamKey(JSON.parse('{"__proto__":"x","job":"y"}') as Record<string, string>);
    expect(parseStreamKey(key)).toEqual([['__proto__', 'x'], ['job', 'y']]);
    expect(parseStreamKey('{}')).toEqual([]);
    for (const bad of ['index|service', '{job=docker}', '{job="x"', '{job="x",job2="y"}', 'capture-spine/api']) expect(parseStreamKey(bad)).toBeNull();
  });
});

const T0 = 1_711_839_600_000;
/** A line's ns with a sub-millisecond part, so bounds that round to the ms would show. */
const at = (ms: number, ns = 0) => addNs(msToNs(T0 + ms), 123_456 + ns);
const RANGE = { from: T0 - 30 * 60_000, to: T0 + 30 * 60_000 };
const ctx = (): QueryContext => ({ signal: new AbortController().signal, range: RANGE });

function memoryClient(rows: LokiRow[], seen: string[] = []) {
  return fakeLoki({ '/loki/api/v1/query_range': (params) => memoryQueryRange(rows, params) }, seen);
}

/** The entry Loki returns for `row`, as the explorer would hold it. */
async function entryOf(rows: LokiRow[], row: LokiRow): Promise<LogEntry> {
  const page = await lokiLogs(memoryClient(rows), { raw: streamSelector(Object.entries(row.stream)), limit: 5000 }, ctx());
  const entry = page.entries.find((e) => e.raw === row.line && e.timeNs === row.ts);
  if (!entry) throw new Error(`no entry for ${row.line}`);
  return entry;
}

describe('contextRequests', () => {
  it('asks before the line (end exclusive) and from its own nanosecond on, with exact bounds', async () => {
    const row: LokiRow = { stream: { service_name: 'api', level: 'error' }, ts: at(0), line: 'boom' };
    const entry = await entryOf([row], row);
    const { before, after } = contextRequests('loki-test', entry, 10, RANGE, 5000);
    expect(before).toEqual({ query: '{level="error", service_name="api"}', start: msToNs(RANGE.from), end: row.ts, limit: 10, direction: 'backward' });
    expect(after).toEqual({ query: '{level="error", service_name="api"}', start: row.ts, end: msToNs(RANGE.to), limit: 21, direction: 'forward' });
  });

  it('is unsupported for a line whose stream id is not a Loki stream', async () => {
    const entry = { id: 'x', timeNs: at(0), streamId: 'logs-2024|api', service: 'api', labels: {} };
    expect(() => contextRequests('loki-test', entry, 10, RANGE, 5000)).toThrow(expect.objectContaining({ code: 'unsupported' }));
    await expect(rejection(lokiLogContext(memoryClient([]), { entry, limit: 10 }, ctx()))).resolves.toMatchObject({ code: 'unsupported' });
  });
});

describe('lokiLogContext', () => {
  const errors = { service_name: 'api', level: 'error', stream: 'stderr' };
  const info = { service_name: 'api', level: 'info', stream: 'stdout' };
  const worker = { service_name: 'worker', level: 'info', stream: 'stdout' };

  it("finds the stream's own earlier line when other streams of the service are busy", async () => {
    const earlier: LokiRow = { stream: errors, ts: at(-4 * 60_000), line: 'db timeout, retrying' };
    const line: LokiRow = { stream: errors, ts: at(0), line: 'db timeout, giving up' };
    const busy: LokiRow[] = Array.from({ length: 600 }, (_, i) => ({ stream: i % 2 ? info : worker, ts: at(-i * 300), line: `GET /health ${i}` }));
    const rows = [earlier, line, ...busy];
    const seen: string[] = [];
    const context = await lokiLogContext(memoryClient(rows, seen), { entry: await entryOf(rows, line), limit: 10 }, ctx());
    expect(context.before.map((e) => e.raw)).toEqual(['db timeout, retrying']);
    expect(context.after).toEqual([]);
    // Two requests, both for the stream alone.
    expect(seen.map((s) => new URLSearchParams(s.split('?')[1]).get('query'))).toEqual(['{level="error", service_name="api", stream="stderr"}', '{level="error", service_name="api", stream="stderr"}']);
  });

  it('keeps other lines at the same nanosecond on their side of the line, and leaves the line out', async () => {
    const rows: LokiRow[] = [
      { stream: errors, ts: at(-1000), line: 'older' },
      { stream: errors, ts: at(0), line: 'tie before' },
      { stream: errors, ts: at(0), line: 'the line' },
      { stream: errors, ts: at(0), line: 'tie after' },
      { stream: info, ts: at(0), line: 'other stream, same ns' },
      { stream: errors, ts: at(0, 1), line: 'one ns later' },
      { stream: errors, ts: at(1000), line: 'newer' },
    ];
    const context = await lokiLogContext(memoryClient(rows), { entry: await entryOf(rows, rows[2]!), limit: 10 }, ctx());
    expect(context.before.map((e) => e.raw)).toEqual(['older', 'tie before']);
    expect(context.after.map((e) => e.raw)).toEqual(['tie after', 'one ns later', 'newer']);
  });

  it('keeps to `limit` lines each side, the nearest ones', async () => {
    const rows: LokiRow[] = Array.from({ length: 41 }, (_, i) => ({ stream: errors, ts: at((i - 20) * 1000), line: `line ${i - 20}` }));
    const context = await lokiLogContext(memoryClient(rows), { entry: await entryOf(rows, rows[20]!), limit: 3 }, ctx());
    expect(context.before.map((e) => e.raw)).toEqual(['line -3', 'line -2', 'line -1']);
    expect(context.after.map((e) => e.raw)).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it.each(HOSTILE)('selects a stream whose label value is %j', async (value) => {
    const stream = { service_name: 'api', container: value };
    const rows: LokiRow[] = [
      { stream, ts: at(-60_000), line: 'earlier' },
      { stream, ts: at(0), line: 'the line' },
      { stream: { service_name: 'api', container: 'plain' }, ts: at(-30_000), line: 'another container' },
    ];
    const context = await lokiLogContext(memoryClient(rows), { entry: await entryOf(rows, rows[1]!), limit: 10 }, ctx());
    expect(context.before.map((e) => e.raw)).toEqual(['earlier']);
  });
});
