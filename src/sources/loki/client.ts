/**
 * Loki HTTP client: Loki's paths, headers and error hints over the shared source-http client
 * (fetch with the injected `deps.fetch`, the caller's signal and a timeout), and what is asked of
 * the server once per client (buildinfo, the discovered stream selector).
 */
import { askOnce } from '../ask-once';
import type { AdapterDeps } from '../source-adapter';
import { abortedError, parseRetryAfter, SourceError } from '../source-error';
import { createSourceHttp, statusError, type HttpParams } from '../source-http';
import { lokiBuildInfoSchema, parseLoki } from './api-schemas';
import type { LokiConfig } from './config';
import { lokiFeatures, type LokiServerInfo } from './features';
import { improveLokiError } from './improve-error';
import { discoverSelector, type ResolvedSelector } from './selector';

export interface LokiClient {
  readonly sourceId: string;
  readonly config: LokiConfig;
  readonly now: () => number;
  /** GET `path` (relative to baseUrl); resolves to the body text of a 2xx answer. */
  getText: (path: string, params: HttpParams, signal: AbortSignal) => Promise<string>;
  /** GET and JSON.parse; a body that is not JSON is a SourceError('parse'). */
  getJson: (path: string, params: HttpParams, signal: AbortSignal) => Promise<unknown>;
  /**
   * Version and features from buildinfo, asked once per client and remembered. A buildinfo that
   * cannot be read gives `{ version: null, features: null }` (feature-detect), remembered only
   * when Loki answered (a network failure is asked again next time).
   */
  serverInfo: (signal: AbortSignal) => Promise<LokiServerInfo>;
  /** The stream selector: the configured one, else built once from the server's labels. */
  selector: (signal: AbortSignal) => Promise<ResolvedSelector>;
}

/** Maps a non-2xx answer to a SourceError with the right code (499: Loki saw the client go away). */
export function lokiHttpError(sourceId: string, status: number, body: string, headers: Headers, now: number): SourceError {
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after'), now) : undefined;
  return statusError({ sourceId, status, ...improveLokiError(body, status), retryAfterMs, ...(status === 499 ? { code: 'cancelled' as const } : {}) });
}

export function createLokiClient(config: LokiConfig, deps: AdapterDeps): LokiClient {
  const { sourceId } = deps;

  const http = createSourceHttp(deps, config, {
    headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    httpError: ({ status, body, headers }) => lokiHttpError(sourceId, status, body, headers, deps.now()),
    notJson: (path) => ({
      message: `Loki answered ${path} with a body that is not JSON.`,
      hint: 'Check that baseUrl points at Loki (e.g. /proxy/loki), not at a web page.',
    }),
  });
  const getText = (path: string, params: HttpParams, signal: AbortSignal) => http.text({ path, params, signal });
  const getJson = (path: string, params: HttpParams, signal: AbortSignal) => http.json({ path, params, signal });

  // Shared by every caller, so no caller's signal aborts it (getText still applies the timeout).
  // An unreadable buildinfo resolves to "unknown": remembered when Loki answered (a 4xx or a
  // body that is not buildinfo), asked again after a network failure or a 5xx.
  const serverInfo = askOnce(sourceId, () =>
    getJson('loki/api/v1/status/buildinfo', {}, new AbortController().signal)
      .then((json) => {
        const version = parseLoki(lokiBuildInfoSchema, json, sourceId, 'buildinfo').version;
        return { value: { version, features: lokiFeatures(version) }, keep: true };
      })
      .catch((error: unknown) => {
        const answered = error instanceof SourceError && error.status !== undefined && error.status < 500;
        return { value: { version: null, features: null } as LokiServerInfo, keep: answered };
      }),
  );
  const configured = config.selector;
  const selector = configured
    ? (signal: AbortSignal) => (signal.aborted ? Promise.reject(abortedError(sourceId, signal)) : Promise.resolve<ResolvedSelector>({ selector: configured, origin: 'configured' }))
    : askOnce(sourceId, () =>
        discoverSelector({ getJson, config, now: deps.now }, new AbortController().signal).then((value) => ({ value, keep: value.origin === 'labels' })),
      );

  return { sourceId, config, now: deps.now, getText, getJson, serverInfo, selector };
}
