import { describe, expect, it } from 'vitest';
import { captureSpineAdapter } from './index';
import { captureSpineConfigSchema, createCaptureSpineClient } from './client';
import { SourceError } from '@/sources/source-error';
import dashboard from './fixtures/system-dashboard.json';

const now = Date.parse('2026-11-28T10:00:00.000Z');
const range = { from: now - 3_600_000, to: now };

function clientWith(respond: (url: string) => Response | Promise<Response>, config: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    calls.push(String(input));
    return respond(String(input));
  }) as typeof fetch;
  const client = createCaptureSpineClient(captureSpineConfigSchema.parse({ baseUrl: '/proxy/capture-spine/', ...config }), {
    sourceId: 'capture-spine',
    fetch: fetchImpl,
    now: () => now,
  });
  return { client, calls };
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError');
}

const ctx = () => ({ signal: new AbortController().signal, range });
const serviceHealth = captureSpineAdapter.capabilities.serviceHealth!;

describe('capture-spine client', () => {
  it('builds URLs from the base URL, the path map and the range', async () => {
    const { client, calls } = clientWith(() => Response.json(dashboard), { paths: { dashboard: '/api/system/dashboard' } });
    const report = await serviceHealth(client, {}, ctx());
    expect(calls).toEqual(['/proxy/capture-spine/api/system/dashboard?minutes=60&history_limit=40']);
    expect(report.services).toHaveLength(5);
  });

  it('maps a gateway HTML page to an http error with a hint, without the HTML', async () => {
    const { client } = clientWith(() => new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await failure(serviceHealth(client, {}, ctx()));
    expect(error).toMatchObject({ code: 'http', status: 502 });
    expect(error.message).toBe('/api/v1/system/dashboard answered HTTP 502: the gateway answered with an error page');
    expect(error.hint).toMatch(/CAPTURE_SPINE_URL/);
  });

  it('reads FastAPI details, flags 401 as unauthorized and honours Retry-After', async () => {
    const unauthorized = await failure(serviceHealth(clientWith(() => Response.json({ detail: 'Token expired' }, { status: 401 })).client, {}, ctx()));
    expect(unauthorized).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(unauthorized.message).toMatch(/Token expired/);
    expect(unauthorized.hint).toMatch(/CAPTURE_SPINE_TOKEN/);
    const limited = await failure(
      serviceHealth(clientWith(() => new Response('slow down', { status: 429, headers: { 'retry-after': '7' } })).client, {}, ctx()),
    );
    expect(limited).toMatchObject({ code: 'rate-limited', retryAfterMs: 7000 });
  });

  it('reports malformed JSON, HTML with status 200 and schema drift as parse errors naming the field', async () => {
    const truncated = await failure(serviceHealth(clientWith(() => new Response('{"generated_at": "2026-')).client, {}, ctx()));
    expect(truncated.code).toBe('parse');
    expect(truncated.message).toMatch(/malformed JSON/);
    const html = await failure(serviceHealth(clientWith(() => new Response('<!doctype html><div id=root>')).client, {}, ctx()));
    expect(html.message).toMatch(/HTML page instead of JSON/);
    const drift = await failure(
      serviceHealth(clientWith(() => Response.json({ ...dashboard, services: [{ ...dashboard.services[0], status: 'green' }] })).client, {}, ctx()),
    );
    expect(drift.code).toBe('parse');
    expect(drift.message).toMatch(/services\.0\.status/);
  });

  it('maps refused connections to network errors and aborts to cancelled', async () => {
    const refused = await failure(serviceHealth(clientWith(() => Promise.reject(new TypeError('Failed to fetch'))).client, {}, ctx()));
    expect(refused.code).toBe('network');
    const controller = new AbortController();
    const { client } = clientWith(() => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });
    const cancelled = await failure(serviceHealth(client, {}, { signal: controller.signal, range }));
    expect(cancelled.code).toBe('cancelled');
  });

  it('validates its configuration with messages that name the setting', () => {
    const bad = captureSpineConfigSchema.safeParse({ baseUrl: 'localhost:8000' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/same-origin path .* or an http\(s\) URL/);
    expect(captureSpineConfigSchema.safeParse({ baseUrl: '/x', paths: { health: 'health' } }).error?.issues[0]?.path).toEqual(['paths', 'health']);
  });

  it('tests the connection through /health', async () => {
    const { client } = clientWith(() => Response.json({ status: 'healthy', version: '0.9.2' }));
    await expect(captureSpineAdapter.testConnection(client, { signal: new AbortController().signal })).resolves.toMatchObject({
      ok: true,
      version: '0.9.2',
    });
    const down = clientWith(() => new Response('', { status: 503 })).client;
    const result = await captureSpineAdapter.testConnection(down, { signal: new AbortController().signal });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/HTTP 503/);
  });
});
