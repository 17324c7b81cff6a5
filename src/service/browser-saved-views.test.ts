import { describe, expect, it, vi } from 'vitest';
import { createBrowserSavedViewsStore, readSavedViews, SAVED_VIEWS_KEY } from './browser-saved-views';
import { savedView } from './testing/service-fixtures';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');

function memory(initial?: string) {
  const m = new Map<string, string>(initial === undefined ? [] : [[SAVED_VIEWS_KEY, initial]]);
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

describe('saved views in the browser', () => {
  it('reads nothing saved as an empty list, without a note', () => {
    expect(readSavedViews(null)).toEqual({ views: [], notes: [] });
  });

  it('drops what is not JSON or not the document, with a note, never throwing', () => {
    expect(readSavedViews('{not json')).toEqual({ views: [], notes: [expect.stringContaining('could not be read (not JSON)')] });
    expect(readSavedViews('[1,2]').notes).toEqual([expect.stringContaining('not in the expected shape')]);
    expect(readSavedViews('null').views).toEqual([]);
  });

  it('keeps the valid entries and counts the others', () => {
    const good = savedView({ createdBy: null });
    const raw = JSON.stringify({ views: [good, { id: 7 }, { ...good, id: 'x', view: 'nowhere' }, 'text'] });
    expect(readSavedViews(raw)).toEqual({ views: [good], notes: ['3 saved searches stored in this browser could not be read and are ignored.'] });
  });

  it('saves, replaces a same-named view of the same kind, deletes, and tells subscribers', () => {
    const storage = memory();
    const store = createBrowserSavedViewsStore(storage);
    const listener = vi.fn();
    const stop = store.subscribe(listener);
    expect(store.save({ view: 'logs', name: ' Errors ', query: 'level=error' }, NOW)).toBeNull();
    expect(store.save({ view: 'issues', name: 'Errors', query: 'status=new' }, NOW)).toBeNull();
    expect(store.save({ view: 'logs', name: 'Errors', query: 'level=critical' }, NOW + 1)).toBeNull();
    const { views } = readSavedViews(store.getSnapshot());
    expect(views.map((v) => [v.view, v.name, v.query, v.createdAt, v.createdBy])).toEqual([
      ['issues', 'Errors', 'status=new', NOW, null],
      ['logs', 'Errors', 'level=critical', NOW + 1, null],
    ]);
    expect(store.remove(views[0]!.id)).toBeNull();
    expect(readSavedViews(store.getSnapshot()).views.map((v) => v.view)).toEqual(['logs']);
    expect(listener).toHaveBeenCalledTimes(4);
    stop();
  });

  it('a save over corrupt storage replaces it with a valid document', () => {
    const storage = memory('{garbage');
    const store = createBrowserSavedViewsStore(storage);
    store.save({ view: 'logs', name: 'Mine', query: 'q=x' }, NOW);
    expect(readSavedViews(storage.map.get(SAVED_VIEWS_KEY)!)).toEqual({ views: [expect.objectContaining({ name: 'Mine' })], notes: [] });
  });

  it('keeps it in this tab when storage refuses the write, and says so', () => {
    const store = createBrowserSavedViewsStore({ getItem: () => null, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } });
    expect(store.save({ view: 'logs', name: 'Mine', query: 'q=x' }, NOW)).toMatch(/refused to store it.*until this tab closes/);
    expect(readSavedViews(store.getSnapshot()).views.map((v) => v.name)).toEqual(['Mine']);
  });
});
