/**
 * The `detectedFieldValues` capability: `/loki/api/v1/detected_field/<name>/values` for the current
 * log query. Gated like detectedFields, from 3.3: an older release is SourceError('unsupported')
 * without a request; an unknown build tries, and a 404 (no such route) is 'unsupported' too.
 */
import type { DetectedFieldValues } from '@/lib/model';
import { msToNs } from '@/lib/nanotime';
import type { LogFilterParams, QueryContext } from '../source-adapter';
import { SourceError } from '../source-error';
import { lokiDetectedFieldValuesSchema, parseLoki } from './api-schemas';
import type { LokiClient } from './client';
import type { LokiLogParams } from './log-params';
import { getFeatureJson } from './features';
import { buildForSource, buildLogQuery } from './logql';
import { queryConfig } from './selector';
import { toDetectedFieldValues } from './to-detected-field-values';

/**
 * The path for a field: the name is one encoded path segment whatever it holds (`/`, `?`, `#`,
 * `%`). Only `''`, `.` and `..` cannot be sent: URL parsing removes them (even as `%2E%2E`), so the
 * request would reach another endpoint. null for those.
 */
export function detectedFieldValuesPath(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return null;
  return `loki/api/v1/detected_field/${encodeURIComponent(name)}/values`;
}

export async function lokiDetectedFieldValues(client: LokiClient, params: LogFilterParams & LokiLogParams & { name: string }, ctx: QueryContext): Promise<DetectedFieldValues> {
  const { name, ...filters } = params;
  const path = detectedFieldValuesPath(name);
  if (path === null) {
    throw new SourceError({
      code: 'unsupported',
      sourceId: client.sourceId,
      message: `A field named ${JSON.stringify(name)} cannot be asked for: a URL path cannot carry that name.`,
      hint: 'Look at its values in the lines themselves (line details).',
    });
  }
  const config = await queryConfig(client, ctx.signal);
  const query = buildForSource(client.sourceId, () => buildLogQuery(config, filters));
  const json = await getFeatureJson(
    client,
    'detectedFieldValues',
    path,
    // The same sample as detected_fields (line_limit 1000), so the values match its cardinality.
    { query, start: msToNs(ctx.range.from), end: msToNs(ctx.range.to), line_limit: 1000 },
    ctx.signal,
  );
  return toDetectedFieldValues(name, parseLoki(lokiDetectedFieldValuesSchema, json, client.sourceId, 'detected_field values response'));
}
