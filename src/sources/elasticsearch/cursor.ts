/**
 * The opaque paging cursor: the last hit's `sort` values, passed back verbatim as
 * `search_after` (big integers stay BigInt and are written back as exact literals), plus the ids shown at that boundary so a
 * re-indexed or duplicated hit at the boundary is never shown twice.
 */
import { SourceError } from '../source-error';
import { parseJsonLossless, stringifyJsonLossless } from './json-lossless';

/** A point in time kept open between pages, and the tiebreaker its first page sorted by. */
export interface EsCursorPit {
  id: string;
  api: '_pit' | '_search/point_in_time';
  tiebreak: '_shard_doc' | '_doc';
}

export interface EsCursor {
  direction: 'backward' | 'forward';
  searchAfter: Array<string | number | bigint | boolean | null>;
  seenIds: string[];
  /** Present while the pages read one point in time. */
  pit?: EsCursorPit | undefined;
}

function isPit(value: unknown): value is EsCursorPit {
  if (!value || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return typeof p.id === 'string' && p.id !== '' && (p.api === '_pit' || p.api === '_search/point_in_time') && (p.tiebreak === '_shard_doc' || p.tiebreak === '_doc');
}

const isSortValue = (v: unknown) => v === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof v);

export function encodeEsCursor(cursor: EsCursor): string {
  const json = stringifyJsonLossless({ v: 1, d: cursor.direction, sa: cursor.searchAfter, ids: cursor.seenIds, ...(cursor.pit ? { pit: cursor.pit } : {}) });
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeEsCursor(cursor: string, sourceId: string): EsCursor {
  try {
    const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const data = parseJsonLossless(new TextDecoder().decode(bytes)) as { v?: unknown; d?: unknown; sa?: unknown; ids?: unknown; pit?: unknown };
    if (
      data.v === 1 &&
      (data.d === 'backward' || data.d === 'forward') &&
      Array.isArray(data.sa) &&
      data.sa.length > 0 &&
      data.sa.every(isSortValue) &&
      Array.isArray(data.ids) &&
      data.ids.every((id) => typeof id === 'string') &&
      (data.pit === undefined || isPit(data.pit))
    ) {
      const pit = data.pit === undefined ? {} : { pit: data.pit as EsCursorPit };
      return { direction: data.d, searchAfter: data.sa as EsCursor['searchAfter'], seenIds: data.ids as string[], ...pit };
    }
  } catch {
    // fall through
  }
  throw new SourceError({
    code: 'parse',
    sourceId,
    message: 'The paging cursor is not an Elasticsearch cursor from this console.',
    hint: 'Reload the first page; cursors are only valid for the query that produced them.',
  });
}
