import { describe, expect, it } from 'vitest';
import { groupIssues } from '@/errors/pipeline/group-issues';
import { issueIdOfFingerprint } from '@/errors/pipeline/fingerprint';
import { OLD_TOKEN_STACK_TEXT, tokenCaseEntries } from '@/errors/pipeline/test-lines';
import { issueState } from './issue-state';
import { createIssueStateStore } from './issue-store';
import type { StorageLike } from './issue-store';
import { rememberFirstSeen } from './remember';
import { storedStateOf, withAliases } from './stored-state';

function memoryStorage(): StorageLike {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}
const T0 = Date.UTC(2026, 0, 31, 10, 0, 0);
const LAST = T0 + 119 * 20_000;
const NOW = LAST + 60_000;
const OLD_STACK_ID = issueIdOfFingerprint(OLD_TOKEN_STACK_TEXT);
const token = () => {
  const g = groupIssues(tokenCaseEntries(T0), { range: { from: T0, to: NOW } })[0];
  if (!g) throw new Error('no issue');
  return g;
};

describe('stored states under an old issue id', () => {
  it('a state stored under the old stack id still applies to the merged issue', () => {
    const store = createIssueStateStore(memoryStorage(), 'loki-prod');
    store.set(OLD_STACK_ID, { resolvedAtMs: LAST + 1, updatedAtMs: LAST + 1 });
    const g = token();
    expect(g.id).not.toBe(OLD_STACK_ID);
    expect(store.get(g.id)).toBeUndefined();
    expect(issueState(g, storedStateOf(store, g), NOW).status).toBe('resolved');
    store.set(OLD_STACK_ID, { ignored: { atMs: T0, rule: { kind: 'forever' } }, updatedAtMs: T0 });
    expect(issueState(g, storedStateOf(store, g), NOW).status).toBe('ignored');
  });

  it('the latest action wins wherever it was written; the earliest first-seen is kept', () => {
    const store = createIssueStateStore(memoryStorage(), 'x');
    const issue = { id: 'i_new', aliases: ['i_old_a', 'i_old_b'] };
    store.set('i_old_a', { resolvedAtMs: 100, firstSeenNs: '5000', updatedAtMs: 100 });
    store.set('i_old_b', { firstSeenNs: '3000', updatedAtMs: 50 });
    expect(storedStateOf(store, issue)).toEqual({ resolvedAtMs: 100, firstSeenNs: '3000', updatedAtMs: 100 });
    // Reopened under the new id after the resolve under the old one.
    store.set('i_new', { firstSeenNs: '4000', updatedAtMs: 200 });
    expect(storedStateOf(store, issue)).toEqual({ firstSeenNs: '3000', updatedAtMs: 200 });
    expect(storedStateOf(store, { id: 'i_none' })).toBeUndefined();
  });

  it('withAliases answers for the issue id only; rememberFirstSeen moves the state to the new id', () => {
    const store = createIssueStateStore(memoryStorage(), 'x');
    store.set(OLD_STACK_ID, { resolvedAtMs: LAST + 1, updatedAtMs: LAST + 1 });
    const g = token();
    const aliased = withAliases(store, g);
    expect(aliased.get(g.id)?.resolvedAtMs).toBe(LAST + 1);
    expect(aliased.get('i_other')).toBeUndefined();
    expect(rememberFirstSeen(store, [g], NOW)).toBe(1);
    expect(store.get(g.id)).toEqual({ resolvedAtMs: LAST + 1, firstSeenNs: g.firstSeenNs, updatedAtMs: NOW });
    expect(issueState(g, storedStateOf(store, g), NOW).status).toBe('resolved');
  });
});
