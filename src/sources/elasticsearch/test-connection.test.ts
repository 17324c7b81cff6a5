import { describe, expect, it } from 'vitest';
import type { AdapterDeps } from '../source-adapter';
import { createEsClient } from './client';
import { esConfigSchema } from './config';
import es9 from './fixtures/info.elasticsearch-9.json';
import os210 from './fixtures/info.opensearch-2.10.json';
import { esFeatures, esTestConnection } from './test-connection';

function client(response: () => Response) {
  let t = 0;
  const deps: AdapterDeps = { sourceId: 'es', fetch: (async () => response()) as unknown as typeof fetch, now: () => (t += 7) };
  return createEsClient(esConfigSchema.parse({ baseUrl: '/proxy/es' }), deps);
}
const signal = new AbortController().signal;

describe('esTestConnection', () => {
  it('detects Elasticsearch 9 with _pit', async () => {
    await expect(esTestConnection(client(() => Response.json(es9)), { signal })).resolves.toEqual({
      ok: true,
      message: 'Reachable, Elasticsearch 9.1.0 (cluster my_test_cluster): point-in-time supported (_pit).',
      version: 'Elasticsearch 9.1.0',
      latencyMs: 7,
    });
  });

  it('detects OpenSearch by distribution before the number', async () => {
    const result = await esTestConnection(client(() => Response.json(os210)), { signal });
    expect(result.message).toBe('Reachable, OpenSearch 2.10.0 (cluster opensearch): point-in-time supported (_search/point_in_time).');
  });

  it.each([
    ['7.9.3', undefined, false],
    ['7.10.0', undefined, true],
    ['2.3.0', 'opensearch', false],
    ['2.4.0', 'opensearch', true],
    ['1.3.0', 'opensearch', false],
  ])('%s %s → pit %s', (number, distribution, pit) => {
    expect(esFeatures({ version: { number, ...(distribution ? { distribution } : {}) } }).pit).toBe(pit);
  });

  it('returns ok=false with message and hint on failure', async () => {
    const result = await esTestConnection(client(() => new Response('Unauthorized', { status: 401 })), { signal });
    expect(result).toMatchObject({ ok: false, version: null, message: expect.stringMatching(/ELASTICSEARCH_AUTH/) });
  });
});
