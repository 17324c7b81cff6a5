/**
 * The demo's mocks served from Node, as a real upstream: the bench's "served" mode points the
 * console server's proxy at it (LOKI_URL, …), so the page runs exactly as in live mode and its
 * heap and main thread hold only the console (in demo mode the mocks run inside the page).
 * Same handlers, same scenario, same wire formats.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, RequestHandler } from 'msw';
import { createHandlers } from '../../mocks/handlers';
import { createMockController } from '../../mocks/scenarios';

/** Mount prefix the handlers expect (they match `*\/proxy/<source>/…`). */
const PREFIX: Record<string, string> = { loki: '/proxy/loki', elasticsearch: '/proxy/elasticsearch', 'capture-spine': '/proxy/capture-spine' };

export async function startMockUpstream(source: keyof typeof PREFIX): Promise<{ url: string; close: () => Promise<void> }> {
  const controller = createMockController({ anchorMs: Date.now() });
  // HTTP handlers only (the tail WebSocket is not benchmarked).
  const handlers = createHandlers(controller).filter((h): h is Extract<typeof h, RequestHandler> => h instanceof RequestHandler);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const request = new Request(`http://upstream.local${PREFIX[source]}${req.url ?? '/'}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
      ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
    });
    const response = await getResponse(handlers, request);
    if (!response) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no mock for ${req.method} ${req.url}`);
      return;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => (headers[k] = v));
    res.writeHead(response.status, headers);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}
