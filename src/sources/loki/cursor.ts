/**
 * The opaque paging cursor. Loki's `end` is exclusive and `start` inclusive, and several entries
 * may share one nanosecond timestamp, so the cursor carries the boundary timestamp AND the ids
 * of the entries already shown at exactly that timestamp: the next page asks again from the
 * boundary (end = boundary + 1 ns backward, start = boundary forward) and drops those ids.
 */
import { isNanoString } from '@/lib/nanotime';
import { SourceError } from '../source-error';

export interface LokiCursor {
  direction: 'backward' | 'forward';
  /** Timestamp of the last entry shown (oldest when backward). */
  boundaryNs: string;
  /** Ids of the entries shown with timeNs === boundaryNs. */
  seenIds: string[];
}

function toBase64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

export function encodeLokiCursor(cursor: LokiCursor): string {
  return toBase64Url(JSON.stringify({ v: 1, d: cursor.direction, b: cursor.boundaryNs, ids: cursor.seenIds }));
}

export function decodeLokiCursor(cursor: string, sourceId: string): LokiCursor {
  try {
    const data = JSON.parse(fromBase64Url(cursor)) as { v?: unknown; d?: unknown; b?: unknown; ids?: unknown };
    const ids = data.ids;
    if (
      data.v === 1 &&
      (data.d === 'backward' || data.d === 'forward') &&
      isNanoString(data.b) &&
      Array.isArray(ids) &&
      ids.every((id) => typeof id === 'string')
    ) {
      return { direction: data.d, boundaryNs: data.b, seenIds: ids as string[] };
    }
  } catch {
    // fall through to the error below
  }
  throw new SourceError({
    code: 'parse',
    sourceId,
    message: 'The paging cursor is not a Loki cursor from this console.',
    hint: 'Reload the first page; cursors are only valid for the query that produced them.',
  });
}
