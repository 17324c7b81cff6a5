/** The issue detail: traceback-less occurrences are said so, and states stored under old ids apply. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createIssueStateStore, issueState, storedStateOf } from '@/errors/lifecycle';
import type { IssueStateStore, StorageLike } from '@/errors/lifecycle';
import { groupIssues, issueIdOfFingerprint } from '@/errors/pipeline';
import type { IssueGroup } from '@/errors/pipeline';
import { OLD_TOKEN_STACK_TEXT, TOKEN_LINE, TOKEN_TRACEBACK, lokiEntries, tokenCaseEntries } from '@/errors/pipeline/test-lines';
import type { ObservableStore } from '@/errors/ui/issues-context';
import type { CapableSource } from '@/sources/sources-context';
import { TEST_NOW, renderWithProviders } from '@/testing/render-with-providers';
import { IssueDetail } from './issue-detail';

const T0 = TEST_NOW - 3_600_000;
const range = { from: T0 - 60_000, to: TEST_NOW };

function memoryStorage(): StorageLike {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

function observable(store: IssueStateStore): ObservableStore {
  return { store, version: () => 0, subscribe: () => () => undefined, update: (id, s) => store.set(id, s), problems: [] };
}

/** A partial logs source: the detail only reads its id and label until a button is pressed. */
const source = {
  instance: { id: 'loki-test', kind: 'loki', label: 'Loki (test)', config: {} },
  adapter: { kind: 'loki', displayName: 'Loki', capabilities: { logs: () => Promise.reject(new Error('not called')) } },
  client: {},
} as unknown as CapableSource<'logs'>;

function renderDetail(group: IssueGroup, store: IssueStateStore) {
  const issue = { ...group, lifecycle: issueState(group, storedStateOf(store, group), TEST_NOW) };
  return renderWithProviders(<IssueDetail issue={issue} source={source} store={observable(store)} />);
}

describe('IssueDetail', () => {
  it('says how many occurrences came without a traceback, and shows the newest traceback', () => {
    const [g] = groupIssues(tokenCaseEntries(T0), { range });
    renderDetail(g as IssueGroup, createIssueStateStore(memoryStorage(), 'loki-test'));
    expect(screen.getByRole('note')).toHaveTextContent('66 of 120 events came without a traceback');
    expect(screen.getByRole('list', { name: 'Stack frames' })).toHaveTextContent('decode_access_token');
    expect(screen.queryByRole('list', { name: 'Stack variants' })).toBeNull();
  });

  it('has no such note when every occurrence kept its traceback', () => {
    const [g] = groupIssues([0, 1].flatMap((i) => lokiEntries([TOKEN_LINE, ...TOKEN_TRACEBACK], T0 + i * 1000)), { range });
    renderDetail(g as IssueGroup, createIssueStateStore(memoryStorage(), 'loki-test'));
    expect(screen.getByRole('list', { name: 'Stack frames' })).toBeInTheDocument();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('lists the stacks an issue was raised from when there are several', () => {
    const other = TOKEN_TRACEBACK.map((l) => l.replace('get_current_user', 'get_optional_user'));
    const [g, ...rest] = groupIssues([...lokiEntries([TOKEN_LINE, ...TOKEN_TRACEBACK], T0), ...lokiEntries([TOKEN_LINE, ...other], T0 + 1000)], { range });
    expect(rest).toHaveLength(0);
    renderDetail(g as IssueGroup, createIssueStateStore(memoryStorage(), 'loki-test'));
    expect(screen.getByRole('list', { name: 'Stack variants' }).querySelectorAll('li')).toHaveLength(2);
  });

  it('a state resolved under the old stack id applies, and Reopen writes under the new id', async () => {
    const store = createIssueStateStore(memoryStorage(), 'loki-test');
    const oldId = issueIdOfFingerprint(OLD_TOKEN_STACK_TEXT);
    store.set(oldId, { resolvedAtMs: TEST_NOW - 1, firstSeenNs: `${T0 - 86_400_000}000000`, updatedAtMs: TEST_NOW - 1 });
    const [g] = groupIssues(tokenCaseEntries(T0), { range });
    renderDetail(g as IssueGroup, store);
    await userEvent.click(screen.getByRole('button', { name: 'Reopen' }));
    expect(store.get(g?.id ?? '')).toEqual({ firstSeenNs: `${T0 - 86_400_000}000000`, updatedAtMs: TEST_NOW });
    expect(issueState(g as IssueGroup, storedStateOf(store, g as IssueGroup), TEST_NOW).status).not.toBe('resolved');
  });

  it("an issue from the service's index: its count ever, since when the index knows the source, and what was merged into it", () => {
    const [g] = groupIssues(tokenCaseEntries(T0), { range });
    const knownSinceMs = Date.parse('2026-11-21T00:00:00.000Z');
    const indexed = { ...(g as IssueGroup), totalCount: 9_120, knownSinceNs: `${knownSinceMs}000000`, merged: [{ fromId: 'i_old', title: 'Token is invalid or expired: abc', count: 12, at: TEST_NOW - 600_000 }] };
    renderDetail(indexed, createIssueStateStore(memoryStorage(), 'loki-test'));
    expect(screen.getByText(/120 in the range, 9,120 since the index began/)).toBeInTheDocument();
    expect(screen.getByText(/the issue index has known this source since/)).toHaveTextContent('2026');
    expect(screen.getByRole('list', { name: 'Issues merged into this one' })).toHaveTextContent('Token is invalid or expired: abc (12 events)');
  });

  it('an issue grouped in the page says nothing of an index', () => {
    const [g] = groupIssues(tokenCaseEntries(T0), { range });
    renderDetail(g as IssueGroup, createIssueStateStore(memoryStorage(), 'loki-test'));
    expect(screen.queryByText(/since the index began|has known this source/)).toBeNull();
    expect(screen.queryByRole('list', { name: 'Issues merged into this one' })).toBeNull();
  });
});
