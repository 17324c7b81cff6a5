// @vitest-environment node
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createLokiClient } from './client';
import { lokiConfigSchema } from './config';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('Loki client timeout', () => {
  it('still times out when a garbage collection runs while the request waits', async () => {
    // A server that never answers: the request ends only through its signal.
    const hang = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch;
    const client = createLokiClient(lokiConfigSchema.parse({ baseUrl: '/proxy/loki', timeoutMs: 200 }), { sourceId: 'loki', fetch: hang, now: () => 0 });
    const timer = setInterval(gc, 20);
    try {
      const outcome = await Promise.race([
        client.getJson('loki/api/v1/labels', {}, new AbortController().signal).then(
          () => 'answered',
          (e: { code?: string }) => e.code ?? 'error',
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000)),
      ]);
      expect(outcome).toBe('timeout');
    } finally {
      clearInterval(timer);
    }
  });
});
