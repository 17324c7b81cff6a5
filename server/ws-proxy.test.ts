// @vitest-environment node
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readServerConfig } from './config';
import { createConsoleServer } from './serve';

const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length) closers.pop()!();
});

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('WebSocket upgrade proxy (Loki live tail)', () => {
  it('tunnels the upgrade with the tenant and credentials added server-side, never echoing them', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const upstream = createServer();
    upstream.on('upgrade', (req, socket) => {
      seen.push({ url: req.url, tenant: req.headers['x-scope-orgid'] as string, auth: req.headers.authorization, key: req.headers['sec-websocket-key'] as string });
      // A careless upstream echoes the credentials in a handshake header: the proxy must drop it.
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: test\r\nX-Echo-Authorization: ${String(req.headers.authorization)}\r\n\r\n`);
      socket.write('frame-from-loki');
      socket.on('data', (d) => socket.write(`echo:${d.toString()}`));
    });
    const upstreamPort = await listen(upstream);
    closers.push(() => upstream.close());
    const config = readServerConfig({ LOKI_URL: `http://127.0.0.1:${upstreamPort}`, LOKI_TENANT: 'spine', LOKI_AUTH: 'Basic U0VDUkVU' });
    const consoleServer = createConsoleServer(config, '/nonexistent');
    const port = await listen(consoleServer);
    closers.push(() => consoleServer.close());

    const received = await new Promise<{ status: number; headers: string; data: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/proxy/loki/loki/api/v1/tail?query=%7Bjob%3D%22x%22%7D',
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' },
      });
      req.on('upgrade', (res, socket, head) => {
        let data = head.toString();
        socket.on('data', (d) => {
          data += d.toString();
          if (data.includes('echo:ping')) {
            socket.destroy();
            resolve({ status: res.statusCode ?? 0, headers: JSON.stringify(res.headers), data });
          }
        });
        socket.write('ping');
      });
      req.on('error', reject);
      req.end();
    });
    expect(received.status).toBe(101);
    expect(received.data).toContain('frame-from-loki');
    expect(seen[0]).toMatchObject({ url: '/loki/api/v1/tail?query=%7Bjob%3D%22x%22%7D', tenant: 'spine', auth: 'Basic U0VDUkVU', key: 'dGhlIHNhbXBsZSBub25jZQ==' });
    expect(received.headers + received.data).not.toContain('U0VDUkVU');
    expect(received.headers).toContain('sec-websocket-accept');
    expect(received.headers).not.toContain('x-echo-authorization');
  });

  it('answers 502 when the upstream is unreachable and 404 for an unconfigured source', async () => {
    const config = readServerConfig({ LOKI_URL: 'http://127.0.0.1:9' });
    const consoleServer = createConsoleServer(config, '/nonexistent');
    const port = await listen(consoleServer);
    closers.push(() => consoleServer.close());
    const statusOf = (path: string) =>
      new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('upgrade', () => resolve(101));
        req.on('error', () => resolve(-1));
        req.end();
      });
    expect(await statusOf('/proxy/loki/loki/api/v1/tail')).toBe(502);
    expect(await statusOf('/proxy/elasticsearch/x')).toBe(404);
  });
});
