/**
 * The `logContext` capability: the lines just before and after one line in its own stream, as
 * Grafana's Loki data source does it (getLogRowContext). The stream is selected by its labels, so
 * other streams of the same service cannot crowd it out of the result.
 *
 * Exact bounds: "before" asks `[from, line)` backward (Loki's end is exclusive), "after" asks
 * `[line, to)` forward. Lines at the line's own nanosecond come back in the forward answer in the
 * stream's order; those ahead of the line go before it, the rest after, and the line itself (by
 * id) in neither.
 */
import type { LogContext, LogEntry } from '@/lib/model';
import { addNs, compareNs, msToNs } from '@/lib/nanotime';
import type { LogContextParams, QueryContext, ResolvedRange } from '../source-adapter';
import { SourceError } from '../source-error';
import { parseLokiResult } from './api-schemas';
import type { LokiClient } from './client';
import { labelMatcher } from './logql';
import { parseStreamKey, toLogEntries } from './to-log-entries';

/** One query_range request, as its URL parameters. */
export interface LokiContextRequest {
  query: string;
  start: string;
  end: string;
  limit: number;
  direction: 'backward' | 'forward';
}

/**
 * `{app="a", job="docker"}`: one exact matcher per stream label, values escaped as LogQL strings.
 * A RangeError for a label name LogQL cannot spell or a stream without labels.
 */
export function streamSelector(labels: ReadonlyArray<readonly [string, string]>): string {
  if (labels.length === 0) throw new RangeError('A stream without labels cannot be selected.');
  return `{${labels.map(([name, value]) => labelMatcher(name, '=', value)).join(', ')}}`;
}

/**
 * The two requests of a line's context: `limit` lines of its stream strictly before it, and from
 * its own nanosecond on forward, with room for `limit` lines sharing that nanosecond ahead of it.
 * `before` is null when the range has nothing before the line. Throws SourceError('unsupported')
 * when the entry's stream cannot be selected.
 */
export function contextRequests(
  sourceId: string,
  entry: LogContextParams['entry'],
  limit: number,
  range: ResolvedRange,
  maxLines: number,
): { before: LokiContextRequest | null; after: LokiContextRequest } {
  const labels = parseStreamKey(entry.streamId);
  let query: string;
  try {
    if (!labels) throw new RangeError(`${JSON.stringify(entry.streamId.slice(0, 80))} is not a Loki stream.`);
    query = streamSelector(labels);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new SourceError({
      code: 'unsupported',
      sourceId,
      message: `The line's stream cannot be selected: ${error.message}`,
      hint: 'Filter the lines by its service instead; the context needs the stream labels Loki returned with the line.',
      cause: error,
    });
  }
  const n = Math.max(1, Math.min(Math.floor(limit), maxLines));
  const from = msToNs(range.from);
  const to = msToNs(range.to);
  const lineEnd = addNs(entry.timeNs, 1);
  return {
    before: compareNs(from, entry.timeNs) < 0 ? { query, start: from, end: entry.timeNs, limit: n, direction: 'backward' } : null,
    after: { query, start: entry.timeNs, end: compareNs(to, lineEnd) > 0 ? to : lineEnd, limit: Math.min(maxLines, 2 * n + 1), direction: 'forward' },
  };
}

async function streamLines(client: LokiClient, request: LokiContextRequest | null, streamId: string, signal: AbortSignal) {
  if (!request) return { entries: [] as LogEntry[], warnings: [] as string[] };
  const json = await client.getJson('loki/api/v1/query_range', { ...request }, signal);
  const { envelope, result } = parseLokiResult(json, 'streams', client.sourceId);
  const options = { serviceLabel: client.config.serviceLabel, levelLabel: client.config.levelLabel, direction: request.direction };
  // A selector also matches streams with more labels than these: keep the line's stream alone.
  return { entries: toLogEntries(result, options).filter((e) => e.streamId === streamId), warnings: envelope.warnings ?? [] };
}

export async function lokiLogContext(client: LokiClient, params: LogContextParams, ctx: QueryContext): Promise<LogContext> {
  const { entry } = params;
  const limit = Math.max(1, Math.floor(params.limit));
  const requests = contextRequests(client.sourceId, entry, limit, ctx.range, client.config.maxLines);
  const [older, fromLine] = await Promise.all([
    streamLines(client, requests.before, entry.streamId, ctx.signal),
    streamLines(client, requests.after, entry.streamId, ctx.signal),
  ]);
  const ties = fromLine.entries.filter((e) => compareNs(e.timeNs, entry.timeNs) === 0);
  const later = fromLine.entries.filter((e) => compareNs(e.timeNs, entry.timeNs) > 0);
  // Not found among them (more ties than asked for): the ties shown all go after it.
  const at = ties.findIndex((e) => e.id === entry.id);
  const tiesBefore = at >= 0 ? ties.slice(0, at) : [];
  const tiesAfter = ties.slice(at + 1).filter((e) => e.id !== entry.id);
  return {
    before: [...older.entries.reverse(), ...tiesBefore].slice(-limit),
    after: [...tiesAfter, ...later].slice(0, limit),
    warnings: [...new Set([...older.warnings, ...fromLine.warnings])],
  };
}
