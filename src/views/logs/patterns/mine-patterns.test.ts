import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { minePatterns } from './mine-patterns';

const at = (s: number) => `${BigInt(Date.parse('2026-11-28T10:00:00Z') + s * 1000) * 1_000_000n}`;
const entry = (id: string, s: number, message: string, level: LogEntry['level'] = 'info'): LogEntry => ({ id, timeNs: at(s), service: 'api', level, message, labels: {}, raw: message, streamId: 'x' });

describe('minePatterns', () => {
  const entries = [
    ...Array.from({ length: 5 }, (_, i) => entry(`t${i}`, i * 30, `Timeout after ${100 + i} ms calling db\nTraceback (most recent call last):\n  File "x.py"`, i < 3 ? 'error' : 'warning')),
    entry('w', 5, 'Worker ready'),
  ];

  it('groups first lines with the template miner, counts per step and picks the usual level', () => {
    const { report, patternOf } = minePatterns(entries, 60_000);
    expect(report.patterns.map((p) => [p.pattern, p.total, p.level])).toEqual([
      ['Timeout after <*> ms calling db', 5, 'error'],
      ['Worker ready', 1, 'info'],
    ]);
    const base = Date.parse('2026-11-28T10:00:00Z');
    expect(report.patterns[0]?.samples).toEqual([
      { at: base, count: 2 },
      { at: base + 60_000, count: 2 },
      { at: base + 120_000, count: 1 },
    ]);
    expect(patternOf.get(entries[4]!)).toBe('Timeout after <*> ms calling db');
    expect(patternOf.get(entries[5]!)).toBe('Worker ready');
  });

  it('gives nothing for no lines', () => {
    expect(minePatterns([], 60_000).report.patterns).toEqual([]);
  });
});
