/**
 * Runs one mock request through the active fault of its source: answer with the failure, delay,
 * never answer, or let the happy-path handler answer and then damage its body.
 */
import { delay, HttpResponse } from 'msw';
import { parseLossless, stringifyLossless } from '../wire/elasticsearch';
import type { FaultKind, SourceName } from './catalog';
import { SLOW_10S_MS } from './catalog';
import type { FaultBody } from './bodies';
import { drift, flapFailure, gateway502, html500, malformed, partial, rateLimited, truncate } from './bodies';
import { injectHostile } from './hostile';

/** 3 s: the all-sources `slow` scenario. */
export const SLOW_DELAY_MS = 3_000;

export interface FaultContext {
  fault: (source: SourceName) => FaultKind | undefined;
  /** 0-based count of requests this source has received in the current scenario. */
  nextRequest: (source: SourceName) => number;
  now: () => number;
}

/** Each kind's usual local address, for the refused-connection message; another kind gets port 80. */
const UPSTREAM: Partial<Record<SourceName, string>> = { 'capture-spine': '127.0.0.1:8000', loki: '127.0.0.1:3100', elasticsearch: '127.0.0.1:9200' };

/** What the console server answers when the upstream refuses connections (the original `down`). */
export function upstreamDown(source: SourceName): Response {
  return HttpResponse.json({ error: 'upstream_unreachable', message: `${source} is unreachable: connect ECONNREFUSED ${UPSTREAM[source] ?? '127.0.0.1:80'}` }, { status: 502 });
}

const send = (b: FaultBody) => new HttpResponse(b.body, { status: b.status, headers: b.headers });

type Json = Parameters<typeof drift>[0];

async function rewrite(response: Response, source: SourceName, change: (json: Json) => Json): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  if (!response.ok) return new HttpResponse(text, { status: response.status, headers });
  const lossless = source === 'elasticsearch';
  let json: Json;
  try {
    json = (lossless ? parseLossless(text) : JSON.parse(text)) as Json;
  } catch {
    return new HttpResponse(text, { status: response.status, headers });
  }
  const next = change(json);
  return new HttpResponse(lossless ? stringifyLossless(next) : JSON.stringify(next), { status: response.status, headers });
}

/** Whether the Loki tail WebSocket should be refused under this fault. */
export function failsTail(kind: FaultKind | undefined): boolean {
  return kind !== undefined && !['slow', 'slow-10s', 'drift', 'flapping', 'partial', 'hostile', 'old-version', 'opensearch'].includes(kind);
}

export async function withFault(ctx: FaultContext, source: SourceName, produce: () => Response | Promise<Response>): Promise<Response> {
  const kind = ctx.fault(source);
  const n = ctx.nextRequest(source);
  switch (kind) {
    case undefined:
    case 'old-version': // the handlers themselves answer as the older server
    case 'opensearch': // … or as OpenSearch
      return produce();
    case 'down':
      return upstreamDown(source);
    case 'refused':
      return HttpResponse.error();
    case 'slow':
      await delay(SLOW_DELAY_MS);
      return produce();
    case 'slow-10s':
      await delay(SLOW_10S_MS);
      return produce();
    case 'timeout':
      await delay('infinite');
      return produce();
    case 'rate-limited':
      return send(rateLimited(source));
    case 'html-500':
      return send(html500());
    case 'gateway-502':
      return send(gateway502());
    case 'malformed':
      return send(malformed());
    case 'truncated': {
      const good = await produce();
      const headers = new Headers(good.headers);
      headers.delete('content-length');
      return new HttpResponse(truncate(await good.text()), { status: good.status, headers });
    }
    case 'flapping':
      return n % 2 === 1 ? send(flapFailure(source)) : produce();
    case 'drift':
      return rewrite(await produce(), source, drift);
    case 'partial':
      return rewrite(await produce(), source, (json) => partial(source, json));
    case 'hostile':
      return injectHostile(source, await produce(), ctx.now());
  }
}
