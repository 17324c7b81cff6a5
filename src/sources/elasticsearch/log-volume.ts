/** The `logVolume` capability: date_histogram × level terms in one size-0 search. */
import type { LogVolumeBucket } from '@/lib/model';
import type { CapabilityFns, QueryContext } from '../source-adapter';
import { SourceError } from '../source-error';
import type { EsClient } from './client';
import { buildVolumeSearch } from './query-dsl';
import { readSearchResponse } from './search-response';
import { toLogVolume } from './to-log-volume';

export type LogVolumeParams = Parameters<CapabilityFns<EsClient>['logVolume']>[1];

export async function esLogVolume(client: EsClient, params: LogVolumeParams, ctx: QueryContext): Promise<LogVolumeBucket[]> {
  const body = buildVolumeSearch(client.config.fields, params, ctx.range, params.stepMs);
  const { response } = readSearchResponse(await client.search(body, ctx.signal), client.sourceId);
  const buckets = toLogVolume(response.aggregations);
  if (buckets === null) {
    throw new SourceError({
      code: 'parse',
      sourceId: client.sourceId,
      message: 'The search response has no date_histogram aggregation.',
      hint: 'Check that baseUrl points at Elasticsearch/OpenSearch and that no proxy filters the response (filter_path).',
    });
  }
  return buckets;
}
