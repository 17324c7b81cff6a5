import { describe, expect, it, vi } from 'vitest';
import { SourceError } from './source-error';
import { createSourceHttp, joinUrl, statusError, toNdjson, type SourceHttpOptions } from './source-http';

const signal = () => new AbortController().signal;

function httpWith(respond: (url: string, init?: RequestInit) => Promise<Response>, options: Partial<SourceHttpOptions> & { timeoutMs?: number } = {}) {
  const fetch = vi.fn(respond);
  const { timeoutMs, ...rest } = options;
  const deps = { sourceId: 'src', fetch: fetch as unknown as typeof globalThis.fetch };
  const http = createSourceHttp(deps, { baseUrl: '/proxy/x/', timeoutMs }, {
    httpError: ({ path, status, body }) => statusError({ sourceId: 'src', status, message: `${path}: HTTP ${status} ${body}`, hint: 'improved' }),
    notJson: (path) => ({ message: `${path} is not JSON`, hint: 'check baseUrl' }),
    ...rest,
  });
  return { http, fetch };
}

/** A server that never answers: the request ends only through its signal. */
const hang = (_url: string, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

describe('joinUrl and toNdjson', () => {
  it('joins base and path with one slash and leaves undefined params out', () => {
    expect(joinUrl('/proxy/loki/', '/loki/api/v1/query_range', { query: '{a="b c"}', limit: 5, x: undefined })).toBe(
      '/proxy/loki/loki/api/v1/query_range?query=%7Ba%3D%22b+c%22%7D&limit=5',
    );
    expect(joinUrl('http://es:9200//', '')).toBe('http://es:9200/');
  });

  it('writes one value a line, ending with a newline', () => {
    expect(toNdjson([{ index: 'a' }, { size: 0 }])).toBe('{"index":"a"}\n{"size":0}\n');
    expect(toNdjson([])).toBe('');
  });
});

describe('statusError', () => {
  it('maps 401/403 to unauthorized, 429 to rate-limited and the rest to http, unless told', () => {
    const at = (status: number, extra = {}) => statusError({ sourceId: 's', status, message: 'm', hint: 'h', ...extra });
    expect(at(401).code).toBe('unauthorized');
    expect(at(403).code).toBe('unauthorized');
    expect(at(429, { retryAfterMs: 3000 })).toMatchObject({ code: 'rate-limited', retryAfterMs: 3000, status: 429 });
    expect(at(404).code).toBe('http');
    expect(at(503).code).toBe('http');
    expect(at(499, { code: 'cancelled' }).code).toBe('cancelled');
  });
});

describe('createSourceHttp', () => {
  it('sends method, headers, params, a JSON or NDJSON body and the combined signal', async () => {
    const { http, fetch } = httpWith(async () => new Response('{"ok":1}'));
    const controller = new AbortController();
    await expect(http.json({ method: 'POST', path: 'a/_search', params: { q: 1 }, json: { size: 1 }, signal: controller.signal })).resolves.toEqual({ ok: 1 });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/proxy/x/a/_search?q=1');
    expect(init).toMatchObject({ method: 'POST', body: '{"size":1}', headers: { Accept: 'application/json', 'Content-Type': 'application/json' } });
    expect(init?.signal?.aborted).toBe(false);
    controller.abort();
    expect(init?.signal?.aborted).toBe(true);

    await http.json({ method: 'POST', path: '_msearch', ndjson: [{}, { size: 0 }], signal: signal() });
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({ body: '{}\n{"size":0}\n', headers: { 'Content-Type': 'application/x-ndjson' } });
    await http.text({ path: '', signal: signal() });
    expect(fetch.mock.calls[2]?.[1]).toMatchObject({ method: 'GET', headers: { Accept: 'application/json' } });
    expect(fetch.mock.calls[2]?.[1]).not.toHaveProperty('body');
  });

  it('uses the adapter parse and stringify', async () => {
    const { http, fetch } = httpWith(async () => new Response('12'), { parse: (t) => `parsed:${t}`, stringify: (v) => `s:${String(v)}` });
    await expect(http.json({ method: 'POST', path: 'p', json: 7, signal: signal() })).resolves.toBe('parsed:12');
    expect(fetch.mock.calls[0]?.[1]?.body).toBe('s:7');
  });

  it('hands a non-2xx answer to the adapter mapping, with path, status, body and headers', async () => {
    const httpError = vi.fn(({ status }: { status: number }) => statusError({ sourceId: 'src', status, message: 'm', hint: 'h' }));
    const { http } = httpWith(async () => new Response('busy', { status: 429, headers: { 'Retry-After': '7' } }), { httpError });
    await expect(http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({ code: 'rate-limited', status: 429 });
    const answer = httpError.mock.calls[0]?.[0] as unknown as { path: string; body: string; headers: Headers };
    expect(answer).toMatchObject({ path: 'p', status: 429, body: 'busy' });
    expect(answer.headers.get('retry-after')).toBe('7');
  });

  it('rejects a 2xx body that does not parse as parse, in the adapter words', async () => {
    const { http } = httpWith(async () => new Response('<html>login</html>'));
    const error = (await http.json({ path: 'p', signal: signal() }).catch((e: unknown) => e)) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'parse', message: 'p is not JSON', hint: 'check baseUrl' });
    await expect(http.text({ path: 'p', signal: signal() })).resolves.toBe('<html>login</html>');
  });

  it('maps the caller abort to cancelled, before and during the request', async () => {
    const { http, fetch } = httpWith(hang);
    const controller = new AbortController();
    const pending = http.text({ path: 'p', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect(http.text({ path: 'p', signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('maps a caller signal aborted by a timeout to timeout, without a request', async () => {
    const { http, fetch } = httpWith(async () => new Response('{}'));
    const controller = new AbortController();
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(http.text({ path: 'p', signal: controller.signal })).rejects.toMatchObject({ code: 'timeout' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('times out after timeoutMs, in the generic words or the adapter words', async () => {
    const generic = httpWith(hang, { timeoutMs: 20 });
    await expect(generic.http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({ code: 'timeout', message: 'The request timed out.' });
    const worded = httpWith(hang, { timeoutMs: 20, timedOut: (path) => ({ message: `no answer to ${path}`, hint: 'wait' }) });
    await expect(worded.http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({ code: 'timeout', message: 'no answer to p', hint: 'wait' });
  });

  it('maps a failed fetch to network, in the generic words or the adapter words', async () => {
    const refused = async () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(httpWith(refused).http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({
      code: 'network',
      message: 'Could not reach the source: Failed to fetch',
    });
    const worded = httpWith(refused, { unreachable: (path) => ({ message: `cannot reach ${path}`, hint: 'check' }) });
    await expect(worded.http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({ code: 'network', message: 'cannot reach p' });
  });

  it('maps a body that breaks off to network, in the adapter words when given', async () => {
    const broken = async () => new Response(new ReadableStream({ start: (c) => c.error(new TypeError('terminated')) }));
    await expect(httpWith(broken).http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({ code: 'network' });
    const worded = httpWith(broken, { cutOff: (path) => ({ message: `${path} was cut off`, hint: 'retry' }) });
    await expect(worded.http.text({ path: 'p', signal: signal() })).rejects.toMatchObject({ code: 'network', message: 'p was cut off' });
  });
});
