import { describe, expect, it } from 'vitest';
import { formatTimeSpan, formatTimeTick, timeAxis } from './time-axis';

const H = 3_600_000;
const DAY = 24 * H;
// Not on a round time, as a relative range resolved against "now" is not.
const NOW = Date.parse('2026-12-03T10:17:42.123Z');

describe('formatTimeTick', () => {
  const t = Date.parse('2026-12-03T06:00:00.000Z');

  it('same day: the clock only', () => {
    expect(formatTimeTick(t, { multiDay: false, seconds: false, utc: true })).toBe('06:00');
    expect(formatTimeTick(t + 30_000, { multiDay: false, seconds: true, utc: true })).toBe('06:00:30');
    expect(formatTimeTick(Date.parse('2026-12-03T00:05:00Z'), { multiDay: false, seconds: false, utc: true })).toBe('00:05');
  });

  it('multi-day: the date on every label, alone at midnight', () => {
    expect(formatTimeTick(t, { multiDay: true, seconds: false, utc: true })).toBe('Dec 3 06:00');
    expect(formatTimeTick(Date.parse('2026-12-04T00:00:00Z'), { multiDay: true, seconds: false, utc: true })).toBe('Dec 4');
  });

  it('local time by default, with the same rules', () => {
    const local = new Date(2026, 11, 3, 6, 0, 0).getTime();
    expect(formatTimeTick(local, { multiDay: false, seconds: false, utc: false })).toBe('06:00');
    expect(formatTimeTick(local, { multiDay: true, seconds: false, utc: false })).toBe('Dec 3 06:00');
    expect(formatTimeTick(new Date(2026, 11, 4).getTime(), { multiDay: true, seconds: false, utc: false })).toBe('Dec 4');
  });
});

describe('timeAxis', () => {
  it('1 h: ticks every 10 minutes on round times, clock labels', () => {
    const axis = timeAxis(NOW - H, NOW, { utc: true });
    expect(axis.ticks.map((x) => new Date(x).toISOString().slice(11, 16))).toEqual(['09:20', '09:30', '09:40', '09:50', '10:00', '10:10']);
    expect(axis.ticks.map(axis.format)).toEqual(['09:20', '09:30', '09:40', '09:50', '10:00', '10:10']);
  });

  it('7 d: a tick each midnight, labelled with the date', () => {
    const axis = timeAxis(NOW - 7 * DAY, NOW, { utc: true });
    expect(axis.ticks.map(axis.format)).toEqual(['Nov 27', 'Nov 28', 'Nov 29', 'Nov 30', 'Dec 1', 'Dec 2', 'Dec 3']);
  });

  it('24 h crosses midnight: every label carries its date', () => {
    const axis = timeAxis(NOW - DAY, NOW, { utc: true });
    expect(axis.ticks.map(axis.format)).toEqual(['Dec 2 12:00', 'Dec 2 15:00', 'Dec 2 18:00', 'Dec 2 21:00', 'Dec 3', 'Dec 3 03:00', 'Dec 3 06:00', 'Dec 3 09:00']);
  });

  it('6 h within one day: clock labels every hour', () => {
    const axis = timeAxis(NOW - 6 * H, NOW, { utc: true });
    expect(axis.ticks.map(axis.format)).toEqual(['05:00', '06:00', '07:00', '08:00', '09:00', '10:00']);
  });

  it('a short zoom gets seconds', () => {
    const axis = timeAxis(NOW - 90_000, NOW, { utc: true });
    expect(axis.ticks.map(axis.format)).toEqual(['10:16:15', '10:16:30', '10:16:45', '10:17:00', '10:17:15', '10:17:30']);
  });

  it('ticks stay inside the range and within maxTicks, local time included', () => {
    for (const span of [60_000, 15 * 60_000, H, 6 * H, DAY, 7 * DAY, 90 * DAY, 3 * 365 * DAY]) {
      for (const utc of [true, false]) {
        const axis = timeAxis(NOW - span, NOW, { utc, maxTicks: 9 });
        expect(axis.ticks.length).toBeGreaterThan(1);
        expect(axis.ticks.length).toBeLessThanOrEqual(9);
        expect(axis.ticks.every((x) => x >= NOW - span && x <= NOW)).toBe(true);
        expect(axis.ticks.every((x, i) => i === 0 || x > axis.ticks[i - 1]!)).toBe(true);
      }
    }
    // Local midnights on a multi-day axis.
    const local = timeAxis(NOW - 7 * DAY, NOW);
    expect(local.ticks.every((x) => new Date(x).getHours() === 0 && new Date(x).getMinutes() === 0)).toBe(true);
  });

  it('an empty range has no ticks', () => {
    expect(timeAxis(NOW, NOW).ticks).toEqual([]);
  });
});

describe('formatTimeSpan', () => {
  it('one bucket: the date once, then the span', () => {
    expect(formatTimeSpan(Date.parse('2026-12-03T06:00:00Z'), Date.parse('2026-12-03T06:30:00Z'), true)).toBe('Dec 3 06:00–06:30');
    expect(formatTimeSpan(Date.parse('2026-12-03T21:00:00Z'), Date.parse('2026-12-04T00:00:00Z'), true)).toBe('Dec 3 21:00 – Dec 4 00:00');
    expect(formatTimeSpan(NOW - 60_000, NOW, true)).toBe('Dec 3 10:16:42–10:17:42');
  });
});
