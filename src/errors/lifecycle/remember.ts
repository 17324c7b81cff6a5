/** Records each group's earliest first-seen in the store, so `new` survives a shorter range. */
import { cmpNs } from '@/errors/pipeline/ns';
import type { IssueStats } from './escalation';
import type { IssueStateStore } from './issue-store';
import { storedStateOf } from './stored-state';
import type { AliasedIssue } from './stored-state';

/** A state found under an alias is written under the id with it, so it moves to the new id. */
export function rememberFirstSeen(store: IssueStateStore, groups: readonly (IssueStats & AliasedIssue)[], now: number): number {
  let updated = 0;
  for (const g of groups) {
    const prev = storedStateOf(store, g);
    if (prev?.firstSeenNs && cmpNs(prev.firstSeenNs, g.firstSeenNs) <= 0) continue;
    store.set(g.id, { ...prev, firstSeenNs: g.firstSeenNs, updatedAtMs: now });
    updated++;
  }
  return updated;
}
