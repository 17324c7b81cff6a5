import { describe, expect, it } from 'vitest';
import { cronBetween, cronPrev, parseCron } from './cron';

const D = Date.UTC(2026, 0, 31, 0, 0, 0); // Saturday

describe('cron', () => {
  it('*/5 fires every five minutes', () => {
    const t = cronBetween(parseCron('*/5 * * * *'), D, D + 3_600_000);
    expect(t).toHaveLength(13);
    expect(t[1]! - t[0]!).toBe(300_000);
  });

  it('daily and weekday expressions', () => {
    const six = cronBetween(parseCron('0 6 * * *'), D, D + 3 * 86_400_000);
    expect(six.map((x) => new Date(x).toISOString())).toEqual([
      '2026-01-31T06:00:00.000Z', '2026-02-01T06:00:00.000Z', '2026-02-02T06:00:00.000Z',
    ]);
    const weekdays = cronBetween(parseCron('30 22 * * 1-5'), D, D + 7 * 86_400_000);
    expect(weekdays).toHaveLength(5);
  });

  it('monthly and prev', () => {
    const spec = parseCron('0 4 2 * *');
    expect(new Date(cronPrev(spec, D)!).toISOString()).toBe('2026-01-02T04:00:00.000Z');
    expect(cronPrev(parseCron('*/5 * * * *'), D + 7 * 60_000 + 5)).toBe(D + 5 * 60_000);
    expect(cronPrev(parseCron('*/5 * * * *'), D + 5 * 60_000)).toBe(D + 5 * 60_000);
  });

  it('rejects malformed expressions', () => {
    expect(() => parseCron('* * *')).toThrow();
    expect(() => parseCron('*/0 * * * *')).toThrow();
  });
});
