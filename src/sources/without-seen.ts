/**
 * Drops the lines a cursor has already shown without looking every line's id up in a Set, because
 * Chromium's optimized code internalizes a string it looks up in a Set or Map (puts it in V8's
 * string table, which every full garbage collection walks): docs/PERFORMANCE.md#line-ids-kept-out-of-the-string-table.
 *
 * A cursor carries only the few ids at its boundary timestamp, so they are compared directly, and
 * only entries at that timestamp (`mayBeSeen`) are checked at all.
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
