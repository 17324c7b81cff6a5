// @vitest-environment node
/** Demo mode: the sources live in the page's mock service worker, not behind this server. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerConfig } from './config';
import { createConsoleServer } from './serve';

let server: Server;
let base = '';

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'spine-console-demo-'));
  writeFileSync(join(root, 'index.html'), '<meta name="spine-console-mode" content="" /><div id="root"></div>');
  const config = readServerConfig({});
  expect(config.mode).toBe('demo');
  server = createConsoleServer(config, root);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

describe('demo mode', () => {
  it('answers a /proxy request that slipped past the mock worker with a retryable 503 that says why', async () => {
    for (const path of ['/proxy/capture-spine/api/v1/system/dashboard', '/proxy/loki/loki/api/v1/query_range?query=x', '/proxy/elasticsearch/_search']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('demo_mocks_inactive');
      expect(body.message).toMatch(/mock service worker is not active .* Reload the page/);
    }
  });

  it('answers the mocks probe with the page, without the marker only the mocks set', async () => {
    const res = await fetch(`${base}/__spine-console/mocks-ready`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-spine-console-mocks')).toBeNull();
  });

  it('live mode still names the missing variable for an unconfigured source', async () => {
    const live = createConsoleServer(readServerConfig({ LOKI_URL: 'http://127.0.0.1:1' }), '/nonexistent');
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(live.address() as AddressInfo).port}/proxy/capture-spine/health`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toContain('CAPTURE_SPINE_URL');
    } finally {
      live.close();
    }
  });
});
