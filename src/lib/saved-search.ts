/**
 * Saved searches: which of a view's URL parameters a saved search keeps, how a name is checked,
 * and the link that opens one. Pure, so both views and both stores (service, browser) agree.
 */
import { CARRIED_PARAMS } from './view-links';

export const SAVED_SEARCH_NAME_MAX = 120;

/** Why `name` cannot be saved, or null when it can (it is trimmed first). */
export function savedSearchNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the search a name.';
  if (trimmed.length > SAVED_SEARCH_NAME_MAX) return `A name has at most ${SAVED_SEARCH_NAME_MAX} characters; this one has ${trimmed.length}.`;
  return null;
}

/**
 * The search string (no `?`) of `params` restricted to `keys`, in `keys` order and each key's
 * values in their order: the same search always gives the same string, so one can be recognised.
 */
export function pickSearch(params: URLSearchParams, keys: readonly string[]): string {
  const out = new URLSearchParams();
  for (const key of keys) for (const value of params.getAll(key)) out.append(key, value);
  return out.toString();
}

/**
 * The search string (`?…` or '') that opens a saved `query`: its own parameters among `keys`
 * (anything else it holds is ignored, so a hand-made or stale query cannot set `line` or `live`),
 * with the console-wide parameters (time range, refresh, scenario) of `current` kept.
 */
export function openSavedSearch(query: string, keys: readonly string[], current: URLSearchParams): string {
  const saved = new URLSearchParams(query);
  const next = new URLSearchParams([...current].filter(([k]) => (CARRIED_PARAMS as readonly string[]).includes(k)));
  for (const key of keys) {
    if ((CARRIED_PARAMS as readonly string[]).includes(key)) continue;
    for (const value of saved.getAll(key)) next.append(key, value);
  }
  const text = next.toString();
  return text ? `?${text}` : '';
}
