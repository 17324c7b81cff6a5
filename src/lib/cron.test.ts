import { describe, expect, it } from 'vitest';
import { CronError, describeCron, nextCronRun, parseCron, previousCronRun } from './cron';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('cron', () => {
  it('finds the previous and next run of a step schedule', () => {
    const s = parseCron('*/5 * * * *');
    expect(iso(previousCronRun(s, at('2026-11-28T10:07:30Z')))).toBe('2026-11-28T10:05:00.000Z');
    expect(iso(previousCronRun(s, at('2026-11-28T10:05:00Z')))).toBe('2026-11-28T10:05:00.000Z');
    expect(iso(nextCronRun(s, at('2026-11-28T10:05:00Z')))).toBe('2026-11-28T10:10:00.000Z');
  });

  it('handles daily and monthly schedules across day and month boundaries', () => {
    const daily = parseCron('0 6 * * *');
    expect(iso(previousCronRun(daily, at('2026-11-28T05:59:00Z')))).toBe('2026-11-27T06:00:00.000Z');
    expect(iso(nextCronRun(daily, at('2026-11-28T06:00:00Z')))).toBe('2026-11-29T06:00:00.000Z');
    const monthly = parseCron('0 3 1 * *');
    expect(iso(previousCronRun(monthly, at('2026-11-28T00:00:00Z')))).toBe('2026-11-01T03:00:00.000Z');
    expect(iso(nextCronRun(monthly, at('2026-12-15T00:00:00Z')))).toBe('2027-01-01T03:00:00.000Z');
  });

  it('supports lists, ranges and weekday 7 as Sunday', () => {
    const s = parseCron('30 9,17 * * 1-5');
    // 2026-11-28 is a Saturday: the previous run is Friday 17:30.
    expect(iso(previousCronRun(s, at('2026-11-28T12:00:00Z')))).toBe('2026-11-27T17:30:00.000Z');
    expect(parseCron('0 0 * * 7').daysOfWeek.has(0)).toBe(true);
  });

  it('explains malformed expressions', () => {
    expect(() => parseCron('*/5 * * *')).toThrow(CronError);
    expect(() => parseCron('61 * * * *')).toThrow(/out of range for the minute field/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/Bad step/);
  });

  it('describes common cadences in words', () => {
    expect(describeCron('*/5 * * * *')).toBe('every 5 min');
    expect(describeCron('0 6 * * *')).toBe('daily at 06:00 UTC');
    expect(describeCron('0 3 1 * *')).toBe('monthly on day 1 at 03:00 UTC');
    expect(describeCron('15 */2 * * *')).toBe('cron 15 */2 * * *');
  });
});
