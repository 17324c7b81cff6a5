/** testConnection: `GET /` → distribution, version and point-in-time support. */
import type { ConnectionTest } from '@/lib/model';
import { isSourceError, toSourceError } from '../source-error';
import { esInfoSchema, parseEs } from './api-schemas';
import type { EsClient } from './client';
import { esFeatures } from './features';

export { esFeatures, type EsFeatures } from './features';

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
