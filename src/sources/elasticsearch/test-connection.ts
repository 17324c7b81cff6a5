/** testConnection: `GET /` → distribution, version and point-in-time support. */
import type { ConnectionTest } from '@/lib/model';
import { isSourceError, toSourceError } from '../source-error';
import { esInfoSchema, parseEs, type EsInfo } from './api-schemas';
import type { EsClient } from './client';

export interface EsFeatures {
  distribution: 'elasticsearch' | 'opensearch';
  version: string;
  /** Point-in-time: ES ≥ 7.10 (`POST /<index>/_pit`), OpenSearch ≥ 2.4 (`POST /<index>/_search/point_in_time`). */
  pit: boolean;
  pitApi: '_pit' | '_search/point_in_time' | null;
  /** `_shard_doc` as the PIT tiebreaker sort (ES ≥ 7.12); otherwise `_doc`. */
  shardDoc: boolean;
}

function atLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [ma, mi] = [Number(m[1]), Number(m[2])];
  return ma > major || (ma === major && mi >= minor);
}

/** Checks `distribution` before `number`: OpenSearch 1.x/2.x numbers look like old ES versions. */
export function esFeatures(info: EsInfo): EsFeatures {
  const version = info.version.number;
  if (info.version.distribution?.toLowerCase() === 'opensearch') {
    const pit = atLeast(version, 2, 4);
    return { distribution: 'opensearch', version, pit, pitApi: pit ? '_search/point_in_time' : null, shardDoc: false };
  }
  const serverless = info.version.build_flavor === 'serverless';
  const pit = serverless || atLeast(version, 7, 10);
  return { distribution: 'elasticsearch', version, pit, pitApi: pit ? '_pit' : null, shardDoc: serverless || atLeast(version, 7, 12) };
}

export async function esTestConnection(client: EsClient, options: { signal: AbortSignal }): Promise<ConnectionTest> {
  const started = client.now();
  try {
    const info = parseEs(esInfoSchema, await client.info(options.signal), client.sourceId, 'cluster info');
    const f = esFeatures(info);
    const name = f.distribution === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
    const cluster = info.cluster_name ? ` (cluster ${info.cluster_name})` : '';
    const pit = f.pit ? `point-in-time supported (${f.pitApi})` : 'no point-in-time support';
    return {
      ok: true,
      message: `Reachable, ${name} ${f.version}${cluster}: ${pit}.`,
      version: `${name} ${f.version}`,
      latencyMs: client.now() - started,
    };
  } catch (error) {
    const sourceError = isSourceError(error) ? error : toSourceError(error, client.sourceId);
    if (sourceError.code === 'cancelled') throw sourceError;
    return { ok: false, message: `${sourceError.message} ${sourceError.hint}`, version: null, latencyMs: null };
  }
}
