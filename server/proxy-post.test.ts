// @vitest-environment node
/**
 * The proxy forwards POST bodies (Elasticsearch searches) and still stops the upstream request
 * when the browser goes away. Node emits the request's 'close' as soon as its body has been read,
 * so listening there aborted every POST mid-flight ("elasticsearch is unreachable: This operation
 * was aborted").
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerConfig } from './config';
import { createConsoleServer } from './serve';

let upstream: Server;
let consoleServer: Server;
let base = '';
const closed: string[] = [];

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.includes('slow')) {
        // Never answers; records when the proxy gives up on it.
        res.on('close', () => closed.push(req.url ?? ''));
        return;
      }
      // Answer a little later, as a search does, after the request body has been read.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, received: Buffer.concat(chunks).toString() }));
      }, 100);
    });
  });
  const port = await listen(upstream);
  consoleServer = createConsoleServer(readServerConfig({ ELASTICSEARCH_URL: `http://127.0.0.1:${port}` }), '/nonexistent');
  base = `http://127.0.0.1:${await listen(consoleServer)}`;
});

afterAll(() => {
  consoleServer.close();
  upstream.closeAllConnections();
  upstream.close();
});

describe('proxy: POST', () => {
  it('forwards the body and returns the answer that comes after it', async () => {
    const query = JSON.stringify({ size: 10, query: { match_all: {} } });
    const res = await fetch(`${base}/proxy/elasticsearch/logs-*/_search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: 'POST', received: query });
  });

  it('aborts the upstream request when the browser cancels', async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/proxy/elasticsearch/slow/_search`, { method: 'POST', body: '{}', signal: controller.signal }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toEqual([]);
    controller.abort();
    expect(await pending).toBe('aborted');
    await expect.poll(() => closed, { timeout: 2_000 }).toEqual(['/slow/_search']);
  });
});
