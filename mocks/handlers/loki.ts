import { http, HttpResponse, ws } from 'msw';
import { failsTail, withFault } from '../faults/apply';
import type { MockController } from '../scenarios';
import type { LokiReply } from '../wire/loki';
import { LOKI_OLD_VERSION, lokiBuildInfo, lokiLabels, lokiLabelValues, lokiQueryInstant, lokiQueryRange, lokiTailFrame, parseLokiTime } from '../wire/loki';
import { lokiDetectedFieldValues, lokiDetectedFields, lokiPatterns } from '../wire/loki-features';
import { LogqlParseError, parseLogql } from '../wire/logql-eval';

/** Where the console reaches Loki: through the console server's same-origin proxy. */
export const LOKI_BASE = '/proxy/loki';
const UNREACHABLE = 'loki is unreachable: connect ECONNREFUSED 127.0.0.1:3100';

/** Loki writes compact JSON + `\n` with HTML escaping; errors are plain text. */
export function toResponse(reply: LokiReply): Response {
  if ('text' in reply) {
    return new HttpResponse(reply.text, { status: reply.status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
  }
  const body = `${JSON.stringify(reply.json).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}\n`;
  return new HttpResponse(body, { status: reply.status, headers: { 'Content-Type': 'application/json; charset=UTF-8' } });
}

/** What a Loki router answers for a path it does not have (Loki 2.9 has no /patterns, /detected_*, /detected_field/…). */
const notFound = () => new HttpResponse('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });

const TAIL_POLL_MS = 1000;
/** A WebSocket close reason is limited to 123 bytes. */
const reason = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

export function lokiHandlers(ctl: MockController) {
  const route = (path: string, respond: (url: URL, request: Request, params: Record<string, string | readonly string[] | undefined>) => Response) =>
    http.get(`*${LOKI_BASE}${path}`, ({ request, params }) => withFault(ctl, 'loki', () => respond(new URL(request.url), request, params)));

  const old = () => ctl.fault('loki') === 'old-version';

  const tail = ws.link(`*${LOKI_BASE}/loki/api/v1/tail`);
  const tailHandler = tail.addEventListener('connection', ({ client }) => {
    if (failsTail(ctl.fault('loki'))) {
      client.close(1011, reason(UNREACHABLE));
      return;
    }
    const url = new URL(client.url);
    let query;
    try {
      query = parseLogql(url.searchParams.get('query') ?? '', { legacy: old() });
    } catch (error) {
      client.close(1011, reason(error instanceof LogqlParseError ? error.message : String(error)));
      return;
    }
    if (query.kind !== 'log') {
      client.close(1011, reason('tail queries must be log queries'));
      return;
    }
    const q = query;
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, 5000);
    let lastMs = ctl.now();
    const startRaw = url.searchParams.get('start');
    const start = (startRaw ? parseLokiTime(startRaw) : null) ?? BigInt(lastMs - 3_600_000) * 1_000_000n;
    const send = (frame: ReturnType<typeof lokiTailFrame>) => {
      if (frame.streams.length > 0) client.send(JSON.stringify(frame));
    };
    send(lokiTailFrame(ctl.scenario(), lastMs, q, start, BigInt(lastMs + 1) * 1_000_000n, limit, true));
    const timer = setInterval(() => {
      const now = ctl.now();
      if (now <= lastMs) return;
      send(lokiTailFrame(ctl.scenario(), now, q, BigInt(lastMs + 1) * 1_000_000n, BigInt(now + 1) * 1_000_000n, 5000));
      lastMs = now;
    }, TAIL_POLL_MS);
    client.addEventListener('close', () => clearInterval(timer));
  });

  return [
    route('/ready', () => new HttpResponse('ready\n', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } })),
    route('/loki/api/v1/status/buildinfo', () => HttpResponse.json(lokiBuildInfo(old() ? LOKI_OLD_VERSION : undefined))),
    route('/loki/api/v1/query_range', (url, request) =>
      toResponse(
        lokiQueryRange(ctl.scenario(), ctl.now(), url.searchParams, {
          legacy: old(),
          categorize: !old() && (request.headers.get('X-Loki-Response-Encoding-Flags') ?? '').split(',').some((f) => f.trim() === 'categorize-labels'),
        }),
      ),
    ),
    route('/loki/api/v1/query', (url) => toResponse(lokiQueryInstant(ctl.scenario(), ctl.now(), url.searchParams, { legacy: old() }))),
    route('/loki/api/v1/patterns', (url) => (old() ? notFound() : toResponse(lokiPatterns(ctl.scenario(), ctl.now(), url.searchParams)))),
    route('/loki/api/v1/detected_fields', (url) => (old() ? notFound() : toResponse(lokiDetectedFields(ctl.scenario(), ctl.now(), url.searchParams)))),
    // msw hands the path segment over decoded (`a%2Fb` → `a/b`).
    route('/loki/api/v1/detected_field/:name/values', (url, _request, params) =>
      old() ? notFound() : toResponse(lokiDetectedFieldValues(ctl.scenario(), ctl.now(), String(params.name ?? ''), url.searchParams)),
    ),
    route('/loki/api/v1/labels', (url) => toResponse(lokiLabels(ctl.scenario(), ctl.now(), url.searchParams))),
    route('/loki/api/v1/label/:name/values', (url, _request, params) =>
      toResponse(lokiLabelValues(ctl.scenario(), ctl.now(), String(params.name ?? ''), url.searchParams)),
    ),
    tailHandler,
  ];
}
