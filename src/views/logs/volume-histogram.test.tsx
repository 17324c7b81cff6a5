import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fillVolumeGrid } from './fill-volume-grid';
import VolumeHistogram, { toVolumeRows, yAxisWidth } from './volume-histogram';

const MIN = 60_000;
const FROM = Date.parse('2026-12-03T01:00:00.000Z');
const TO = FROM + 60 * MIN;
const WIDTH = 800;
const HEIGHT = 128;

// jsdom lays nothing out: the chart gets a size (ResponsiveContainer, the pointer maths), a
// label about 6 px per character (Recharts measures tick labels to drop overlapping ones).
beforeEach(() => {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const chart = this.classList.contains('recharts-responsive-container') || this.classList.contains('recharts-wrapper');
    return DOMRect.fromRect(chart ? { x: 0, y: 0, width: WIDTH, height: HEIGHT } : { x: 0, y: 0, width: (this.textContent ?? '').length * 6, height: 12 });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** Loki's matrix for 01:00–02:00 with a quiet 20 minutes: lines at 01:05–01:09, then at 01:30. */
const loki = [5, 6, 7, 8, 9, 30].map((m) => ({ at: FROM + m * MIN, counts: m === 30 ? { error: 4 } : { info: 1_200 } }));

/** The drawn bars (Recharts draws none for a zero), left to right. */
function bars(container: HTMLElement) {
  return [...container.querySelectorAll('.recharts-bar-rectangle path')]
    .map((p) => ({ x: Number(p.getAttribute('x')), width: Number(p.getAttribute('width')) }))
    .filter((b) => b.width > 0)
    .sort((a, b) => a.x - b.x);
}

const tickLabels = (container: HTMLElement, axis: 'x' | 'y') =>
  [...container.querySelectorAll(`.recharts-cartesian-axis-tick-value[orientation="${axis === 'x' ? 'bottom' : 'left'}"]`)].map((t) => t.textContent);

/** Recharts handles the pointer once per animation frame. */
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('VolumeHistogram', () => {
  it('draws time proportionally: a quiet stretch stays a gap, the 01:30 bar sits at 01:30', () => {
    const grid = fillVolumeGrid(loki, { from: FROM, to: TO }, MIN);
    const { container } = render(<VolumeHistogram grid={grid} utc onZoom={() => {}} />);
    expect(screen.getByRole('img', { name: /^Log volume by level: 6,004 lines in range/ })).toBeInTheDocument();

    const drawn = bars(container);
    expect(drawn).toHaveLength(6);
    const slot = drawn[1]!.x - drawn[0]!.x; // one step
    expect(slot).toBeGreaterThan(0);
    // 01:09 → 01:30 is 21 steps on the axis, not one.
    expect((drawn[5]!.x - drawn[4]!.x) / slot).toBeCloseTo(21, 1);
    // And 01:05 is five steps from the left edge of the plot.
    const plotLeft = drawn[0]!.x - 5 * slot;
    expect(plotLeft).toBeGreaterThanOrEqual(0);
    expect(plotLeft).toBeLessThan(yAxisWidth(1_200) + 2);

    expect(tickLabels(container, 'x')).toEqual(['01:00', '01:10', '01:20', '01:30', '01:40', '01:50', '02:00']);
    expect(tickLabels(container, 'y')).toEqual(['0', '300', '600', '900', '1.2K']);
  });

  it('dates the ticks of a multi-day range', () => {
    const day = 86_400_000;
    const step = 3 * 3_600_000;
    const grid = fillVolumeGrid([{ at: FROM, counts: { info: 35_000 } }], { from: FROM, to: FROM + 7 * day }, step);
    const { container } = render(<VolumeHistogram grid={grid} utc onZoom={() => {}} />);
    expect(tickLabels(container, 'x')).toEqual(['Dec 4', 'Dec 5', 'Dec 6', 'Dec 7', 'Dec 8', 'Dec 9', 'Dec 10']);
    expect(tickLabels(container, 'y')).toEqual(['0', '9K', '18K', '27K', '36K']);
    // Right-aligned at x, about 6.5 px a character at 11 px: nothing hangs off the left edge.
    for (const text of container.querySelectorAll('.recharts-cartesian-axis-tick-value[orientation="left"]')) {
      expect(Number(text.getAttribute('x')) - (text.textContent ?? '').length * 6.5).toBeGreaterThanOrEqual(0);
    }
  });

  it('drag across the chart zooms to the bucket edges under the pointer, gaps included', async () => {
    const onZoom = vi.fn();
    const grid = fillVolumeGrid(loki, { from: FROM, to: TO }, MIN);
    const { container } = render(<VolumeHistogram grid={grid} utc onZoom={onZoom} />);
    const surface = container.querySelector('.recharts-wrapper')!;
    const drawn = bars(container);
    const slot = drawn[1]!.x - drawn[0]!.x;
    const over = (minute: number) => ({ clientX: drawn[0]!.x - 5 * slot + (minute + 0.5) * slot, clientY: 60 });
    fireEvent.mouseMove(surface, over(12));
    await frame();
    fireEvent.mouseDown(surface, over(12));
    for (const minute of [16, 20, 25]) {
      fireEvent.mouseMove(surface, over(minute));
      await frame();
    }
    expect(container.querySelector('.recharts-reference-area')).not.toBeNull();
    fireEvent.mouseUp(surface, over(25));
    // From the start of 01:12 to the end of 01:25, across the quiet minutes.
    expect(onZoom).toHaveBeenCalledExactlyOnceWith(FROM + 12 * MIN, FROM + 26 * MIN);
  });
});

describe('toVolumeRows', () => {
  it('gives every row a count for every level seen, for the stack and the Tooltip', () => {
    const { rows, levels, total, max } = toVolumeRows([{ at: 0, counts: { error: 2 } }, { at: 60_000, counts: {} }, { at: 120_000, counts: { info: 5, error: 1 } }], 60_000);
    expect(levels).toEqual(['error', 'info']);
    expect(rows).toEqual([
      { at: 0, mid: 30_000, error: 2, info: 0 },
      { at: 60_000, mid: 90_000, error: 0, info: 0 },
      { at: 120_000, mid: 150_000, error: 1, info: 5 },
    ]);
    expect(total).toBe(8);
    expect(max).toBe(6);
  });
});

describe('yAxisWidth', () => {
  it('grows with the widest compact label and stays small', () => {
    expect(yAxisWidth(0)).toBeLessThan(yAxisWidth(50));
    expect(yAxisWidth(50)).toBeLessThan(yAxisWidth(500));
    expect(yAxisWidth(500)).toBeLessThan(yAxisWidth(5_000));
    // "1.25K", "35K", "12.5M": never more than five characters, so never wider than this.
    expect(yAxisWidth(35_000)).toBe(yAxisWidth(12_000_000));
    expect(yAxisWidth(35_000)).toBeLessThanOrEqual(48);
  });
});
