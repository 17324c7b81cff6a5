import { describe, expect, it } from 'vitest';
import { addNs, msToNs } from '@/lib/nanotime';
import { memoryQueryRange } from '@/testing/memory-loki';
import type { LokiRow } from '@/testing/memory-loki';
import type { QueryContext } from '../source-adapter';
import { lokiLogs } from './logs';
import { fakeLoki } from './testing/fake-loki';

const T0 = 1_711_839_600_000;
const at = (ms: number, ns = 0) => addNs(msToNs(T0 + ms), 654_321 + ns);
const a = { job: 'docker', app: 'a' };
const b = { job: 'docker', app: 'b' };
const ctx = (from: number, to = T0 + 60_000): QueryContext => ({ signal: new AbortController().signal, range: { from, to } });

function setup(rows: LokiRow[]) {
  const seen: string[] = [];
  const client = fakeLoki({ '/loki/api/v1/query_range': (params) => memoryQueryRange(rows, params) }, seen);
  const queryRanges = () => seen.filter((s) => s.startsWith('/loki/api/v1/query_range')).map((s) => new URLSearchParams(s.split('?')[1]));
  return { client, queryRanges };
}

describe('lokiLogs with newerThan (a refresh)', () => {
  it('asks from the newest line shown to the nanosecond and leaves out only the lines shown there', async () => {
    const rows: LokiRow[] = [
      { stream: a, ts: at(-5000), line: 'old' },
      { stream: a, ts: at(0, -1), line: 'one ns before' },
      { stream: a, ts: at(0), line: 'newest shown' },
      { stream: b, ts: at(0), line: 'shown too, same ns' },
    ];
    const { client, queryRanges } = setup(rows);
    const shown = await lokiLogs(client, { limit: 100 }, ctx(T0 - 60_000));
    const top = shown.entries.filter((e) => e.timeNs === at(0));
    expect(top).toHaveLength(2);
    rows.push({ stream: b, ts: at(0), line: 'arrived later, same ns, other line' }, { stream: a, ts: at(0, 1), line: 'one ns later' }, { stream: a, ts: at(2000), line: 'newer' });

    const page = await lokiLogs(client, { limit: 100, newerThan: { timeNs: at(0), seenIds: top.map((e) => e.id) } }, ctx(T0));
    expect(page.entries.map((e) => e.raw)).toEqual(['newer', 'one ns later', 'arrived later, same ns, other line']);
    expect(page).toMatchObject({ truncated: false, nextCursor: null });
    const refresh = queryRanges()[1]!;
    // range.from is T0 (ms); the request starts at the line's exact nanosecond, not the millisecond.
    expect(refresh.get('start')).toBe(at(0));
    expect(refresh.get('end')).toBe(msToNs(T0 + 60_000));
    expect(refresh.get('direction')).toBe('backward');
    expect(refresh.get('limit')).toBe('102');
  });

  it('says it was cut at the limit and gives a cursor that continues without a gap', async () => {
    const rows: LokiRow[] = Array.from({ length: 30 }, (_, i) => ({ stream: i % 3 ? a : b, ts: at(Math.floor(i / 4) * 10), line: `line ${i}` }));
    const { client } = setup(rows);
    const page = await lokiLogs(client, { limit: 10, newerThan: { timeNs: at(0), seenIds: [] } }, ctx(T0));
    expect(page.truncated).toBe(true);
    const rest = await lokiLogs(client, { limit: 100, cursor: page.nextCursor }, ctx(T0 - 60_000));
    const lines = [...page.entries, ...rest.entries].map((e) => e.raw);
    expect(new Set(lines).size).toBe(30);
    expect(lines.sort()).toEqual(rows.map((r) => r.line).sort());
  });

  it('asks nothing when the newest line shown is not before the end of the range', async () => {
    const { client, queryRanges } = setup([]);
    const page = await lokiLogs(client, { limit: 10, newerThan: { timeNs: at(90_000), seenIds: ['x'] } }, ctx(T0, T0 + 60_000));
    expect(page).toEqual({ entries: [], truncated: false, nextCursor: null, warnings: [] });
    expect(queryRanges()).toEqual([]);
  });
});
