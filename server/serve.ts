/**
 * The console server: serves the production build, /runtime-config.json from the environment,
 * and a same-origin proxy (/proxy/<source>/…) that adds credentials on the server side.
 * Usage: `npm start` (builds first) or `npm run serve` (serves an existing dist/).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readServerConfig, runtimeConfigOf } from './config';
import type { ProxyTarget, ServerConfig } from './config';
import { FORWARDED_REQUEST_HEADERS } from '../src/sources/server-descriptor';
import { containsSecret, createRedactor, credentialForms, redactText } from './redact';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Strict policy: no inline scripts, no eval; data only from this origin (HTTP and WebSocket). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

function securityHeaders(res: ServerResponse) {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'SAMEORIGIN');
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The forms of a target's credentials to keep from the page (server/redact.ts). */
function secretsOf(target: ProxyTarget): { auth: string[]; all: string[] } {
  const auth = credentialForms(Object.entries(target.headers).filter(([k]) => k === 'authorization').map(([, v]) => v));
  const raw = Object.values(target.headers).filter((v) => v.length >= 4);
  return { auth, all: [...new Set([...credentialForms(Object.values(target.headers)), ...raw])].sort((a, b) => b.length - a.length) };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-encoding', 'content-length']);

async function proxy(req: IncomingMessage, res: ServerResponse, target: ProxyTarget, rest: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
    return sendJson(res, 405, { error: 'method_not_allowed', message: `The console proxy forwards GET, HEAD and POST only (got ${req.method}).` });
  }
  const url = `${target.upstream}${rest}`;
  const headers: Record<string, string> = {};
  for (const name of [...FORWARDED_REQUEST_HEADERS, ...(target.forwardHeaders ?? [])]) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  Object.assign(headers, target.headers);
  const controller = new AbortController();
  // The browser went away (or cancelled): stop the upstream request. This listens on the response:
  // the request emits 'close' as soon as its body has been read, which aborted every POST.
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  const timer = setTimeout(() => controller.abort(new Error('timeout')), 60_000);
  try {
    const body = req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream) : undefined;
    const upstream = await fetch(url, { method: req.method, headers, body, signal: controller.signal, redirect: 'manual', ...(body ? { duplex: 'half' } : {}) } as RequestInit);
    const out: Record<string, string> = { 'cache-control': 'no-store' };
    const secrets = secretsOf(target);
    upstream.headers.forEach((v, k) => {
      // An upstream (or a gateway in front of it) that echoes request headers must not hand our credentials to the page.
      if (!HOP_BY_HOP.has(k) && k !== 'set-cookie' && k !== 'www-authenticate' && !containsSecret(v, secrets.all)) out[k] = v;
    });
    res.writeHead(upstream.status, out);
    if (upstream.body && req.method !== 'HEAD') {
      // Nor in a body: error bodies lose every credential form, the tenant included; data bodies
      // lose the Authorization forms only (a short tenant name may legitimately appear in data).
      const redactor = createRedactor(upstream.ok ? secrets.auth : secrets.all);
      pipeline(Readable.fromWeb(upstream.body as never), redactor, res, (error) => {
        if (error && !res.writableEnded) res.destroy();
      });
    } else res.end();
  } catch (error) {
    const timedOut = controller.signal.reason instanceof Error && controller.signal.reason.message === 'timeout';
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    if (!res.headersSent) {
      sendJson(res, timedOut ? 504 : 502, {
        error: timedOut ? 'upstream_timeout' : 'upstream_unreachable',
        message: timedOut ? `${target.name} did not answer within 60 s` : `${target.name} is unreachable: ${cause}`,
      });
    } else res.destroy();
  } finally {
    clearTimeout(timer);
  }
}

/** index.html with the mode filled in, so the page can start loading the demo mocks at once. */
function indexHtml(root: string, mode: ServerConfig['mode']): string {
  return readFileSync(join(root, 'index.html'), 'utf8').replace('<meta name="spine-console-mode" content="" />', `<meta name="spine-console-mode" content="${mode}" />`);
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string, index: string) {
  const safe = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, safe);
  if (!file.startsWith(root)) return sendJson(res, 400, { error: 'bad_path' });
  const isAsset = extname(safe) !== '';
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (isAsset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Not found');
    }
    file = join(root, 'index.html');
  }
  if (file === join(root, 'index.html')) {
    res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' });
    return res.end(req.method === 'HEAD' ? undefined : index);
  }
  const immutable = safe.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

/**
 * WebSocket upgrades under /proxy/<source>/… (Loki's live tail) are tunnelled to the upstream with
 * the same credential headers the HTTP proxy adds: browsers cannot set headers on a WebSocket.
 */
