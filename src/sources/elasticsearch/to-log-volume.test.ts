import { describe, expect, it } from 'vitest';
import type { AdapterDeps, QueryContext } from '../source-adapter';
import { createEsClient } from './client';
import { esConfigSchema } from './config';
import { esLogVolume } from './log-volume';
import { toLogVolume } from './to-log-volume';

const aggregations = {
  volume: {
    buckets: [
      {
        key_as_string: '1668422400123',
        key: 1668422400123,
        doc_count: 10,
        level_0: { buckets: [{ key: 'error', doc_count: 3 }, { key: 'WARN', doc_count: 2 }] },
        level_1: { buckets: [{ key: 'Info', doc_count: 4 }] },
      },
      { key_as_string: '1668422460123', key: 1668422460123, doc_count: 0, level_0: { buckets: [] }, level_1: { buckets: [] } },
    ],
  },
};

describe('ES toLogVolume', () => {
  it('sums per normalized level across level fields; the rest is unknown', () => {
    expect(toLogVolume(aggregations)).toEqual([
      { at: 1668422400123, counts: { error: 3, warning: 2, info: 4, unknown: 1 } },
      { at: 1668422460123, counts: {} },
    ]);
  });

  it('returns null when the aggregation is missing', () => {
    expect(toLogVolume(undefined)).toBeNull();
    expect(toLogVolume({ volume: { value: 1 } })).toBeNull();
  });

  it('the capability posts a size-0 search and maps the buckets', async () => {
    let sent: Record<string, unknown> = {};
    const deps: AdapterDeps = {
      sourceId: 'es',
      now: () => 0,
      fetch: (async (_u: unknown, init?: RequestInit) => {
        sent = JSON.parse(String(init?.body)) as Record<string, unknown>;
        return Response.json({ hits: { hits: [] }, aggregations });
      }) as typeof fetch,
    };
    const client = createEsClient(esConfigSchema.parse({ baseUrl: '/es' }), deps);
    const ctx: QueryContext = { signal: new AbortController().signal, range: { from: 1, to: 2 } };
    await expect(esLogVolume(client, { stepMs: 60_000 }, ctx)).resolves.toHaveLength(2);
    expect(sent.size).toBe(0);
  });
});
