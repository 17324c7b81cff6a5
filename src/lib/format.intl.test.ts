import { describe, expect, it } from 'vitest';
import { formatClock, formatCompact, formatCount, formatDateTime, formatInt } from './format';

// The kept formatters must print exactly what the per-call Intl methods they replace printed.
describe('formatters built once', () => {
  const times = [0, 1_795_838_351_004, Date.UTC(2026, 10, 28, 0, 0, 0), Date.UTC(2026, 10, 28, 23, 59, 59, 999), Date.UTC(2026, 5, 1, 12, 30, 5)];

  it('formatClock prints the 24-hour clock, midnight as 00', () => {
    for (const t of times) {
      expect(formatClock(t)).toBe(new Date(t).toLocaleTimeString('en-GB', { hour12: false }));
      expect(formatClock(t, true)).toBe(new Date(t).toLocaleTimeString('en-GB', { hour12: false, timeZone: 'UTC' }));
    }
    expect(formatClock(Date.UTC(2026, 10, 28, 0, 5, 9), true)).toBe('00:05:09');
  });

  it('formatDateTime prints the medium date and time', () => {
    for (const t of times) expect(formatDateTime(t)).toBe(new Date(t).toLocaleString('en-GB', { hour12: false, dateStyle: 'medium', timeStyle: 'medium' }));
  });

  it('formatInt and formatCount group thousands', () => {
    for (const n of [0, 7, 1000, 104_980, 12_345_678, -4200]) expect(formatInt(n)).toBe(n.toLocaleString('en-US'));
    expect(formatCount(104_980)).toBe('104,980');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('formatCompact keeps axis labels short: 1.2K, 35K', () => {
    for (const n of [0, 7, 950, 1200, 35_000, 1_234_567]) expect(formatCompact(n)).toBe(n.toLocaleString('en-US', { notation: 'compact', maximumSignificantDigits: 3 }));
    expect([0, 950, 1000, 1200, 1250, 35_000, 123_456, 1_234_567, 12_500_000].map(formatCompact)).toEqual(['0', '950', '1K', '1.2K', '1.25K', '35K', '123K', '1.23M', '12.5M']);
  });
});
