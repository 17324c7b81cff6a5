/**
 * Elasticsearch/OpenSearch HTTP client: URL building, fetch with the injected `deps.fetch` and
 * the caller's signal, body read as text and parsed losslessly, failures mapped to SourceError.
 */
import type { AdapterDeps } from '../source-adapter';
import { abortedError, keepAlive, parseRetryAfter, SourceError, toSourceError } from '../source-error';

/** Default per-request timeout when the config sets no `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 30_000;
import type { EsConfig } from './config';
import { improveEsError } from './improve-error';
import { parseJsonLossless, stringifyJsonLossless } from './json-lossless';
import { esInfoSchema, parseEs } from './api-schemas';
import { esFeatures, type EsFeatures } from './test-connection';

export type EsPitApi = NonNullable<EsFeatures['pitApi']>;

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
  /** Distribution, version and PIT support from `GET /`, asked once per client (null if unreadable; asked again then). */
  features: (signal: AbortSignal) => Promise<EsFeatures | null>;
  /** Opens a point in time on the configured index: ES `POST /<index>/_pit`, OpenSearch `POST /<index>/_search/point_in_time`. */
  openPit: (api: EsPitApi, keepAlive: string, signal: AbortSignal) => Promise<unknown>;
  /** POST `/_search` without an index (a PIT search names its indices through the PIT). */
  searchPit: (body: object, signal: AbortSignal) => Promise<unknown>;
  /** Closes a point in time: ES `DELETE /_pit {id}`, OpenSearch `DELETE /_search/point_in_time {pit_id:[…]}`. */
  closePit: (api: EsPitApi, id: string, signal: AbortSignal) => Promise<unknown>;
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

export function createEsClient(config: EsConfig, deps: AdapterDeps): EsClient {
  const { sourceId } = deps;

  async function send(method: 'GET' | 'POST' | 'DELETE', path: string, body: string | undefined, contentType: string, callerSignal: AbortSignal): Promise<unknown> {
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

  let known: Promise<EsFeatures | null> | null = null;
  function features(signal: AbortSignal): Promise<EsFeatures | null> {
    // Shared by every caller, so no caller's signal aborts it (send still applies the timeout).
    // Any failure (HTTP, unreadable info) resolves to null and is asked again next time.
    known ??= send('GET', '', undefined, 'application/json', new AbortController().signal)
      .then((json) => esFeatures(parseEs(esInfoSchema, json, sourceId, 'cluster info')))
      .catch(() => {
        known = null;
        return null;
      });
    const shared = known;
    if (signal.aborted) return Promise.reject(abortedError(sourceId, signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortedError(sourceId, signal));
      signal.addEventListener('abort', onAbort, { once: true });
      void shared.then((f) => {
        signal.removeEventListener('abort', onAbort);
        resolve(f);
      });
    });
  }

  return {
    sourceId,
    config,
    now: deps.now,
    features,
    openPit: (api, keepAlive, signal) => send('POST', `${indexPath}/${api}?keep_alive=${encodeURIComponent(keepAlive)}`, undefined, 'application/json', signal),
    searchPit: (body, signal) => send('POST', '_search', stringifyJsonLossless(body), 'application/json', signal),
    closePit: (api, id, signal) =>
      send('DELETE', api, stringifyJsonLossless(api === '_pit' ? { id } : { pit_id: [id] }), 'application/json', signal),
    search: (body, signal) => send('POST', `${indexPath}/_search`, stringifyJsonLossless(body), 'application/json', signal),
    msearch: (pairs, signal) => send('POST', '_msearch', toNdjson(pairs), 'application/x-ndjson', signal),
    info: (signal) => send('GET', '', undefined, 'application/json', signal),
  };
}