function proxyUpgrade(config: ServerConfig, req: IncomingMessage, socket: Duplex, head: Buffer) {
  const url = new URL(req.url ?? '/', 'http://console.local');
  const target = config.proxies.find((p) => url.pathname.startsWith(`${p.prefix}/`));
  const fail = (status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  // Only a source whose descriptor says so (Loki's live tail) takes WebSockets.
  if (!target?.webSocket) return fail('404 Not Found');
  const upstream = new URL(`${target.upstream}${url.pathname.slice(target.prefix.length)}${url.search}`);
  const headers: Record<string, string> = {};
  for (const name of ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol']) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  Object.assign(headers, target.headers, { host: upstream.host });
  const request = (upstream.protocol === 'https:' ? httpsRequest : httpRequest)(upstream, { method: 'GET', headers });
  const secrets = secretsOf(target).all;
  request.on('upgrade', (res, upstreamSocket, upstreamHead) => {
    const lines = ['HTTP/1.1 101 Switching Protocols'];
    for (let i = 0; i < res.rawHeaders.length; i += 2) {
      const [name, value] = [res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? ''];
      // As for HTTP: an upstream that echoes our credentials in a header does not pass them on.
      if (!containsSecret(value, secrets) && name.toLowerCase() !== 'set-cookie' && name.toLowerCase() !== 'www-authenticate') lines.push(`${name}: ${value}`);
    }
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length) socket.write(upstreamHead);
    if (head.length) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    const close = () => {
      socket.destroy();
      upstreamSocket.destroy();
    };
    socket.on('error', close);
    upstreamSocket.on('error', close);
  });
  request.on('response', (res) => {
    fail(`${res.statusCode ?? 502} ${redactText(res.statusMessage ?? 'Bad Gateway', secrets).replace(/[\r\n]/g, ' ')}`);
    res.resume();
  });
  request.on('error', () => fail('502 Bad Gateway'));
  socket.on('error', () => request.destroy());
  request.end();
}

/** What the console service adds to the static server: its JSON API. */
export interface ServiceHooks {
  api?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  /** Added to /runtime-config.json (the service says it is there, and the demo's anchor and scenario), read per request. */
  runtime?: () => Record<string, unknown>;
}

export function createConsoleServer(config: ServerConfig, root: string, hooks: ServiceHooks = {}) {
  const base = runtimeConfigOf(config);
  const index = existsSync(join(root, 'index.html')) ? indexHtml(root, config.mode) : '';
  const server = createServer((req, res) => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://console.local');
    if (url.pathname === '/runtime-config.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(JSON.stringify({ ...base, ...hooks.runtime?.() }));
    }
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok', mode: config.mode });
    if (url.pathname.startsWith('/proxy/')) {
      const target = config.proxies.find((p) => url.pathname === p.prefix || url.pathname.startsWith(`${p.prefix}/`));
      if (!target && config.mode === 'demo') {
        // The demo's sources are the page's mock service worker; a request that reaches us slipped
        // past it (the page is not controlled yet). Retryable, and says what is going on.
        res.setHeader('retry-after', '1');
        return sendJson(res, 503, {
          error: 'demo_mocks_inactive',
          message: 'Demo mode: the mock service worker is not active on this page yet, so the request reached the console server, which has no sources. Reload the page.',
        });
      }
      if (!target) {
        const name = url.pathname.split('/')[2] ?? '';
        return sendJson(res, 404, {
          error: 'source_not_configured',
          message: `No source "${name}" is configured on the console server; set ${name.toUpperCase().replace(/-/g, '_')}_URL.`,
        });
      }
      return void proxy(req, res, target, url.pathname.slice(target.prefix.length) + url.search);
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (hooks.api) return void hooks.api(req, res, url);
      return sendJson(res, 404, { error: 'no_service', message: 'This server runs without the console service (no store, no watcher); alerts are evaluated in the browser tab.' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method_not_allowed' });
    serveStatic(req, res, root, url.pathname, index);
  });
  server.on('upgrade', (req, socket, head) => proxyUpgrade(config, req, socket, head));
  return server;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const config = readServerConfig(process.env);
  const root = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
  if (!existsSync(join(root, 'index.html'))) {
    console.error('spine-console: dist/ has no build. Run `npm start` (which builds first) or `npm run build`.');
    process.exit(1);
  }
  for (const p of config.problems) console.error(`spine-console: configuration problem: ${p}`);
  const server = createConsoleServer(config, root);
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `spine-console: port ${config.port} is in use; set PORT to another port (PORT=4174 npm start).`
        : `spine-console: ${error.message}`,
    );
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const where = `http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;
    const mode = config.mode === 'demo' ? 'demo mode (simulated data; set CAPTURE_SPINE_URL to go live)' : `live: ${config.proxies.map((p) => p.name).join(', ')}`;
    console.log(`spine-console: serving ${where} in ${mode}`);
  });
}
