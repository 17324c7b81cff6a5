/** The Elasticsearch / OpenSearch log-source adapter (public surface). */
import type { SourceAdapter } from '../source-adapter';
import { createEsClient, type EsClient } from './client';
import { esConfigSchema, parseEsConfig, type EsConfig } from './config';
import { esLogVolume } from './log-volume';
import { esLogs } from './logs';
import { elasticsearchServerDescriptor } from './server-descriptor';
import { esTestConnection } from './test-connection';

export type { EsClient } from './client';
export type { EsConfig } from './config';
export { parseEsConfig } from './config';

export const elasticsearchAdapter: SourceAdapter<EsConfig, EsClient, 'elasticsearch'> = {
  kind: 'elasticsearch',
  displayName: 'Elasticsearch / OpenSearch',
  logStore: true,
  rawQueryLanguage: 'Lucene',
  server: elasticsearchServerDescriptor,
  configSchema: esConfigSchema,
  // Re-validated here so a host that skips configSchema still gets SourceError('config').
  createClient: (config, deps) => createEsClient(parseEsConfig(config, deps.sourceId), deps),
  testConnection: esTestConnection,
  capabilities: {
    logs: esLogs,
    logVolume: esLogVolume,
  },
};
