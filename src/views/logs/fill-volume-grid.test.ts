import { describe, expect, it } from 'vitest';
import type { LogVolumeBucket } from '@/lib/model';
import { fillVolumeGrid, MAX_VOLUME_BUCKETS } from './fill-volume-grid';

const MIN = 60_000;
// A relative range resolves against "now", so its start is rarely on a round time.
const FROM = Date.parse('2026-12-03T01:00:00.000Z') + 12_345;
const TO = FROM + 60 * MIN;
const at = (i: number, step = MIN) => FROM + i * step;
const b = (i: number, counts: LogVolumeBucket['counts'], step = MIN): LogVolumeBucket => ({ at: at(i, step), counts });

describe('fillVolumeGrid', () => {
  it('empty input → an all-zero grid over the range, starting at the range start', () => {
    const grid = fillVolumeGrid([], { from: FROM, to: TO }, MIN);
    expect(grid).toMatchObject({ from: FROM, to: TO, stepMs: MIN });
    expect(grid.buckets).toHaveLength(60);
    expect(grid.buckets.every((x, i) => x.at === at(i) && Object.keys(x.counts).length === 0)).toBe(true);
  });

  it('fills gaps at the start, in the middle and at the end; present buckets keep their counts', () => {
    // Loki's matrix: samples only where lines were, at range.from + k·step (log-volume.ts).
    const grid = fillVolumeGrid([b(9, { error: 3 }), b(10, { info: 5, error: 1 }), b(30, { info: 2 })], { from: FROM, to: TO }, MIN);
    expect(grid.buckets).toHaveLength(60);
    expect(grid.buckets.map((x) => x.at)).toEqual(Array.from({ length: 60 }, (_, i) => at(i)));
    expect(grid.buckets[9]!.counts).toEqual({ error: 3 });
    expect(grid.buckets[10]!.counts).toEqual({ info: 5, error: 1 });
    expect(grid.buckets[30]!.counts).toEqual({ info: 2 });
    const empty = grid.buckets.flatMap((x, i) => (Object.keys(x.counts).length === 0 ? [i] : []));
    expect(empty).toEqual(Array.from({ length: 60 }, (_, i) => i).filter((i) => ![9, 10, 30].includes(i)));
    // The 20 quiet minutes between 01:10 and 01:30 are 19 zero buckets, not a missing stretch.
    expect(grid.buckets.slice(11, 30).every((x) => Object.keys(x.counts).length === 0)).toBe(true);
  });

  it('takes its phase from the source: an Elasticsearch histogram on epoch multiples, partial buckets at both ends', () => {
    const step = 5 * MIN;
    const first = Math.floor(FROM / step) * step; // before FROM
    const es = Array.from({ length: 13 }, (_, i) => ({ at: first + i * step, counts: i === 4 ? {} : { info: i + 1 } }));
    const grid = fillVolumeGrid(es.filter((_, i) => i !== 4), { from: FROM, to: TO }, step);
    expect(grid.from).toBe(first);
    expect(grid.to).toBe(first + 13 * step);
    expect(grid.buckets.map((x) => x.at)).toEqual(es.map((x) => x.at));
    expect(grid.buckets.map((x) => x.counts)).toEqual(es.map((x) => x.counts));
  });

  it('adds a misaligned bucket to the cell that holds it and drops one outside the range', () => {
    const grid = fillVolumeGrid(
      [b(2, { info: 1 }), { at: at(2) + 25_000, counts: { info: 4, warning: 1 } }, { at: at(5) + 59_999, counts: { error: 2 } }, { at: TO + 5 * MIN, counts: { error: 99 } }],
      { from: FROM, to: TO },
      MIN,
    );
    expect(grid.buckets).toHaveLength(60);
    expect(grid.buckets[2]!.counts).toEqual({ info: 5, warning: 1 });
    expect(grid.buckets[5]!.counts).toEqual({ error: 2 });
    expect(grid.buckets.reduce((n, x) => n + (x.counts.error ?? 0), 0)).toBe(2);
  });

  it('keeps a partial last step only when the source counted it', () => {
    const range = { from: FROM, to: FROM + 10.5 * MIN };
    expect(fillVolumeGrid([b(0, { info: 1 })], range, MIN).buckets).toHaveLength(10);
    const grid = fillVolumeGrid([b(0, { info: 1 }), b(10, { info: 2 })], range, MIN);
    expect(grid.buckets).toHaveLength(11);
    expect(grid.to).toBe(at(11));
    expect(grid.buckets[10]!.counts).toEqual({ info: 2 });
  });

  it('a range shorter than one step is one bucket', () => {
    const grid = fillVolumeGrid([], { from: FROM, to: FROM + 10_000 }, MIN);
    expect(grid.buckets).toEqual([{ at: FROM, counts: {} }]);
  });

  it('caps the number of buckets: a tiny step over a huge range merges adjacent steps, counts summed', () => {
    const year = 365 * 86_400_000;
    const grid = fillVolumeGrid([b(0, { error: 1 }, 1), b(1, { error: 2 }, 1), { at: FROM + year / 2, counts: { info: 7 } }], { from: FROM, to: FROM + year }, 1);
    expect(grid.buckets.length).toBeLessThanOrEqual(MAX_VOLUME_BUCKETS);
    expect(grid.buckets.length).toBeGreaterThan(MAX_VOLUME_BUCKETS / 2);
    expect(grid.stepMs).toBe(Math.ceil(year / MAX_VOLUME_BUCKETS));
    expect(grid.buckets[0]!.counts).toEqual({ error: 3 });
    expect(grid.buckets.reduce((n, x) => n + (x.counts.info ?? 0), 0)).toBe(7);
    expect(grid.buckets.every((x, i) => x.at === FROM + i * grid.stepMs)).toBe(true);
    expect(fillVolumeGrid([], { from: 0, to: 1e15 }, 0).buckets.length).toBeLessThanOrEqual(MAX_VOLUME_BUCKETS);
  });

  it('the Logs presets are whole steps: 7 d at 3 h is 56 buckets', () => {
    const day = 86_400_000;
    expect(fillVolumeGrid([], { from: FROM, to: FROM + 7 * day }, 3 * 3_600_000).buckets).toHaveLength(56);
  });
});
