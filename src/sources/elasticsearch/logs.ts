/** The `logs` capability: one page of hits sorted by time, paged with `search_after`. */
import type { LogPage } from '@/lib/model';
import type { LogQueryParams, QueryContext } from '../source-adapter';
import { SourceError } from '../source-error';
import { rejectPatternFilter } from '../unsupported-params';
import type { EsClient } from './client';
import { decodeEsCursor, encodeEsCursor, type EsCursor } from './cursor';
import { buildLogsSearch } from './query-dsl';
import { readSearchResponse } from './search-response';
import { toLogEntries } from './to-log-entries';

export async function esLogs(client: EsClient, params: LogQueryParams, ctx: QueryContext): Promise<LogPage> {
  rejectPatternFilter(params, client.sourceId, 'Elasticsearch');
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
  const body = buildLogsSearch(client.config.fields, params, ctx.range, {
    limit,
    direction,
    searchAfter: cursor?.searchAfter ?? null,
  });
  const { response, warnings } = readSearchResponse(await client.search(body, ctx.signal), client.sourceId);
  const hits = response.hits?.hits ?? [];
  const seen = new Set(cursor?.seenIds ?? []);
  const entries = toLogEntries(hits, client.config.fields).filter((e) => !seen.has(e.id));
  const truncated = hits.length >= limit;
  const last = hits[hits.length - 1];
  let nextCursor: string | null = null;
  if (truncated && last?.sort && last.sort.length > 0) {
    const key = (v: unknown) => `${typeof v}:${String(v)}`;
    const boundary = key(last.sort[0]);
    const seenIds = hits.filter((h) => key(h.sort?.[0]) === boundary).map((h) => `${h._index}/${h._id}`);
    nextCursor = encodeEsCursor({ direction, searchAfter: last.sort as EsCursor['searchAfter'], seenIds });
  } else if (truncated) {
    warnings.push('More lines exist but the response had no sort values to page with.');
  }
  return { entries, truncated, nextCursor, warnings };
}
