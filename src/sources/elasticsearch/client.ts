/**
 * Elasticsearch/OpenSearch HTTP client: the paths, bodies (JSON and NDJSON, big integers kept
 * exact) and error hints over the shared source-http client (fetch with the injected
 * `deps.fetch`, the caller's signal and a timeout), and the features asked once per client.
 */
import { askOnce } from '../ask-once';
import type { AdapterDeps } from '../source-adapter';
import { parseRetryAfter, type SourceError } from '../source-error';
import { createSourceHttp, statusError, toNdjson as toNdjsonLines } from '../source-http';
import { esInfoSchema, parseEs } from './api-schemas';
import type { EsConfig } from './config';
import { esFeatures, type EsFeatures } from './features';
import { improveEsError } from './improve-error';
import { parseJsonLossless, stringifyJsonLossless } from './json-lossless';

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

/** `_msearch` body: one JSON value per line (BigInt kept exact), and the body must end with a newline. */
export function toNdjson(pairs: ReadonlyArray<readonly [object, object]>): string {
  return toNdjsonLines(pairs.flat(), stringifyJsonLossless);
}

/** Maps an error status + body (text or parsed JSON) to a SourceError with the right code. */
export function esHttpError(sourceId: string, status: number, body: unknown, headers?: Headers, now = Date.now()): SourceError {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers?.get('retry-after') ?? null, now) : undefined;
  return statusError({ sourceId, status, ...improveEsError(body, status), retryAfterMs });
}

export function createEsClient(config: EsConfig, deps: AdapterDeps): EsClient {
  const { sourceId } = deps;
  const http = createSourceHttp(deps, config, {
    httpError: ({ status, body, headers }) => esHttpError(sourceId, status, body, headers, deps.now()),
    parse: parseJsonLossless,
    stringify: stringifyJsonLossless,
    notJson: (path) => ({
      message: `Elasticsearch answered ${path} with a body that is not JSON.`,
      hint: 'Check that baseUrl points at Elasticsearch/OpenSearch (e.g. /proxy/es), not at a web page.',
    }),
  });

  const indexPath = config.index
    .split(',')
    .map((part) => encodeURIComponent(part.trim()).replace(/%2A/gi, '*').replace(/%3A/gi, ':'))
    .join(',');

  const info = (signal: AbortSignal) => http.json({ path: '', signal });
  // Shared by every caller, so no caller's signal aborts it (the request still has its timeout).
  // Any failure (HTTP, unreadable info) resolves to null and is asked again next time.
  const features = askOnce(sourceId, () =>
    info(new AbortController().signal)
      .then((json) => ({ value: esFeatures(parseEs(esInfoSchema, json, sourceId, 'cluster info')) as EsFeatures | null, keep: true }))
      .catch(() => ({ value: null, keep: false })),
  );

  return {
    sourceId,
    config,
    now: deps.now,
    features,
    openPit: (api, keepAlive, signal) => http.json({ method: 'POST', path: `${indexPath}/${api}?keep_alive=${encodeURIComponent(keepAlive)}`, signal }),
    searchPit: (body, signal) => http.json({ method: 'POST', path: '_search', json: body, signal }),
    closePit: (api, id, signal) => http.json({ method: 'DELETE', path: api, json: api === '_pit' ? { id } : { pit_id: [id] }, signal }),
    search: (body, signal) => http.json({ method: 'POST', path: `${indexPath}/_search`, json: body, signal }),
    msearch: (pairs, signal) => http.json({ method: 'POST', path: '_msearch', ndjson: pairs.flat(), signal }),
    info,
  };
}
