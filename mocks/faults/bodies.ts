/**
 * What each source sends when it fails, in its own wire format: capture-spine and Elasticsearch
 * answer JSON, Loki answers plain text, gateways answer HTML. Also the transforms that turn a
 * good body into drifted or partial ones.
 */
import type { SourceName } from './catalog';
import { RETRY_AFTER_S } from './catalog';

export interface FaultBody {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const TEXT_TYPE = { 'Content-Type': 'text/plain; charset=utf-8' };
const HTML_TYPE = { 'Content-Type': 'text/html; charset=utf-8' };

export function rateLimited(source: SourceName): FaultBody {
  const headers = { 'Retry-After': String(RETRY_AFTER_S) };
  if (source === 'loki') return { status: 429, body: 'too many outstanding requests\n', headers: { ...TEXT_TYPE, ...headers } };
  if (source === 'elasticsearch') {
    const body = {
      error: {
        root_cause: [{ type: 'es_rejected_execution_exception', reason: 'rejected execution of search: queue capacity 1000 reached' }],
        type: 'es_rejected_execution_exception',
        reason: 'rejected execution of search: queue capacity 1000 reached',
      },
      status: 429,
    };
    return { status: 429, body: JSON.stringify(body), headers: { ...JSON_TYPE, ...headers } };
  }
  return { status: 429, body: JSON.stringify({ detail: 'Rate limit exceeded: 60 per 1 minute' }), headers: { ...JSON_TYPE, ...headers } };
}

/** An application server's error page; the script must stay text wherever the console shows it. */
export function html500(): FaultBody {
  const body =
    '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>' +
    '<p>The server encountered an internal error.</p><script>window.__pwned = "html-500"</script></body></html>';
  return { status: 500, body, headers: HTML_TYPE };
}

export function gateway502(): FaultBody {
  const body = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
  return { status: 502, body, headers: HTML_TYPE };
}

/** A 200 whose body is not JSON at all (a stray comma, an unquoted key, no closing brace). */
export function malformed(): FaultBody {
  return { status: 200, body: '{"status":"success","data":{"result":[1,2,,3], items: [}', headers: JSON_TYPE };
}

/** What flapping answers on the failing half of its requests. */
export function flapFailure(source: SourceName): FaultBody {
  if (source === 'loki') return { status: 503, body: 'Service Unavailable\n', headers: TEXT_TYPE };
  return { status: 503, body: JSON.stringify({ error: 'service_unavailable', message: `${source} is restarting` }), headers: JSON_TYPE };
}

/** Cuts a good body part-way through, as a dropped connection behind a buffering proxy would. */
export function truncate(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Schema drift, applied the same way to every source: every object gets an unknown field; in each
 * array of objects the first item loses its first field and the second has its scalar types swapped
 * (numbers become strings and strings numbers).
 */
export function drift(value: Json, depth = 0): Json {
  if (depth > 12) return value;
  if (Array.isArray(value)) {
    const objects = value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    return value.map((item, i) => {
      let next = drift(item, depth + 1);
      if (objects && i === 0) {
        const entries = Object.entries(next as Record<string, Json>);
        next = Object.fromEntries(entries.slice(1));
      } else if (objects && i === 1) {
        next = Object.fromEntries(
          Object.entries(next as Record<string, Json>).map(([k, v]) => [k, typeof v === 'number' ? String(v) : typeof v === 'string' ? v.length : v]),
        );
      }
      return next;
    });
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = drift(v, depth + 1);
    out.x_unexpected_field = { added_in: 'v99', note: 'not in the documented schema' };
    return out;
  }
  return value;
}

const FAILED_SHARDS = {
  total: 5,
  successful: 3,
  skipped: 0,
  failed: 2,
  failures: [
    { shard: 1, index: 'spine-logs-2026.11.28', node: 'es-2', reason: { type: 'node_not_connected_exception', reason: '[es-2][10.0.0.12:9300] Node not connected' } },
    { shard: 3, index: 'spine-logs-2026.11.28', node: 'es-2', reason: { type: 'node_not_connected_exception', reason: '[es-2][10.0.0.12:9300] Node not connected' } },
  ],
};

/** Partial results: ES failed shards (also inside `_msearch` items), Loki warnings in the envelope. */
export function partial(source: SourceName, value: Json): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (source === 'elasticsearch') {
    if (Array.isArray(value.responses)) return { ...value, responses: value.responses.map((r) => partial(source, r)) };
    return '_shards' in value ? { ...value, _shards: FAILED_SHARDS as unknown as Json, timed_out: false } : value;
  }
  if (source === 'loki' && value.status === 'success') {
    return { ...value, warnings: ['maximum of series (500) reached for a single query', 'query timed out on 1 of 4 queriers; results may be incomplete'] };
  }
  return value;
}
