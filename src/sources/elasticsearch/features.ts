/** What an Elasticsearch/OpenSearch server can do, from `GET /`: distribution, version, point-in-time support. */
import { versionAtLeast } from '@/lib/version';
import type { EsInfo } from './api-schemas';

export interface EsFeatures {
  distribution: 'elasticsearch' | 'opensearch';
  version: string;
  /** Point-in-time: ES ≥ 7.10 (`POST /<index>/_pit`), OpenSearch ≥ 2.4 (`POST /<index>/_search/point_in_time`). */
  pit: boolean;
  pitApi: '_pit' | '_search/point_in_time' | null;
  /** `_shard_doc` as the PIT tiebreaker sort (ES ≥ 7.12); otherwise `_doc`. */
  shardDoc: boolean;
}

/** Checks `distribution` before `number`: OpenSearch 1.x/2.x numbers look like old ES versions. */
export function esFeatures(info: EsInfo): EsFeatures {
  const version = info.version.number;
  if (info.version.distribution?.toLowerCase() === 'opensearch') {
    const pit = versionAtLeast(version, [2, 4]);
    return { distribution: 'opensearch', version, pit, pitApi: pit ? '_search/point_in_time' : null, shardDoc: false };
  }
  const serverless = info.version.build_flavor === 'serverless';
  const pit = serverless || versionAtLeast(version, [7, 10]);
  return { distribution: 'elasticsearch', version, pit, pitApi: pit ? '_pit' : null, shardDoc: serverless || versionAtLeast(version, [7, 12]) };
}
