/**
 * Elasticsearch/OpenSearch HTTP client: URL building, fetch with the injected `deps.fetch` and
 * the caller's signal, body read as text and parsed losslessly, failures mapped to SourceError.
 */
import type { AdapterDeps } from '../source-adapter';
import { abortedError, parseRetryAfter, SourceError, toSourceError } from '../source-error';

/** Default per-request timeout when the config sets no `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 30_000;
import type { EsConfig } from './config';
import { improveEsError } from './improve-error';
import { parseJsonLossless, stringifyJsonLossless } from './json-lossless';

export interface EsClient {
  readonly sourceId: string;
  readonly config: EsConfig;
  readonly now: () => number;
  /** POST `/<index>/_search` with a JSON body. */
  search: (body: object, signal: AbortSignal) => Promise<unknown>;
  /** POST `/_msearch` with header/body pairs as NDJSON. */
  msearch: (pairs: ReadonlyArray<readonly [object, object]>, signal: AbortSignal) => Promise<unknown>;
  /** GET `/` (cluster info). */
  info: (signal: AbortSignal) => Promise<unknown>;
}

export function esUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** `_msearch` body: one JSON value per line (BigInt kept exact), and the body must end with a newline. */
export function toNdjson(pairs: ReadonlyArray<readonly [object, object]>): string {
  return pairs.map(([header, body]) => `${stringifyJsonLossless(header)}\n${stringifyJsonLossless(body)}\n`).join('');
}

/** Maps an error status + body (text or parsed JSON) to a SourceError with the right code. */
export function esHttpError(sourceId: string, status: number, body: unknown, headers?: Headers, now = Date.now()): SourceError {
  const { message, hint } = improveEsError(body, status);
  const base = { sourceId, message, hint, status };
  const retryAfterMs = parseRetryAfter(headers?.get('retry-after') ?? null, now);
  const retry = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 401 || status === 403) return new SourceError({ ...base, code: 'unauthorized' });
  if (status === 429) return new SourceError({ ...base, code: 'rate-limited', ...retry });
  return new SourceError({ ...base, code: 'http', ...(status === 503 ? retry : {}) });
}

/**
 * Node's timers hold an AbortSignal.timeout() only weakly, and AbortSignal.any() does not hold its
 * sources: a garbage collection while a request waits could drop the timeout, and the request would
 * then never time out. Mentioning the signal after the request keeps it reachable until then.
 */
function keepAlive(signal: AbortSignal): void {
  void signal;
}

export function createEsClient(config: EsConfig, deps: AdapterDeps): EsClient {
  const { sourceId } = deps;

  async function send(method: 'GET' | 'POST', path: string, body: string | undefined, contentType: string, callerSignal: AbortSignal): Promise<unknown> {
    if (callerSignal.aborted) throw abortedError(sourceId, callerSignal);
    const timeout = AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = AbortSignal.any([callerSignal, timeout]);
    let response: Response;
    let text: string;
    try {
      response = await deps.fetch(esUrl(config.baseUrl, path), {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': contentType },
        ...(body === undefined ? {} : { body }),
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw abortedError(sourceId, signal, error);
      throw toSourceError(error, sourceId);
    } finally {
      keepAlive(timeout);
    }
    if (signal.aborted) throw abortedError(sourceId, signal);
    if (!response.ok) throw esHttpError(sourceId, response.status, text, response.headers, deps.now());
    try {
      return parseJsonLossless(text);
    } catch (error) {
      throw new SourceError({
        code: 'parse',
        sourceId,
        message: `Elasticsearch answered ${path} with a body that is not JSON.`,
        hint: 'Check that baseUrl points at Elasticsearch/OpenSearch (e.g. /proxy/es), not at a web page.',
        cause: error,
      });
    }
  }

  const indexPath = config.index
    .split(',')
    .map((part) => encodeURIComponent(part.trim()).replace(/%2A/gi, '*').replace(/%3A/gi, ':'))
    .join(',');

  return {
    sourceId,
    config,
    now: deps.now,
    search: (body, signal) => send('POST', `${indexPath}/_search`, stringifyJsonLossless(body), 'application/json', signal),
    msearch: (pairs, signal) => send('POST', '_msearch', toNdjson(pairs), 'application/x-ndjson', signal),
    info: (signal) => send('GET', '', undefined, 'application/json', signal),
  };
}
