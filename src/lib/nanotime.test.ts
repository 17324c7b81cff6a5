import { describe, expect, it } from 'vitest';
import { addNs, compareNs, isNanoString, isoToNs, msToNs, normalizeNs, nsToIso, nsToMs, secondsToMs } from './nanotime';

describe('nanotime', () => {
  it('compares 19-digit strings exactly where numbers would collapse', () => {
    const a = '1569266497240578001';
    const b = '1569266497240578000';
    expect(Number(a)).toBe(Number(b)); // the reason this module exists
    expect(compareNs(a, b)).toBe(1);
    expect(compareNs(b, a)).toBe(-1);
    expect(compareNs(a, a)).toBe(0);
    expect(compareNs('999', '1000')).toBe(-1);
    expect(compareNs('0001', '1')).toBe(0);
  });

  it('adds and subtracts single nanoseconds with BigInt', () => {
    expect(addNs('1569266497240578000', 1)).toBe('1569266497240578001');
    expect(addNs('1569266497240578000', -1)).toBe('1569266497240577999');
    expect(addNs('9999999999999999999', 1n)).toBe('10000000000000000000');
    expect(addNs('0', -5)).toBe('0');
  });

  it('converts ms to ns strings and back', () => {
    expect(msToNs(1_700_000_000_000)).toBe('1700000000000000000');
    expect(msToNs(1.5)).toBe('1500000');
    expect(msToNs(0)).toBe('0');
    expect(nsToMs('1569266497240578999')).toBe(1569266497240);
    expect(() => msToNs(Number.NaN)).toThrow(RangeError);
    expect(secondsToMs(1568404331.324)).toBe(1568404331324);
  });

  it('parses ISO timestamps with up to 9 fractional digits, offsets, and no offset as UTC', () => {
    expect(isoToNs('2024-08-15T09:21:44.123Z')).toBe('1723713704123000000');
    expect(isoToNs('2024-08-15T09:21:44.123456789Z')).toBe('1723713704123456789');
    expect(isoToNs('2024-08-15T09:21:44Z')).toBe('1723713704000000000');
    expect(isoToNs('2099-11-15T14:12:12')).toBe(isoToNs('2099-11-15T14:12:12Z'));
    expect(isoToNs('2015-09-30T00:00:00.000-01:00')).toBe(msToNs(1443574800000));
    expect(isoToNs('2015-09-30T01:00:00+0100')).toBe(msToNs(Date.UTC(2015, 8, 30)));
    expect(isoToNs('2015-01-01')).toBe(msToNs(1420070400000));
    expect(isoToNs('not a date')).toBeNull();
  });

  it('formats ns as ISO with nanoseconds and validates input', () => {
    expect(nsToIso('1723713704123456789')).toBe('2024-08-15T09:21:44.123456789Z');
    expect(isNanoString('123')).toBe(true);
    expect(isNanoString('12.3')).toBe(false);
    expect(isNanoString(123)).toBe(false);
    expect(normalizeNs('000')).toBe('0');
    expect(() => normalizeNs('-1')).toThrow(RangeError);
  });
});
