// @vitest-environment node
/**
 * Credentials live only in the server's environment: the proxy adds them upstream, and they never
 * reach the page (runtime config, response headers or bodies, error messages) or the server's logs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readServerConfig } from './config';
import { createConsoleServer } from './serve';

const SECRETS = ['csp_live_SECRET123', 'bG9raS11c2VyOlNFQ1JFVDQ1Ng', 'ApiKey RVNLRVk3ODk=', 'tenant-SECRET-org', 'loki-user:SECRET456'];
let upstream: Server;
let consoleServer: Server;
let base = '';
const seen: Record<string, string | string[] | undefined>[] = [];
const logged: string[] = [];

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  // A fake upstream that echoes the headers it got, as a careless backend might.
  upstream = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url?.includes('echo-body')) {
      // A hostile backend: the credentials in the error body (FastAPI style), the Basic pair decoded, and split across chunks.
      const auth = String(req.headers.authorization ?? '');
      const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
      const body = JSON.stringify({ detail: `Invalid credentials: ${auth} (${decoded}) tenant ${String(req.headers['x-scope-orgid'] ?? '')}` });
      const status = req.url.includes('echo-body-success') ? 200 : 401;
      res.writeHead(status, { 'content-type': 'application/json' });
      const mid = Math.floor(body.indexOf(auth) + auth.length / 2);
      res.write(body.slice(0, mid));
      setTimeout(() => res.end(body.slice(mid)), 20);
      return;
    }
    res.writeHead(req.url?.includes('fail') ? 401 : 200, { 'content-type': 'application/json', 'x-echo-authorization': String(req.headers.authorization ?? ''), 'www-authenticate': 'Bearer realm="x"' });
    res.end(JSON.stringify({ path: req.url, note: 'ok' }));
  });
  const port = await listen(upstream);
  for (const m of ['log', 'error', 'warn', 'info'] as const) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  const config = readServerConfig({
    CAPTURE_SPINE_URL: `http://127.0.0.1:${port}`,
    CAPTURE_SPINE_TOKEN: 'csp_live_SECRET123',
    LOKI_URL: `http://127.0.0.1:${port}/loki`,
    LOKI_AUTH: `Basic ${Buffer.from('loki-user:SECRET456').toString('base64')}`,
    LOKI_TENANT: 'tenant-SECRET-org',
    ELASTICSEARCH_URL: 'http://127.0.0.1:1',
    ELASTICSEARCH_AUTH: 'ApiKey RVNLRVk3ODk=',
  });
  const root = mkdtempSync(join(tmpdir(), 'spine-console-'));
  writeFileSync(join(root, 'index.html'), '<meta name="spine-console-mode" content="" /><div id="root"></div>');
  consoleServer = createConsoleServer(config, root);
  base = `http://127.0.0.1:${await listen(consoleServer)}`;
});

afterAll(() => {
  vi.restoreAllMocks();
  consoleServer.close();
  upstream.close();
});

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

describe('credentials stay on the server', () => {
  it('the proxy adds them upstream', async () => {
    await fetch(`${base}/proxy/capture-spine/health`);
    await fetch(`${base}/proxy/loki/ready`);
    expect(seen.map((h) => h.authorization)).toEqual(['Bearer csp_live_SECRET123', `Basic ${Buffer.from('loki-user:SECRET456').toString('base64')}`]);
    expect(seen[1]?.['x-scope-orgid']).toBe('tenant-SECRET-org');
  });

  it('never sends them to the page: runtime config, index, bodies, errors', async () => {
    const texts: string[] = [];
    for (const path of ['/runtime-config.json', '/', '/healthz', '/proxy/capture-spine/fail', '/proxy/elasticsearch/_search', '/proxy/unknown/x', '/proxy/loki/loki/api/v1/labels']) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: 'Basic attacker' } });
      const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
      texts.push(`${path}\n${headers}\n${await res.text()}`);
    }
    const all = texts.join('\n');
    expect(leaks(all)).toEqual([]);
    expect(all).toContain('elasticsearch is unreachable');
    expect(all).not.toMatch(/www-authenticate/i);
  });

  it('strips the credentials an upstream echoes in an error body, even split across chunks', async () => {
    const spine = await fetch(`${base}/proxy/capture-spine/echo-body`);
    expect(spine.status).toBe(401);
    const spineBody = await spine.text();
    expect(leaks(spineBody)).toEqual([]);
    expect(spineBody).toContain('Invalid credentials: [redacted]');
    const loki = await fetch(`${base}/proxy/loki/echo-body`);
    const lokiBody = await loki.text();
    expect(leaks(lokiBody)).toEqual([]);
    expect(lokiBody).not.toContain('SECRET456'); // the decoded Basic password
    expect(lokiBody).toMatch(/Invalid credentials: \[redacted\] \(\[redacted\]\) tenant \[redacted\]/);
    // A successful body loses the Authorization forms too (the tenant may be ordinary data there).
    const ok = await (await fetch(`${base}/proxy/capture-spine/echo-body-success`)).text();
    expect(ok).toContain('Invalid credentials: [redacted]');
    expect(leaks(ok)).toEqual([]);
  });

  it('only the proxy reaches the upstream, with the browser’s own Authorization replaced', () => {
    for (const h of seen) expect(h.authorization).not.toBe('Basic attacker');
  });

  it('never logs them', () => {
    expect(leaks(logged.join('\n'))).toEqual([]);
  });
});
