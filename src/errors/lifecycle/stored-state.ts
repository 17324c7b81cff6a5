/**
 * The stored state of an issue, looked up under its id and then its aliases (the ids its members
 * had before exceptions grouped by message, or the ids of issues merged into it). States are
 * written under the id only, so the latest user action wins wherever it was written (a reopen
 * under the new id beats a resolve under an old one); the earliest remembered first-seen is kept.
 */
import { cmpNs } from '@/errors/pipeline/ns';
import type { StoredIssueState } from './issue-state';
import type { IssueStateStore } from './issue-store';

export interface AliasedIssue {
  id: string;
  aliases?: readonly string[];
}

export function storedStateOf(store: Pick<IssueStateStore, 'get'>, issue: AliasedIssue): StoredIssueState | undefined {
  let best = store.get(issue.id);
  let firstSeenNs = best?.firstSeenNs;
  for (const alias of issue.aliases ?? []) {
    const s = store.get(alias);
    if (!s) continue;
    if (s.firstSeenNs && (!firstSeenNs || cmpNs(s.firstSeenNs, firstSeenNs) < 0)) firstSeenNs = s.firstSeenNs;
    if (!best || s.updatedAtMs > best.updatedAtMs) best = s;
  }
  if (!best || firstSeenNs === best.firstSeenNs) return best;
  return { ...best, firstSeenNs };
}

/** `store` whose `get(issue.id)` answers with {@link storedStateOf}, for code that reads by id. */
export function withAliases(store: IssueStateStore, issue: AliasedIssue): IssueStateStore {
  return { ...store, get: (id) => (id === issue.id ? storedStateOf(store, issue) : store.get(id)) };
}
