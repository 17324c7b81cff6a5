import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { exportLogs } from './export-logs';
import { readLogsUrl, writeLogsUrl } from './logs-url';

const entry = (over: Partial<LogEntry>): LogEntry => ({
  id: 'a',
  timeNs: '1764324000123456789',
  service: 'spine-dev-api',
  level: 'error',
  message: 'Token "abc" invalid, user=1',
  labels: { container: 'spine-dev-api' },
  raw: '\u001b[31mERROR\u001b[0m Token "abc" invalid, user=1',
  streamId: 's1',
  ...over,
});

describe('exportLogs', () => {
  it('keeps nanoseconds in JSON', () => {
    const [row] = JSON.parse(exportLogs([entry({})], 'json')) as { time: string; timeNs: string }[];
    expect(row?.timeNs).toBe('1764324000123456789');
    expect(row?.time).toBe('2025-11-28T10:00:00.123456789Z');
  });

  it('quotes CSV fields and neutralises formulas', () => {
    const csv = exportLogs([entry({ message: '=HYPERLINK("http://evil")' })], 'csv');
    expect(csv.split('\r\n')[1]).toBe('"2025-11-28T10:00:00.123456789Z","1764324000123456789","error","spine-dev-api","\'=HYPERLINK(""http://evil"")"');
  });

  it('writes plain text without escape sequences', () => {
    expect(exportLogs([entry({})], 'txt')).toBe('2025-11-28T10:00:00.123456789Z ERROR    spine-dev-api ERROR Token "abc" invalid, user=1\n');
  });
});

describe('logs URL state', () => {
  it('round-trips filters, the selected line and the limit', () => {
    const params = writeLogsUrl(new URLSearchParams('range=1h'), { text: 'a "b"', services: ['spine-dev-api', 'genai-spine-api'], levels: ['error'], line: 'x:1', limit: 5000, utc: true, source: 'loki' });
    expect(readLogsUrl(params)).toEqual({ source: 'loki', text: 'a "b"', raw: '', services: ['spine-dev-api', 'genai-spine-api'], levels: ['error'], line: 'x:1', utc: true, limit: 5000, live: false, pattern: '', patterns: false, fields: [] });
    expect(params.get('range')).toBe('1h');
  });

  it('round-trips the pattern filter and the open Patterns panel', () => {
    const params = writeLogsUrl(new URLSearchParams(), { pattern: '<_> level=error msg="a&b" <_>', patterns: true });
    expect(readLogsUrl(params)).toMatchObject({ pattern: '<_> level=error msg="a&b" <_>', patterns: true });
    expect(readLogsUrl(writeLogsUrl(params, { pattern: '', patterns: false }))).toMatchObject({ pattern: '', patterns: false });
  });

  it('ignores unknown levels and limits', () => {
    expect(readLogsUrl(new URLSearchParams('level=loud&level=error&limit=7'))).toMatchObject({ levels: ['error'], limit: 1000 });
  });
});
