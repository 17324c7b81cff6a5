import { describe, expect, it } from 'vitest';
import type { AdapterDeps } from '../source-adapter';
import { createLokiClient } from './client';
import { lokiConfigSchema } from './config';
import buildinfo from './fixtures/buildinfo.json';
import { lokiFeatures, lokiTestConnection } from './test-connection';

function client(response: () => Response | Promise<Response>) {
  let t = 1000;
  const deps: AdapterDeps = {
    sourceId: 'loki-test',
    fetch: (async (url: string) => {
      if (url.startsWith('/proxy/loki/loki/api/v1/labels')) return Response.json({ status: 'success', data: ['job', 'service_name'] });
      expect(url).toBe('/proxy/loki/loki/api/v1/status/buildinfo');
      return response();
    }) as unknown as typeof fetch,
    now: () => (t += 5),
  };
  return createLokiClient(lokiConfigSchema.parse({ baseUrl: '/proxy/loki' }), deps);
}

const signal = new AbortController().signal;

describe('lokiTestConnection', () => {
  it('reports version, latency and features', async () => {
    const result = await lokiTestConnection(client(() => Response.json({ ...buildinfo, version: '3.4.1' })), { signal });
    expect(result).toEqual({
      ok: true,
      message: `Reachable, Loki 3.4.1: supports volume endpoints, patterns, detected fields and their values; streams {service_name=~".+"} (from Loki's labels; LOKI_SELECTOR overrides).`,
      version: '3.4.1',
      latencyMs: 5,
      capabilities: { logPatterns: { available: true }, detectedFields: { available: true }, detectedFieldValues: { available: true } },
    });
  });

  it('reports the capabilities an older Loki lacks, with the release that has them', async () => {
    const old = await lokiTestConnection(client(() => Response.json({ ...buildinfo, version: '2.9.17' })), { signal });
    expect(old.capabilities).toEqual({
      logPatterns: { available: false, reason: 'not on Loki 2.9.17: needs 3.0' },
      detectedFields: { available: false, reason: 'not on Loki 2.9.17: needs 3.0' },
      detectedFieldValues: { available: false, reason: 'not on Loki 2.9.17: needs 3.3' },
    });
    const before33 = await lokiTestConnection(client(() => Response.json({ ...buildinfo, version: 'v3.2.1' })), { signal });
    expect(before33.capabilities).toEqual({
      logPatterns: { available: true },
      detectedFields: { available: true },
      detectedFieldValues: { available: false, reason: 'not on Loki v3.2.1: needs 3.3' },
    });
  });

  it('says a non-release build\'s capabilities are not known (they are tried when used), and reports none when unreachable', async () => {
    const main = await lokiTestConnection(client(() => Response.json({ ...buildinfo, version: 'main-4f2d1a' })), { signal });
    expect(main.capabilities?.logPatterns).toEqual({ available: null, reason: 'not known on Loki main-4f2d1a (not a release): tried when used' });
    expect(Object.keys(main.capabilities ?? {})).toEqual(['logPatterns', 'detectedFields', 'detectedFieldValues']);
    const down = await lokiTestConnection(client(() => new Response('no org id\n', { status: 401 })), { signal });
    expect(down.capabilities).toBeUndefined();
  });

  it('treats the fixture build (0.0.1, the unset default) and non-release builds as unknown', async () => {
    const result = await lokiTestConnection(client(() => Response.json(buildinfo)), { signal });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/0\.0\.1: features unknown for this build/);
    expect(lokiFeatures('0.0.1')).toBeNull();
    expect(lokiFeatures('main-4f2d1a')).toBeNull();
    expect(lokiFeatures('v2.9.17')).toEqual({ volume: true, patterns: false, detectedFields: false, detectedFieldValues: false });
    expect(lokiFeatures('3.2.1')).toMatchObject({ detectedFields: true, detectedFieldValues: false });
    expect(lokiFeatures('3.3.0')).toMatchObject({ detectedFields: true, detectedFieldValues: true });
  });

  it('returns ok=false with the cause and hint on failure', async () => {
    const result = await lokiTestConnection(client(() => new Response('no org id\n', { status: 401 })), { signal });
    expect(result).toMatchObject({ ok: false, version: null });
    expect(result.message).toMatch(/LOKI_TENANT/);
  });

  it('rethrows cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(lokiTestConnection(client(() => Response.json(buildinfo)), { signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
