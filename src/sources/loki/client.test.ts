import { describe, expect, it, vi } from 'vitest';
import type { AdapterDeps } from '../source-adapter';
import { parseRetryAfter } from '../source-error';
import { createLokiClient } from './client';
import { lokiConfigSchema } from './config';

const config = lokiConfigSchema.parse({ baseUrl: '/proxy/loki/' });
const NOW = Date.UTC(2025, 0, 1);

function clientWith(fetchImpl: (url: string, init?: RequestInit) => Promise<Response>) {
  const fetch = vi.fn(fetchImpl);
  const deps: AdapterDeps = { sourceId: 'loki-test', fetch: fetch as unknown as typeof globalThis.fetch, now: () => NOW };
  return { client: createLokiClient(config, deps), fetch };
}

const signal = () => new AbortController().signal;

describe('Loki client', () => {
  it('builds URLs under baseUrl and encodes params', async () => {
    const { client, fetch } = clientWith(async () => new Response('{}'));
    await client.getJson('/loki/api/v1/query_range', { query: '{a="b c"}', limit: 5, x: undefined }, signal());
    expect(fetch.mock.calls[0]?.[0]).toBe('/proxy/loki/loki/api/v1/query_range?query=%7Ba%3D%22b+c%22%7D&limit=5');
  });

  it('passes the signal and the categorize-labels header to fetch', async () => {
    const { client, fetch } = clientWith(async () => new Response('{"ok":1}', { status: 200 }));
    const controller = new AbortController();
    await expect(client.getJson('loki/api/v1/labels', {}, controller.signal)).resolves.toEqual({ ok: 1 });
    const init = fetch.mock.calls[0]?.[1];
    // The caller's signal, combined with the client's timeout: aborting the caller aborts the request.
    expect(init?.signal?.aborted).toBe(false);
    controller.abort();
    expect(init?.signal?.aborted).toBe(true);
    expect((init?.headers as Record<string, string>)['X-Loki-Response-Encoding-Flags']).toBe('categorize-labels');
  });

  it('maps an aborted request to cancelled', async () => {
    const controller = new AbortController();
    const { client } = clientWith(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = client.getJson('x', {}, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect(client.getJson('x', {}, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('maps a signal aborted by a timeout to timeout, not cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    const { client, fetch } = clientWith(async () => new Response('{}'));
    await expect(client.getJson('x', {}, controller.signal)).rejects.toMatchObject({ code: 'timeout' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('maps a network TypeError to network', async () => {
    const { client } = clientWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(client.getJson('x', {}, signal())).rejects.toMatchObject({ code: 'network' });
  });

  it('maps 401 and 403 to unauthorized', async () => {
    const { client } = clientWith(async () => new Response('no org id\n', { status: 401 }));
    await expect(client.getJson('x', {}, signal())).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
      hint: expect.stringContaining('LOKI_TENANT'),
    });
  });

  it('maps 429 to rate-limited with Retry-After in seconds or as an HTTP date', async () => {
    const seconds = clientWith(async () => new Response('too many outstanding requests', { status: 429, headers: { 'Retry-After': '7' } }));
    await expect(seconds.client.getJson('x', {}, signal())).rejects.toMatchObject({ code: 'rate-limited', retryAfterMs: 7000 });
    const date = new Date(NOW + 30_000).toUTCString();
    const dated = clientWith(async () => new Response('slow down', { status: 429, headers: { 'Retry-After': date } }));
    await expect(dated.client.getJson('x', {}, signal())).rejects.toMatchObject({ code: 'rate-limited', retryAfterMs: 30_000 });
    expect(parseRetryAfter('garbage', NOW)).toBeUndefined();
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
  });

  it('maps a gateway HTML 502 to http without dumping the page', async () => {
    const { client } = clientWith(
      async () => new Response('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    );
    const error = await client.getJson('x', {}, signal()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'http', status: 502, message: expect.stringMatching(/gateway\/proxy/) });
    expect((error as Error).message).not.toContain('<');
  });

  it('maps a 400 plain-text parse error with the improved hint', async () => {
    const { client } = clientWith(async () => new Response('parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,', { status: 400 }));
    await expect(client.getJson('x', {}, signal())).rejects.toMatchObject({
      code: 'http',
      status: 400,
      hint: expect.stringMatching(/braces/),
    });
  });

  it('rejects a 200 body that is not JSON as parse', async () => {
    const { client } = clientWith(async () => new Response('<html>login</html>', { status: 200 }));
    await expect(client.getJson('x', {}, signal())).rejects.toMatchObject({ code: 'parse' });
  });
});
