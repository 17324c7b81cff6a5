/**
 * The `detectedFields` capability: `/loki/api/v1/detected_fields` for the current log query.
 * Gated like logPatterns: buildinfo ≥ 3.0, else try; old server or 404 → SourceError('unsupported').
 */
import type { DetectedFieldReport } from '@/lib/model';
import { msToNs } from '@/lib/nanotime';
import type { LogFilterParams, QueryContext } from '../source-adapter';
import { lokiDetectedFieldsSchema, parseLoki } from './api-schemas';
import type { LokiClient } from './client';
import type { LokiLogParams } from './log-params';
import { getFeatureJson } from './features';
import { buildForSource, buildLogQuery } from './logql';
import { queryConfig } from './selector';
import { toDetectedFields } from './to-detected-fields';

export async function lokiDetectedFields(client: LokiClient, params: LogFilterParams & LokiLogParams, ctx: QueryContext): Promise<DetectedFieldReport> {
  const config = await queryConfig(client, ctx.signal);
  const query = buildForSource(client.sourceId, () => buildLogQuery(config, params));
  const json = await getFeatureJson(
    client,
    'detectedFields',
    'loki/api/v1/detected_fields',
    // line_limit: Loki parses the newest 100 lines by default; 1000 gives a truer cardinality.
    { query, start: msToNs(ctx.range.from), end: msToNs(ctx.range.to), line_limit: 1000 },
    ctx.signal,
  );
  return toDetectedFields(parseLoki(lokiDetectedFieldsSchema, json, client.sourceId, 'detected_fields response'));
}
