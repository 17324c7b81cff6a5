/** Saved searches and views, shared by everyone: a name and the view's URL parameters. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './connect';
import { savedViews } from './schema';

export interface SavedView {
  id: string;
  view: 'logs' | 'issues' | 'alerts' | 'dashboard';
  name: string;
  query: string;
  createdAt: number;
  createdBy: string | null;
}

const toView = (r: typeof savedViews.$inferSelect): SavedView => ({ id: r.id, view: r.view as SavedView['view'], name: r.name, query: r.query, createdAt: r.createdAt.getTime(), createdBy: r.createdBy });

export function createSavedViewsStore(db: Db) {
  return {
    async list(view?: SavedView['view']): Promise<SavedView[]> {
      const rows = await db.select().from(savedViews).where(view ? eq(savedViews.view, view) : undefined).orderBy(asc(savedViews.view), asc(savedViews.name));
      return rows.map(toView);
    },
    /** Saving under an existing name of the same view replaces it. */
    async save(input: Pick<SavedView, 'view' | 'name' | 'query'>, actor: string | null): Promise<SavedView> {
      const values = { id: randomUUID(), view: input.view, name: input.name, query: input.query, createdAt: new Date(), createdBy: actor };
      const [row] = await db.insert(savedViews).values(values)
        .onConflictDoUpdate({ target: [savedViews.view, savedViews.name], set: { query: values.query, createdAt: values.createdAt, createdBy: actor } })
        .returning();
      return toView(row!);
    },
    async remove(id: string): Promise<boolean> {
      const gone = await db.delete(savedViews).where(and(eq(savedViews.id, id))).returning({ id: savedViews.id });
      return gone.length > 0;
    },
  };
}

export type SavedViewsStore = ReturnType<typeof createSavedViewsStore>;
