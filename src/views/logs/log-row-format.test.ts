import { describe, expect, it } from 'vitest';
import { nsToIso } from '@/lib/nanotime';
import { firstLine, formatLogTime, serviceCell } from './log-row-format';

describe('formatLogTime', () => {
  it('formats UTC to the millisecond from a nanosecond string, agreeing with nsToIso', () => {
    for (const ns of ['1795838163419123456', '1795838163000000000', '1795838163009999999', '1767225599999000001', '1000000']) {
      const iso = nsToIso(ns);
      expect(formatLogTime(ns, true)).toBe(`${iso.slice(5, 10)} ${iso.slice(11, 23)}`);
    }
  });

  it('formats local time with the same fields as Date', () => {
    const ns = '1795838163419123456';
    const d = new Date(1795838163419);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    expect(formatLogTime(ns, false)).toBe(`${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`);
  });

  it('treats a timestamp under a millisecond as the epoch', () => {
    expect(formatLogTime('999', true)).toBe('01-01 00:00:00.000');
  });
});

describe('firstLine', () => {
  it('keeps a one-line message whole', () => {
    expect(firstLine('GET /health 200')).toEqual({ text: 'GET /health 200', more: 0 });
  });

  it('shows the first line of a traceback and counts the others', () => {
    expect(firstLine('Traceback (most recent call last):\n  File "a.py"\nValueError: x')).toEqual({ text: 'Traceback (most recent call last):', more: 2 });
    expect(firstLine('a\n')).toEqual({ text: 'a', more: 1 });
  });

  it('cuts a long first line with an ellipsis', () => {
    const { text } = firstLine('x'.repeat(1_000_000));
    expect(text).toHaveLength(201);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('serviceCell', () => {
  it('pads a short name to the column width, so the message starts in one column', () => {
    expect(serviceCell('api')).toBe('api'.padEnd(23));
    expect(serviceCell('x'.repeat(23))).toBe('x'.repeat(23));
  });

  it('cuts a long name with an ellipsis and keeps the column width', () => {
    const cell = serviceCell('spine-dev-celery-worker-ingest-priority');
    expect(cell).toHaveLength(23);
    expect(cell).toBe('spine-dev-celery-worke…');
  });

  it('shows a dash when the service is unknown', () => {
    expect(serviceCell(null).trim()).toBe('—');
  });
});
