/** How the console server configures Elasticsearch from its environment (see ../server-descriptor.ts). */
import type { ServerDescriptor } from '../server-descriptor';
import type { EsConfig } from './config';

const DEFAULT_INDEX = 'logs-*,spine-logs*';

/** ELASTICSEARCH_INDEX: comma-separated patterns; a bad value is reported and the default used. */
function readIndex(raw: string | undefined, problem: (message: string) => void): string {
  const text = raw?.trim();
  if (!text) return DEFAULT_INDEX;
  if (/^[^\s/\\?"<>|#]+$/.test(text) && text.split(',').every((p) => p.trim() !== '')) return text;
  problem(`ELASTICSEARCH_INDEX="${text}" is not a list of index patterns; set it like ELASTICSEARCH_INDEX=logs-*,spine-logs*. Using ${DEFAULT_INDEX}.`);
  return DEFAULT_INDEX;
}

export const elasticsearchServerDescriptor: ServerDescriptor<EsConfig> = {
  id: 'elasticsearch',
  label: 'Elasticsearch',
  urlVariable: 'ELASTICSEARCH_URL',
  credentials: [{ variable: 'ELASTICSEARCH_AUTH', header: 'authorization' }],
  settings: { index: { variable: 'ELASTICSEARCH_INDEX', read: readIndex } },
};
