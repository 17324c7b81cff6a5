/**
 * Loki HTTP client: URL building, fetch with the injected `deps.fetch` and the caller's signal,
 * body read as text, HTTP failures mapped to SourceError with an improved hint.
 */
import type { AdapterDeps } from '../source-adapter';
import { abortedError, keepAlive, parseRetryAfter, SourceError, toSourceError } from '../source-error';

/** Default per-request timeout when the config sets no `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 30_000;
import { lokiBuildInfoSchema, parseLoki } from './api-schemas';
import type { LokiConfig } from './config';
import { lokiFeatures, type LokiServerInfo } from './features';
import { improveLokiError } from './improve-error';
import { discoverSelector, type ResolvedSelector } from './selector';

export type QueryParams = Record<string, string | number | undefined>;

export interface LokiClient {
  readonly sourceId: string;
  readonly config: LokiConfig;
  readonly now: () => number;
  /** GET `path` (relative to baseUrl); resolves to the body text of a 2xx answer. */
  getText: (path: string, params: QueryParams, signal: AbortSignal) => Promise<string>;
  /** GET and JSON.parse; a body that is not JSON is a SourceError('parse'). */
  getJson: (path: string, params: QueryParams, signal: AbortSignal) => Promise<unknown>;
  /**
   * Version and features from buildinfo, asked once per client and remembered. A buildinfo that
   * cannot be read gives `{ version: null, features: null }` (feature-detect), remembered only
   * when Loki answered (a network failure is asked again next time).
   */
  serverInfo: (signal: AbortSignal) => Promise<LokiServerInfo>;
  /** The stream selector: the configured one, else built once from the server's labels. */
  selector: (signal: AbortSignal) => Promise<ResolvedSelector>;
}

/**
 * Asks once per client and shares the answer; each caller's signal aborts only its own wait. A
 * rejection, or an answer `ask` marks `keep: false`, is asked again by the next caller.
 */
export function askedOnce<T>(sourceId: string, ask: () => Promise<{ value: T; keep: boolean }>): (signal: AbortSignal) => Promise<T> {
  let known: Promise<T> | null = null;
  return (signal) => {
    if (signal.aborted) return Promise.reject(abortedError(sourceId, signal));
    if (!known) {
      const pending: Promise<T> = ask().then(
        ({ value, keep }) => {
          if (!keep && known === pending) known = null;
          return value;
        },
        (error: unknown) => {
          if (known === pending) known = null;
          throw error;
        },
      );
      known = pending;
    }
    const shared = known;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortedError(sourceId, signal));
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
}

export function buildLokiUrl(baseUrl: string, path: string, params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const query = search.toString();
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}${query ? `?${query}` : ''}`;
}

/** Maps a non-2xx answer to a SourceError with the right code. */
export function lokiHttpError(sourceId: string, status: number, body: string, headers: Headers, now: number): SourceError {
  const { message, hint } = improveLokiError(body, status);
  const base = { sourceId, message, hint, status };
  if (status === 401 || status === 403) return new SourceError({ ...base, code: 'unauthorized' });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
    return new SourceError({ ...base, code: 'rate-limited', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  if (status === 499) return new SourceError({ ...base, code: 'cancelled' });
  if (status === 503) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
    return new SourceError({ ...base, code: 'http', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  return new SourceError({ ...base, code: 'http' });
}

export function createLokiClient(config: LokiConfig, deps: AdapterDeps): LokiClient {
  const { sourceId } = deps;

  async function getText(path: string, params: QueryParams, callerSignal: AbortSignal): Promise<string> {
    if (callerSignal.aborted) throw abortedError(sourceId, callerSignal);
    const timeout = AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = AbortSignal.any([callerSignal, timeout]);
    const url = buildLokiUrl(config.baseUrl, path, params);
    let response: Response;
    let body: string;
    try {
      response = await deps.fetch(url, {
        method: 'GET',
        headers: { Accept: 'application/json', 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
        signal,
      });
      body = await response.text();
    } catch (error) {
      if (signal.aborted) throw abortedError(sourceId, signal, error);
      throw toSourceError(error, sourceId);
    } finally {
      keepAlive(timeout);
    }
    if (signal.aborted) throw abortedError(sourceId, signal);
    if (!response.ok) throw lokiHttpError(sourceId, response.status, body, response.headers, deps.now());
    return body;
  }

  async function getJson(path: string, params: QueryParams, signal: AbortSignal): Promise<unknown> {
    const text = await getText(path, params, signal);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new SourceError({
        code: 'parse',
        sourceId,
        message: `Loki answered ${path} with a body that is not JSON.`,
        hint: 'Check that baseUrl points at Loki (e.g. /proxy/loki), not at a web page.',
        cause: error,
      });
    }
  }

  // Shared by every caller, so no caller's signal aborts it (getText still applies the timeout).
  // An unreadable buildinfo resolves to "unknown": remembered when Loki answered (a 4xx or a
  // body that is not buildinfo), asked again after a network failure or a 5xx.
  const serverInfo = askedOnce(sourceId, () =>
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
    : askedOnce(sourceId, () =>
        discoverSelector({ getJson, config, now: deps.now }, new AbortController().signal).then((value) => ({ value, keep: value.origin === 'labels' })),
      );

  return { sourceId, config, now: deps.now, getText, getJson, serverInfo, selector };
}
