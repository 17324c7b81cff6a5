/**
 * Dropping the lines a cursor has already shown, without putting every line's id through a Set.
 *
 * Chromium's V8 internalizes a string used as a Set or Map key (copies it into the engine's string
 * table, which every full garbage collection then walks). Filtering 100,000 loaded lines through
 * `seen.has(e.id)` put all their ids in that table and made each collection pause longer while
 * the explorer scrolled. A cursor carries only the few ids at its boundary timestamp, so they are
 * compared directly; only entries at that timestamp (`mayBeSeen`) are checked at all.
 */
import type { LogEntry } from '@/lib/model';
import { compareNs } from '@/lib/nanotime';
import type { LinePosition } from './source-adapter';

/** Up to this many ids are compared one by one; beyond it a Set is cheaper. */
const LINEAR_LIMIT = 64;

export function withoutSeen(entries: LogEntry[], seenIds: readonly string[], mayBeSeen: (e: LogEntry) => boolean = () => true): LogEntry[] {
  if (seenIds.length === 0) return entries;
  if (seenIds.length <= LINEAR_LIMIT) return entries.filter((e) => !(mayBeSeen(e) && seenIds.includes(e.id)));
  const seen = new Set(seenIds);
  return entries.filter((e) => !(mayBeSeen(e) && seen.has(e.id)));
}

/**
 * The entries after `position` (`LogQueryParams.newerThan`): a later nanosecond, or the same one
 * and not among the ids seen there. For an adapter whose server cannot take an exact lower bound.
 */
export function afterPosition(entries: LogEntry[], position: LinePosition | undefined): LogEntry[] {
  if (!position) return entries;
  const notOlder = entries.filter((e) => compareNs(e.timeNs, position.timeNs) >= 0);
  return withoutSeen(notOlder, position.seenIds, (e) => compareNs(e.timeNs, position.timeNs) === 0);
}
