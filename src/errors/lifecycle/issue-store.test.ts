import { describe, expect, it, vi } from 'vitest';
import { createIssueStateStore, storageKey } from './issue-store';
import type { StorageLike } from './issue-store';
import { rememberFirstSeen } from './remember';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}
const NOW = Date.UTC(2026, 1, 17, 12, 0, 0);

describe('IssueStateStore', () => {
  it('persists per source and round-trips export → import', () => {
    const storage = memoryStorage();
    const a = createIssueStateStore(storage, 'loki-prod', { now: () => NOW });
    a.set('i_0123456789abcdef', { resolvedAtMs: NOW, updatedAtMs: NOW });
    a.set('i_fedcba9876543210', { ignored: { atMs: NOW, rule: { kind: 'until-count', count: 100 } }, updatedAtMs: NOW });
    expect(storage.data.has(storageKey('loki-prod'))).toBe(true);
    expect(createIssueStateStore(storage, 'loki-prod').get('i_0123456789abcdef')).toEqual({ resolvedAtMs: NOW, updatedAtMs: NOW });
    expect(createIssueStateStore(storage, 'es-prod').all()).toEqual({});

    const json = a.export();
    const b = createIssueStateStore(memoryStorage(), 'es-prod');
    expect(b.import(json)).toEqual({ added: 2, changed: 0, errors: [] });
    expect(b.all()).toEqual(a.all());
    expect(b.import(json)).toEqual({ added: 0, changed: 0, errors: [] });
  });

  it('rejects malformed JSON and bad shapes with clear messages', () => {
    const s = createIssueStateStore(memoryStorage(), 'x');
    expect(s.import('{"version": 1, "issues": {')).toMatchObject({ added: 0, changed: 0, errors: [expect.stringMatching(/^Not valid JSON/)] });
    expect(s.import('{"version": 2, "issues": {}}').errors[0]).toMatch(/Not an issue-state export.*version/);
    const r = s.import(JSON.stringify({ version: 1, issues: { i_1: { resolvedAtMs: 'yesterday', updatedAtMs: 1 }, i_2: { updatedAtMs: 2 }, 'bad id!': { updatedAtMs: 1 } } }));
    expect(r.added).toBe(1);
    expect(r.errors).toHaveLength(2);
    expect(r.errors.join('\n')).toMatch(/i_1: resolvedAtMs/);
  });

  it('never throws on corrupted storage: resets and reports', () => {
    const onProblem = vi.fn();
    const storage = memoryStorage({ [storageKey('x')]: '{corrupt' });
    const s = createIssueStateStore(storage, 'x', { onProblem });
    expect(s.all()).toEqual({});
    expect(onProblem).toHaveBeenCalledWith(expect.stringMatching(/unreadable and have been reset/));
    expect(storage.data.has(storageKey('x'))).toBe(false);

    const throwing: StorageLike = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    const t = createIssueStateStore(throwing, 'x', { onProblem });
    expect(() => t.set('i_1', { updatedAtMs: 1 })).not.toThrow();
    expect(t.get('i_1')).toEqual({ updatedAtMs: 1 });
    expect(onProblem).toHaveBeenCalledWith(expect.stringMatching(/QuotaExceededError/));
  });

  it('remembers the earliest first-seen', () => {
    const s = createIssueStateStore(memoryStorage(), 'x');
    expect(rememberFirstSeen(s, [{ id: 'i_1', count: 1, firstSeenNs: '2000', lastSeenNs: '3000', sparkline: [1], sparklineFromMs: 0, bucketMs: 1 }], NOW)).toBe(1);
    expect(rememberFirstSeen(s, [{ id: 'i_1', count: 1, firstSeenNs: '5000', lastSeenNs: '6000', sparkline: [1], sparklineFromMs: 0, bucketMs: 1 }], NOW)).toBe(0);
    expect(s.get('i_1')?.firstSeenNs).toBe('2000');
  });
});
