import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { mergeLive } from './use-live-tail';

const e = (id: string, timeNs: string): LogEntry => ({ id, timeNs, service: 's', level: 'info', message: id, labels: {}, raw: id, streamId: 's' });

describe('mergeLive', () => {
  it('keeps newest first, drops duplicates and bounds the window', () => {
    const a = mergeLive([], [e('1', '100'), e('2', '300'), e('3', '200')]);
    expect(a.map((x) => x.id)).toEqual(['2', '3', '1']);
    const b = mergeLive(a, [e('2', '300'), e('4', '400')]);
    expect(b.map((x) => x.id)).toEqual(['4', '2', '3', '1']);
    expect(mergeLive(b, [e('5', '500')], 3).map((x) => x.id)).toEqual(['5', '4', '2']);
  });

  it('orders lines that arrive late among the others', () => {
    expect(mergeLive([e('2', '300'), e('1', '100')], [e('3', '200')]).map((x) => x.id)).toEqual(['2', '3', '1']);
  });
});
