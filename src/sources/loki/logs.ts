/** The `logs` capability: one page of log lines, merged across streams, with a gap-free cursor. */
import type { LogEntry, LogPage } from '@/lib/model';
import { addNs, compareNs, msToNs } from '@/lib/nanotime';
import type { LogQueryParams, QueryContext } from '../source-adapter';
import type { LokiLogParams } from './log-params';
import { SourceError } from '../source-error';
import { parseLokiResult } from './api-schemas';
import type { LokiClient } from './client';
import { decodeLokiCursor, encodeLokiCursor } from './cursor';
import { requirePatternFilter } from './log-patterns';
import { buildForSource, buildLogQuery } from './logql';
import { queryConfig } from './selector';
import { toLogEntries } from './to-log-entries';
import { withoutSeen } from '../without-seen';

function nextCursor(entries: LogEntry[], direction: 'backward' | 'forward', previous: { boundaryNs: string; seenIds: string[] } | null): string | null {
  const last = entries[entries.length - 1];
  if (!last) return null;
  const boundaryNs = last.timeNs;
  const ids = entries.filter((e) => e.timeNs === boundaryNs).map((e) => e.id);
  // A page made entirely of one timestamp keeps the ids seen on earlier pages at that timestamp.
  if (previous && previous.boundaryNs === boundaryNs) ids.unshift(...previous.seenIds);
  return encodeLokiCursor({ direction, boundaryNs, seenIds: [...new Set(ids)] });
}

export async function lokiLogs(client: LokiClient, params: LogQueryParams & LokiLogParams, ctx: QueryContext): Promise<LogPage> {
  const direction = params.direction ?? 'backward';
  const cursor = params.cursor ? decodeLokiCursor(params.cursor, client.sourceId) : null;
  if (cursor && cursor.direction !== direction) {
    throw new SourceError({
      code: 'parse',
      sourceId: client.sourceId,
      message: `The cursor pages ${cursor.direction} but the query asks for ${direction}.`,
      hint: 'Reload the first page after changing the direction.',
    });
  }
  // A refresh (`newerThan`) starts at the newest line shown, to the nanosecond, and drops the lines
  // already shown there, as a forward cursor does.
  const after = params.newerThan;
  const seenIds = after ? [...(cursor?.seenIds ?? []), ...after.seenIds] : (cursor?.seenIds ?? []);
  const warnings: string[] = [];
  const maxLines = client.config.maxLines;
  if (seenIds.length >= maxLines) {
    throw new SourceError({
      code: 'unsupported',
      sourceId: client.sourceId,
      message: `More than ${maxLines} lines share one timestamp; Loki cannot page past them.`,
      hint: 'Narrow the query (a service or level filter) so fewer lines share a timestamp.',
    });
  }
  // Loki rejects requests above max_entries_limit_per_query with a 400: stay within it, counting
  // the boundary entries the cursor asks for again.
  let limit = Math.max(1, Math.floor(params.limit));
  if (limit + seenIds.length > maxLines) {
    if (params.limit > maxLines) warnings.push(`Loki returns at most ${maxLines} lines per request; showing pages of ${maxLines - seenIds.length}.`);
    limit = maxLines - seenIds.length;
  }
  let start = msToNs(ctx.range.from);
  let end = msToNs(ctx.range.to);
  if (cursor && direction === 'backward') end = addNs(cursor.boundaryNs, 1);
  if (cursor && direction === 'forward') start = cursor.boundaryNs;
  if (after && compareNs(after.timeNs, start) > 0) start = after.timeNs;
  // Nothing can match (a refresh whose newest line is not older than `to`, a cursor past the start
  // of a range that slid on): Loki would answer 400, so ask nothing.
  if (compareNs(start, end) >= 0) return { entries: [], truncated: false, nextCursor: null, warnings };
  await requirePatternFilter(client, params, ctx.signal);
  // Ask for the already-seen boundary entries too, so a page full of duplicates still progresses.
  const requested = limit + seenIds.length;
  const config = await queryConfig(client, ctx.signal);

  const json = await client.getJson(
    'loki/api/v1/query_range',
    { query: buildForSource(client.sourceId, () => buildLogQuery(config, params)), start, end, limit: requested, direction },
    ctx.signal,
  );
  const { envelope, result } = parseLokiResult(json, 'streams', client.sourceId);
  const merged = toLogEntries(result, {
    serviceLabel: client.config.serviceLabel,
    levelLabel: client.config.levelLabel,
    direction,
  });
  // Only lines at the cursor's boundary timestamp (or the refresh's start) can have been shown already.
  const entries = withoutSeen(merged, seenIds, (e) => e.timeNs === cursor?.boundaryNs || e.timeNs === after?.timeNs).slice(0, limit);
  const truncated = merged.length >= requested;
  return {
    entries,
    truncated,
    nextCursor: truncated ? nextCursor(entries, direction, cursor) : null,
    warnings: [...(envelope.warnings ?? []), ...warnings],
  };
}
