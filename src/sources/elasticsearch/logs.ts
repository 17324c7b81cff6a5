/**
 * The `logs` capability: one page of hits sorted by time, paged with `search_after`, inside a
 * point in time where the server has one (see pit.ts), so "Load older" reads one snapshot.
 */
import type { LogPage } from '@/lib/model';
import type { LogQueryParams, QueryContext } from '../source-adapter';
import { SourceError } from '../source-error';
import type { EsClient } from './client';
import { decodeEsCursor, encodeEsCursor, type EsCursor, type EsCursorPit } from './cursor';
import { closePit, isPitMissing, openPit, PIT_KEEP_ALIVE } from './pit';
import { buildLogsSearch } from './query-dsl';
import { readSearchResponse } from './search-response';
import { toLogEntries } from './to-log-entries';
import { withoutSeen } from '../without-seen';

export async function esLogs(client: EsClient, params: LogQueryParams, ctx: QueryContext): Promise<LogPage> {
  const direction = params.direction ?? 'backward';
  const cursor = params.cursor ? decodeEsCursor(params.cursor, client.sourceId) : null;
  if (cursor && cursor.direction !== direction) {
    throw new SourceError({
      code: 'parse',
      sourceId: client.sourceId,
      message: `The cursor pages ${cursor.direction} but the query asks for ${direction}.`,
      hint: 'Reload the first page after changing the direction.',
    });
  }
  const limit = Math.max(1, Math.floor(params.limit));
  // First page: open a PIT if the server has them. Later pages: the cursor's PIT, if any. A refresh
  // (`newerThan`) is nearly always a short last page: a PIT would be opened and closed for nothing.
  const after = params.newerThan;
  let pit: EsCursorPit | null = cursor ? (cursor.pit ?? null) : after ? null : await openPit(client, await client.features(ctx.signal), ctx.signal);
  let searchAfter = cursor?.searchAfter ?? null;
  const request = (p: EsCursorPit | null, sa: typeof searchAfter) => {
    const body = buildLogsSearch(client.config.fields, params, ctx.range, {
      limit,
      direction,
      searchAfter: sa,
      pit: p ? { id: p.id, keepAlive: PIT_KEEP_ALIVE, tiebreak: p.tiebreak } : null,
      sinceNs: after?.timeNs ?? null,
    });
    return p ? client.searchPit(body, ctx.signal) : client.search(body, ctx.signal);
  };
  let json: unknown;
  try {
    json = await request(pit, searchAfter);
  } catch (error) {
    if (!pit || !isPitMissing(error)) throw error;
    // The PIT expired: continue with plain search_after. The tiebreak becomes `_doc`, so the cursor
    // restarts at the boundary time (every `_doc` there) and the ids already shown are dropped.
    pit = null;
    if (searchAfter) searchAfter = [searchAfter[0] ?? null, direction === 'backward' ? 2_147_483_647 : -1];
    json = await request(null, searchAfter);
  }
  const { response, warnings } = readSearchResponse(json, client.sourceId);
  // The PIT id may change between searches: always carry the latest.
  if (pit && response.pit_id) pit = { ...pit, id: response.pit_id };
  const hits = response.hits?.hits ?? [];
  const entries = withoutSeen(toLogEntries(hits, client.config.fields), [...(cursor?.seenIds ?? []), ...(after?.seenIds ?? [])]);
  const truncated = hits.length >= limit;
  const last = hits[hits.length - 1];
  let nextCursor: string | null = null;
  if (truncated && last?.sort && last.sort.length > 0) {
    const key = (v: unknown) => `${typeof v}:${String(v)}`;
    const boundary = key(last.sort[0]);
    const seenIds = hits.filter((h) => key(h.sort?.[0]) === boundary).map((h) => `${h._index}/${h._id}`);
    nextCursor = encodeEsCursor({ direction, searchAfter: last.sort as EsCursor['searchAfter'], seenIds, pit: pit ?? undefined });
  } else if (truncated) {
    warnings.push('More lines exist but the response had no sort values to page with.');
  }
  // No next page will read this PIT: close it rather than wait for keep_alive.
  if (pit && nextCursor === null) closePit(client, pit);
  return { entries, truncated, nextCursor, warnings };
}
