/**
 * The HTTP client under every adapter: URL from a base URL, a path and query params; JSON or
 * NDJSON bodies; the caller's AbortSignal plus a per-request timeout; every failure a SourceError.
 * An adapter's client.ts adds only its URLs, headers and error wording.
 *
 * Failures: the caller's abort → 'cancelled', the timeout → 'timeout', no answer → 'network',
 * a non-2xx answer → the adapter's `httpError` (see `statusError`), a 2xx body the adapter cannot
 * parse → 'parse'.
 */
import { abortedError, SourceError, toSourceError, type SourceErrorCode } from './source-error';

/** Per-request timeout when the adapter's config sets none. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Query parameters; an undefined value is left out. */
export type HttpParams = Readonly<Record<string, string | number | undefined>>;

/** One line of what went wrong and one of what to do about it. */
export interface Described {
  message: string;
  hint: string;
}

/** A non-2xx answer, for the adapter to turn into a SourceError. */
export interface HttpAnswer {
  /** The path as the adapter asked for it (not the full URL: no credentials in messages). */
  path: string;
  status: number;
  body: string;
  headers: Headers;
}

/** From the adapter's deps: who is asking, and the fetch to ask with (the host's authenticated one, or a test's). */
export interface SourceHttpDeps {
  sourceId: string;
  fetch: typeof fetch;
}

/** From the adapter's config. */
export interface SourceHttpConfig {
  baseUrl: string;
  /** Default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number | undefined;
}

export interface SourceHttpOptions {
  /** Sent with every request, after `Accept: application/json` (a JSON body adds its Content-Type). */
  headers?: Readonly<Record<string, string>>;
  /** A non-2xx answer as the adapter's SourceError, its hint from the adapter's improve-error. */
  httpError: (answer: HttpAnswer) => SourceError;
  /** A 2xx body that `parse` rejected. */
  notJson: (path: string, body: string) => Described;
  /** Body text → value; default JSON.parse (Elasticsearch keeps big integers exact). */
  parse?: (text: string) => unknown;
  /** Value → body text for `json` and `ndjson`; default JSON.stringify. */
  stringify?: (value: unknown) => string;
  /** The adapter's wording for its own timeout; default the generic 'timeout' text. */
  timedOut?: (path: string) => Described;
  /** The adapter's wording for a request that got no answer; default toSourceError's. */
  unreachable?: (path: string) => Described;
  /** The adapter's wording for an answer whose body broke off; default toSourceError's. */
  cutOff?: (path: string) => Described;
}

export interface HttpRequest {
  /** Default GET. */
  method?: 'GET' | 'POST' | 'DELETE';
  /** Relative to the base URL; leading slashes are dropped. */
  path: string;
  params?: HttpParams;
  /** A JSON body (Content-Type application/json). */
  json?: unknown;
  /** A body of one JSON value a line, ending with a newline (Content-Type application/x-ndjson). */
  ndjson?: readonly unknown[];
  signal: AbortSignal;
}

export interface SourceHttp {
  /** The body text of a 2xx answer. */
  text: (request: HttpRequest) => Promise<string>;
  /** The parsed body of a 2xx answer; a body that does not parse is a SourceError('parse'). */
  json: (request: HttpRequest) => Promise<unknown>;
}

/** `base` + `/` + `path` (slashes between them folded) + the defined params as a query string. */
export function joinUrl(baseUrl: string, path: string, params: HttpParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const query = search.toString();
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}${query ? `?${query}` : ''}`;
}

/** NDJSON: one value a line, and the body ends with a newline (an empty list is an empty body). */
export function toNdjson(values: readonly unknown[], stringify: (value: unknown) => string = JSON.stringify): string {
  return values.map((value) => `${stringify(value)}\n`).join('');
}

/**
 * A non-2xx answer as a SourceError: 401 and 403 'unauthorized', 429 'rate-limited', anything else
 * 'http', unless the adapter knows better (`code`). `retryAfterMs` is the adapter's reading of
 * Retry-After, for the statuses where it honours one.
 */
export function statusError(init: Described & { sourceId: string; status: number; code?: SourceErrorCode; retryAfterMs?: number | undefined; cause?: unknown }): SourceError {
  const { status } = init;
  const code = init.code ?? (status === 401 || status === 403 ? 'unauthorized' : status === 429 ? 'rate-limited' : 'http');
  return new SourceError({ ...init, code });
}

/**
 * Node's timers hold an AbortSignal.timeout() only weakly, and AbortSignal.any() does not hold its
 * sources: a garbage collection while a request waits could drop the timeout, and the request would
 * then never time out (client-timeout.test.ts). The client mentions the timeout signal after the
 * request (in `finally`) to keep it reachable until then.
 */
function keepAlive(signal: AbortSignal): void {
  void signal;
}

export function createSourceHttp(deps: SourceHttpDeps, config: SourceHttpConfig, options: SourceHttpOptions): SourceHttp {
  const { sourceId } = deps;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = { Accept: 'application/json', ...options.headers };
  const stringify = options.stringify ?? JSON.stringify;
  const parse = options.parse ?? JSON.parse;

  function requestBody(request: HttpRequest): { body: string; contentType: string } | null {
    if (request.ndjson !== undefined) return { body: toNdjson(request.ndjson, stringify), contentType: 'application/x-ndjson' };
    if (request.json !== undefined) return { body: stringify(request.json), contentType: 'application/json' };
    return null;
  }

  /** A fetch or body read that threw: aborted (by whom), unreachable, or cut off. */
  function failed(error: unknown, stage: 'request' | 'body', path: string, signals: { caller: AbortSignal; timeout: AbortSignal; both: AbortSignal }): SourceError {
    if (signals.both.aborted) {
      if (options.timedOut && signals.timeout.aborted && !signals.caller.aborted) {
        return new SourceError({ code: 'timeout', sourceId, ...options.timedOut(path), cause: error });
      }
      return abortedError(sourceId, signals.both, error);
    }
    const described = stage === 'request' ? options.unreachable?.(path) : options.cutOff?.(path);
    return described ? new SourceError({ code: 'network', sourceId, ...described, cause: error }) : toSourceError(error, sourceId);
  }

  async function text(request: HttpRequest): Promise<string> {
    const { path, signal: caller } = request;
    if (caller.aborted) throw abortedError(sourceId, caller);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([caller, timeout]);
    const body = requestBody(request);
    let stage: 'request' | 'body' = 'request';
    let response: Response;
    let text: string;
    try {
      response = await deps.fetch(joinUrl(config.baseUrl, path, request.params), {
        method: request.method ?? 'GET',
        headers: body ? { ...headers, 'Content-Type': body.contentType } : { ...headers },
        ...(body ? { body: body.body } : {}),
        signal,
      });
      stage = 'body';
      text = await response.text();
    } catch (error) {
      throw failed(error, stage, path, { caller, timeout, both: signal });
    } finally {
      keepAlive(timeout);
    }
    if (signal.aborted) throw abortedError(sourceId, signal);
    if (!response.ok) throw options.httpError({ path, status: response.status, body: text, headers: response.headers });
    return text;
  }

  async function json(request: HttpRequest): Promise<unknown> {
    const body = await text(request);
    try {
      return parse(body) as unknown;
    } catch (error) {
      throw new SourceError({ code: 'parse', sourceId, ...options.notJson(request.path, body), cause: error });
    }
  }

  return { text, json };
}
