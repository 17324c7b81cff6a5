/**
 * The hostile-input harness: a bad HTTP answer is served to an adapter's capability through an
 * injected fetch, and the outcome must be normalized data or a SourceError, never anything else.
 * The corpus cases live in hostile-*.test.ts; this file holds the generic cases every adapter gets.
 */
import { adapters } from '@/sources/registry';
import type { AnySourceAdapter, Capability, SourceKind } from '@/sources/source-adapter';
import { isSourceError } from '@/sources/source-error';

export interface BadResponse {
  name: string;
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  body: string | Uint8Array | null;
}

export type Outcome = { kind: 'data'; value: unknown } | { kind: 'error'; code: string; message: string; hint: string };

export const NOW = Date.parse('2026-11-28T10:00:00Z');
const RANGE = { from: NOW - 3_600_000, to: NOW };

const bytes = (...parts: (string | number[])[]) => {
  const enc = new TextEncoder();
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
export { bytes };

const deep = (n: number, open: string, close: string) => `${open.repeat(n)}${close.repeat(n)}`;

/** Bad answers that make sense for any JSON endpoint. */
export const GENERIC_CASES: BadResponse[] = [
  { name: 'empty body', body: '' },
  { name: 'whitespace only', body: ' \n\t ' },
  { name: 'JSON null', body: 'null' },
  { name: 'JSON array instead of object', body: '[]' },
  { name: 'array of nulls', body: '[null,null]' },
  { name: 'JSON string', body: '"ok"' },
  { name: 'JSON number', body: '42' },
  { name: 'JSON true', body: 'true' },
  { name: 'empty object', body: '{}' },
  { name: 'HTML page with 200', contentType: 'text/html', body: '<!doctype html><html><body><div id="root"></div><script src="/assets/index.js"></script></body></html>' },
  { name: 'plain text with 200', contentType: 'text/plain', body: 'OK' },
  { name: 'valid JSON with text/html type', contentType: 'text/html', body: '{"unrelated":true}' },
  { name: 'BOM then empty object', body: bytes([0xef, 0xbb, 0xbf], '{}') },
  { name: 'double BOM', body: bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], '{}') },
  { name: 'invalid UTF-8 inside a string', body: bytes('{"message":"', [0xff, 0xfe, 0xc3, 0x28], '"}') },
  { name: 'UTF-16LE body', body: bytes([0xff, 0xfe], [0x7b, 0, 0x7d, 0]) },
  { name: 'NaN literal', body: '{"value":NaN}' },
  { name: 'Infinity literal', body: '{"value":Infinity}' },
  { name: 'trailing comma', body: '{"a":1,}' },
  { name: 'two JSON values', body: '{}{}' },
  { name: 'deeply nested arrays (100k)', body: deep(100_000, '[', ']') },
  { name: 'deeply nested objects (10k)', body: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` },
  { name: '__proto__ key at the root', body: '{"__proto__":{"polluted":"yes"},"status":"success"}' },
  { name: 'constructor.prototype keys', body: '{"constructor":{"prototype":{"polluted":"yes"}}}' },
  { name: 'huge number', body: '{"total":1e400,"value":-1e400}' },
  { name: 'NUL bytes', body: '{"a":"\\u0000\u0000"}' },
  { name: 'error JSON with 200', body: '{"error":{"type":"whatever","reason":"<script>x</script>"},"status":500}' },
  { name: '204 no content', status: 204, body: null },
  { name: '302 redirect to a login page', status: 302, headers: { location: '/login' }, contentType: 'text/html', body: '<a href="/login">login</a>' },
  { name: '401 with WWW-Authenticate', status: 401, headers: { 'www-authenticate': 'Basic realm="x"' }, contentType: 'text/plain', body: 'Unauthorized' },
  { name: '404 HTML', status: 404, contentType: 'text/html', body: '<h1>Not Found</h1>' },
  { name: '413 empty', status: 413, body: '' },
  { name: '429 with Retry-After in 1e10 s', status: 429, headers: { 'retry-after': '1e10' }, body: '' },
  { name: '429 with an unparsable Retry-After', status: 429, headers: { 'retry-after': 'soon' }, body: 'slow down' },
  { name: '503 with a past Retry-After date', status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, body: '' },
  { name: '500 with a 1 MB body', status: 500, contentType: 'text/plain', body: 'x'.repeat(1_048_576) },
];

export function fetchServing(response: BadResponse): typeof fetch {
  return (async () => {
    const headers = new Headers(response.headers);
    headers.set('content-type', response.contentType ?? 'application/json');
    return new Response(response.body as BodyInit | null, { status: response.status ?? 200, headers });
  }) as typeof fetch;
}

const PARAMS: Partial<Record<Capability, object>> = { logs: { limit: 100 }, logVolume: { stepMs: 60_000 }, history: { kinds: ['services', 'feeds', 'queues'], stepMs: 60_000 }, logPatterns: { stepMs: 60_000 }, detectedFieldValues: { name: 'status' } };

/** Runs one capability of `kind` against the bad answer; rethrows anything that is not a SourceError. */
export async function outcomeOf(kind: SourceKind, config: unknown, capability: Capability | 'testConnection', response: BadResponse): Promise<Outcome> {
  const adapter = adapters[kind] as AnySourceAdapter;
  const client: unknown = adapter.createClient(adapter.configSchema.parse(config), { sourceId: `hostile-${kind}`, fetch: fetchServing(response), now: () => NOW });
  const signal = new AbortController().signal;
  try {
    if (capability === 'testConnection') return { kind: 'data', value: await adapter.testConnection(client, { signal }) };
    const fn = adapter.capabilities[capability] as (c: unknown, p: object, ctx: object) => Promise<unknown>;
    return { kind: 'data', value: await fn(client, PARAMS[capability] ?? {}, { signal, range: RANGE }) };
  } catch (error) {
    if (isSourceError(error)) return { kind: 'error', code: error.code, message: error.message, hint: error.hint };
    throw error;
  }
}

/** The checks every case gets: a typed outcome, no prototype pollution, error text that is one bounded line. */
export function assertSane(outcome: Outcome): string | null {
  if (({} as Record<string, unknown>).polluted !== undefined) return 'Object.prototype was polluted';
  if (outcome.kind === 'error') {
    if (!outcome.message || !outcome.hint) return 'error without message or hint';
    if (outcome.message.length > 2_000) return `error message is ${outcome.message.length} chars`;
  }
  return null;
}
