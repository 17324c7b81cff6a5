/**
 * Saved searches of one view, from the console service when one runs behind the page (shared by
 * everyone, read through the query cache, written through the connection's write path), else
 * from this browser's localStorage. Views render the result; they never know which it was.
 */
import { skipToken, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { browserSavedViewsStore, readSavedViews } from './browser-saved-views';
import { isServiceError } from './service-client';
import type { SavedView } from './service-client';
import { useServiceConnection } from './service-context';
import { savedViewsQuery, serviceKeys } from './service-queries';

export type SavedViewKind = SavedView['view'];
/** `note`: done, with something to say (kept in this tab's memory only). */
export type SavedViewResult = { ok: true; note?: string } | { ok: false; message: string };

export interface SavedViewsModel {
  /** `service`: shared through the console service; `browser`: this browser's localStorage only. */
  mode: 'service' | 'browser';
  /** This view's saved searches by name; undefined while the service's list loads. */
  views: SavedView[] | undefined;
  /** The service's list could not be read. */
  loadError: string | null;
  retry: () => void;
  /** What was left out of the browser's storage, or where a save went instead. */
  notes: string[];
  /** Why saving and deleting are off now, or null. */
  readOnly: string | null;
  save: (name: string, query: string) => Promise<SavedViewResult>;
  remove: (id: string) => Promise<SavedViewResult>;
}

const noSubscribe = () => () => {};
const noState = () => null;
const byName = (a: SavedView, b: SavedView) => a.name.localeCompare(b.name);

export function useSavedViews(view: SavedViewKind, now: () => number): SavedViewsModel {
  const connection = useServiceConnection();
  // Re-rendered when the connection's state changes: readOnly() reads it.
  useSyncExternalStore(connection?.subscribe ?? noSubscribe, connection?.get ?? noState, connection?.get ?? noState);
  // Without the service the query never runs (skipToken); the key keeps its usual shape.
  const factory = connection ? savedViewsQuery(connection.client) : undefined;
  const query = useQuery({ ...factory, queryKey: factory?.queryKey ?? serviceKeys.savedViews(''), queryFn: factory?.queryFn ?? skipToken });
  const browser = browserSavedViewsStore();
  const raw = useSyncExternalStore(browser.subscribe, browser.getSnapshot, browser.getSnapshot);
  const stored = useMemo(() => readSavedViews(raw), [raw]);

  const save = useCallback(
    async (name: string, text: string): Promise<SavedViewResult> => {
      const input = { view, name: name.trim(), query: text };
      if (!connection) {
        const problem = browser.save(input, now());
        return problem ? { ok: true, note: problem } : { ok: true };
      }
      const result = await connection.write(() => connection.client.saveView(input));
      await connection.queryClient.invalidateQueries({ queryKey: serviceKeys.savedViews(connection.client.baseUrl) });
      return result.ok ? { ok: true } : { ok: false, message: connection.get().writeError ?? connection.readOnly() ?? 'Not saved: the console service refused the change.' };
    },
    [connection, browser, view, now],
  );

  const remove = useCallback(
    async (id: string): Promise<SavedViewResult> => {
      if (!connection) {
        const problem = browser.remove(id);
        return problem ? { ok: true, note: problem } : { ok: true };
      }
      const result = await connection.write(async () => {
        try {
          await connection.client.deleteView(id);
        } catch (error) {
          // Someone else deleted it first: what the user asked for is done.
          if (!(isServiceError(error) && error.status === 404)) throw error;
        }
      });
      await connection.queryClient.invalidateQueries({ queryKey: serviceKeys.savedViews(connection.client.baseUrl) });
      return result.ok ? { ok: true } : { ok: false, message: connection.get().writeError ?? connection.readOnly() ?? 'Not deleted: the console service refused the change.' };
    },
    [connection, browser],
  );

  const serviceViews = query.data;
  const views = useMemo(() => {
    const all = connection ? serviceViews : stored.views;
    return all?.filter((v) => v.view === view).sort(byName);
  }, [connection, serviceViews, stored.views, view]);

  return {
    mode: connection ? 'service' : 'browser',
    views,
    loadError: connection && query.isError && !query.data ? (query.error instanceof Error ? query.error.message : String(query.error)) : null,
    retry: () => void query.refetch(),
    notes: connection ? [] : stored.notes,
    readOnly: connection?.readOnly() ?? null,
    save,
    remove,
  };
}
