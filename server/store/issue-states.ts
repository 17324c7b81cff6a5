/**
 * Issue lifecycle states (resolved, ignored with its condition, remembered first-seen), shared by
 * everyone: one row per source and issue. Stored as the UI's own document shape, validated by
 * the same zod schema on the way in and out.
 */
import { and, eq } from 'drizzle-orm';
import { storedIssueStateSchema } from '@/errors/lifecycle/schemas';
import type { StoredIssueState } from '@/errors/lifecycle';
import type { Db } from './connect';
import { issueStates } from './schema';

export function createIssueStatesStore(db: Db) {
  return {
    async all(sourceId: string): Promise<Map<string, StoredIssueState>> {
      const rows = await db.select().from(issueStates).where(eq(issueStates.sourceId, sourceId));
      const out = new Map<string, StoredIssueState>();
      for (const r of rows) {
        const p = storedIssueStateSchema.safeParse(r.state);
        if (p.success) out.set(r.issueId, p.data as StoredIssueState);
      }
      return out;
    },
    /** `undefined` clears the issue's state (back to what the data says). */
    async set(sourceId: string, issueId: string, state: StoredIssueState | undefined, actor: string | null): Promise<void> {
      if (!state) {
        await db.delete(issueStates).where(and(eq(issueStates.sourceId, sourceId), eq(issueStates.issueId, issueId)));
        return;
      }
      const values = { sourceId, issueId, state: storedIssueStateSchema.parse(state), updatedAt: new Date(), updatedBy: actor };
      await db.insert(issueStates).values(values).onConflictDoUpdate({ target: [issueStates.sourceId, issueStates.issueId], set: { state: values.state, updatedAt: values.updatedAt, updatedBy: actor } });
    },
  };
}

export type IssueStatesStore = ReturnType<typeof createIssueStatesStore>;
