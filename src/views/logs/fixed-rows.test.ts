import { describe, expect, it } from 'vitest';
import { rowWindow, scrollTopToReveal } from './fixed-rows';

describe('rowWindow', () => {
  it('renders the rows in view plus the overscan on each side', () => {
    // 240 px viewport of 24 px rows scrolled to row 100: rows 100..109 are visible.
    expect(rowWindow(2400, 240, 24, 1000, 5)).toEqual({ start: 95, end: 115 });
  });

  it('counts a partly visible row at either edge', () => {
    // scrollTop 2412 shows the bottom half of row 100 and the top half of row 110.
    expect(rowWindow(2412, 240, 24, 1000, 0)).toEqual({ start: 100, end: 111 });
  });

  it('clamps at the top and the bottom of the list', () => {
    expect(rowWindow(0, 240, 24, 1000, 5)).toEqual({ start: 0, end: 15 });
    expect(rowWindow(24 * 995, 240, 24, 1000, 5)).toEqual({ start: 990, end: 1000 });
    // Scrolled past the end (the list just shrank): nothing beyond the last row.
    expect(rowWindow(1e9, 240, 24, 1000, 5)).toEqual({ start: 1000, end: 1000 });
  });

  it('is empty for an empty list, a negative scroll clamps to the top', () => {
    expect(rowWindow(0, 240, 24, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(-50, 240, 24, 1000, 0)).toEqual({ start: 0, end: 10 });
  });

  it('never holds more rows than the viewport and overscan, whatever the list length', () => {
    const w = rowWindow(24 * 50_000, 600, 24, 100_000, 12);
    expect(w.end - w.start).toBe(25 + 24);
  });
});

describe('scrollTopToReveal', () => {
  it('does not move when the row is fully visible', () => {
    expect(scrollTopToReveal(100, 24, 2400, 240)).toBeNull();
    expect(scrollTopToReveal(109, 24, 2400, 240)).toBeNull();
  });

  it('scrolls up to put a row above the viewport at the top', () => {
    expect(scrollTopToReveal(50, 24, 2400, 240)).toBe(1200);
  });

  it('scrolls down just enough to put a row below the viewport at the bottom', () => {
    expect(scrollTopToReveal(110, 24, 2400, 240)).toBe(110 * 24 + 24 - 240);
  });

  it('reveals a row cut by the bottom edge', () => {
    expect(scrollTopToReveal(109, 24, 2412, 240)).toBeNull();
    expect(scrollTopToReveal(110, 24, 2412, 240)).toBe(2424);
  });
});
