/** Records each group's earliest first-seen in the store, so `new` survives a shorter range. */
import { cmpNs } from '@/errors/pipeline/ns';
import type { IssueStats } from './escalation';
import type { IssueStateStore } from './issue-store';

export function rememberFirstSeen(store: IssueStateStore, groups: readonly (IssueStats & { id: string })[], now: number): number {
  let updated = 0;
  for (const g of groups) {
    const prev = store.get(g.id);
    if (prev?.firstSeenNs && cmpNs(prev.firstSeenNs, g.firstSeenNs) <= 0) continue;
    store.set(g.id, { ...prev, firstSeenNs: g.firstSeenNs, updatedAtMs: now });
    updated++;
  }
  return updated;
}
