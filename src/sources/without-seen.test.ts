import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { afterPosition, withoutSeen } from './without-seen';

const entry = (id: string, timeNs = '1'): LogEntry => ({ id, timeNs, service: null, level: 'info', message: id, labels: {}, raw: id, streamId: 's' });

describe('withoutSeen', () => {
  const lines = [entry('a', '3'), entry('b', '2'), entry('c', '2'), entry('d', '1')];

  it('returns the same array when the cursor carries no ids', () => {
    expect(withoutSeen(lines, [])).toBe(lines);
  });

  it('drops the ids already shown and keeps the order of the rest', () => {
    expect(withoutSeen(lines, ['c', 'a']).map((e) => e.id)).toEqual(['b', 'd']);
  });

  it('checks only the entries that may have been seen', () => {
    expect(withoutSeen(lines, ['a', 'c'], (e) => e.timeNs === '2').map((e) => e.id)).toEqual(['a', 'b', 'd']);
  });

  it('gives the same answer with more ids than it compares one by one', () => {
    const many = Array.from({ length: 200 }, (_, i) => entry(`x${i}`));
    const seen = many.filter((_, i) => i % 3 === 0).map((e) => e.id);
    expect(withoutSeen(many, seen)).toEqual(many.filter((_, i) => i % 3 !== 0));
  });
});

describe('afterPosition', () => {
  const lines = [entry('a', '3'), entry('b', '2'), entry('c', '2'), entry('d', '1')];

  it('keeps later lines and the lines of the same nanosecond not yet seen', () => {
    expect(afterPosition(lines, { timeNs: '2', seenIds: ['c'] }).map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('keeps everything without a position', () => {
    expect(afterPosition(lines, undefined)).toBe(lines);
  });
});
