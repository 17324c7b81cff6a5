/**
 * Saved views without the console service: one document in this browser's localStorage
 * (`spine-console.saved-views`), shaped as the API's views so the page treats both alike.
 * Read defensively: what does not validate is left out with a note, never thrown.
 */
import { z } from '@/lib/zod';
import { savedViewSchema } from './api-schemas';
import type { SavedView, SavedViewInput } from './service-client';

export const SAVED_VIEWS_KEY = 'spine-console.saved-views';

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export interface BrowserSavedViews {
  views: SavedView[];
  /** Why some or all of what storage held was left out. */
  notes: string[];
}

const documentSchema = z.object({ views: z.array(z.unknown()) });

/** Parses the stored document; `raw` is what storage holds (null: nothing saved yet). */
export function readSavedViews(raw: string | null): BrowserSavedViews {
  if (raw === null) return { views: [], notes: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { views: [], notes: ['The saved searches stored in this browser could not be read (not JSON) and are ignored; the next save replaces them.'] };
  }
  const doc = documentSchema.safeParse(json);
  if (!doc.success) return { views: [], notes: ['The saved searches stored in this browser are not in the expected shape and are ignored; the next save replaces them.'] };
  const views: SavedView[] = [];
  let bad = 0;
  for (const entry of doc.data.views) {
    const parsed = savedViewSchema.safeParse(entry);
    if (parsed.success) views.push(parsed.data);
    else bad += 1;
  }
  const notes = bad > 0 ? [`${bad} saved ${bad === 1 ? 'search' : 'searches'} stored in this browser could not be read and ${bad === 1 ? 'is' : 'are'} ignored.`] : [];
  return { views, notes };
}

const newId = () => `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** `views` with `input` saved; a view of the same name and kind is replaced, as the service does. */
export function withSavedView(views: SavedView[], input: SavedViewInput, now: number): SavedView[] {
  const name = input.name.trim();
  const kept = views.filter((v) => !(v.view === input.view && v.name === name));
  return [...kept, { id: newId(), view: input.view, name, query: input.query, createdAt: now, createdBy: null }];
}

/**
 * The browser's store, subscribable for useSyncExternalStore: the snapshot is the raw string, so
 * it is stable until something writes. Other tabs' writes arrive through the `storage` event.
 */
export function createBrowserSavedViewsStore(storage: StorageLike | null) {
  // No usable storage (disabled, private mode): this tab's memory, said so in the note.
  let memory: string | null = null;
  const listeners = new Set<() => void>();
  const get = (): string | null => {
    // Once storage refused a write, this tab's memory holds the newest document.
    if (!storage || memory !== null) return memory;
    try {
      return storage.getItem(SAVED_VIEWS_KEY);
    } catch {
      return memory;
    }
  };
  const put = (views: SavedView[]): string | null => {
    const raw = JSON.stringify({ views });
    let problem: string | null = null;
    try {
      if (!storage) throw new Error('no storage');
      storage.setItem(SAVED_VIEWS_KEY, raw);
    } catch {
      memory = raw;
      problem = 'This browser refused to store it (storage full or disabled): it lasts until this tab closes.';
    }
    for (const l of listeners) l();
    return problem;
  };
  return {
    getSnapshot: get,
    subscribe(listener: () => void) {
      listeners.add(listener);
      const onStorage = (e: StorageEvent) => {
        if (e.key === SAVED_VIEWS_KEY || e.key === null) listener();
      };
      globalThis.addEventListener?.('storage', onStorage);
      return () => {
        listeners.delete(listener);
        globalThis.removeEventListener?.('storage', onStorage);
      };
    },
    /** Saves `input`; resolves a problem to show (kept in memory only), or null. */
    save(input: SavedViewInput, now: number): string | null {
      return put(withSavedView(readSavedViews(get()).views, input, now));
    },
    remove(id: string): string | null {
      return put(readSavedViews(get()).views.filter((v) => v.id !== id));
    },
  };
}

export type BrowserSavedViewsStore = ReturnType<typeof createBrowserSavedViewsStore>;

let shared: BrowserSavedViewsStore | undefined;

/** One store per page over `localStorage`, so every view's hook sees the others' writes. */
export function browserSavedViewsStore(): BrowserSavedViewsStore {
  if (!shared) {
    let storage: StorageLike | null = null;
    try {
      storage = globalThis.localStorage ?? null;
    } catch {
      storage = null;
    }
    shared = createBrowserSavedViewsStore(storage);
  }
  return shared;
}
