/**
 * The one error type every adapter throws. Tiles read `code`, `hint` and `status`;
 * they never parse messages. Messages never contain credentials or full auth URLs.
 */
export type SourceErrorCode =
  | 'config'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'http'
  | 'parse'
  | 'unsupported'
  | 'unauthorized'
  | 'rate-limited';

export interface SourceErrorInit {
  code: SourceErrorCode;
  sourceId: string;
  /** One line: what went wrong. */
  message: string;
  /** One line: what to do about it. */
  hint: string;
  status?: number;
  /** For 429/503: how long the server asked us to wait, in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class SourceError extends Error {
  readonly code: SourceErrorCode;
  readonly sourceId: string;
  readonly hint: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: SourceErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SourceError';
    this.code = init.code;
    this.sourceId = init.sourceId;
    this.hint = init.hint;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    ((error as { name: unknown }).name === 'AbortError' || (error as { name: unknown }).name === 'TimeoutError')
  );
}

/** Wraps anything thrown inside an adapter into a SourceError, keeping SourceErrors as they are. */
export function toSourceError(error: unknown, sourceId: string): SourceError {
  if (isSourceError(error)) return error;
  if (isAbortError(error)) {
    const timedOut = (error as { name: string }).name === 'TimeoutError';
    return new SourceError({
      code: timedOut ? 'timeout' : 'cancelled',
      sourceId,
      message: timedOut ? 'The request timed out.' : 'The request was cancelled.',
      hint: timedOut
        ? 'The source is slow or overloaded; narrow the time range or try again.'
        : 'Nothing to do: a newer request replaced this one.',
      cause: error,
    });
  }
  if (error instanceof TypeError) {
    return new SourceError({
      code: 'network',
      sourceId,
      message: `Could not reach the source: ${error.message}`,
      hint: 'Check that the service is running and that the console server can reach it (see Sources).',
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError({
    code: 'parse',
    sourceId,
    message: `Unexpected failure: ${message}`,
    hint: 'This is probably a bug in the console; the details below help to report it.',
    cause: error,
  });
}

/** Retry-After as delta-seconds or an HTTP date → ms to wait (never negative). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // Lenient about the number's form (a hostile "1e10" is still read, then capped by retryDelay).
  const seconds = Number(trimmed);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** An aborted signal is a cancellation, unless a timeout (AbortSignal.timeout) aborted it. */
export function abortedError(sourceId: string, signal: AbortSignal, cause?: unknown): SourceError {
  const reason: unknown = signal.reason;
  const name = typeof reason === 'object' && reason !== null ? (reason as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError') return toSourceError(reason, sourceId);
  return new SourceError({
    code: 'cancelled',
    sourceId,
    message: 'The request was cancelled.',
    hint: 'Nothing to do: a newer request replaced this one.',
    cause: cause ?? reason,
  });
}

/** Retry policy shared by every query: transient failures only, at most twice (`failureCount` 0 and 1). */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isSourceError(error)) return false;
  switch (error.code) {
    case 'network':
    case 'timeout':
    case 'rate-limited':
      return true;
    case 'http':
      return (error.status ?? 0) >= 500;
    default:
      return false;
  }
}

/** The longest Retry-After honoured: beyond 2^31 ms setTimeout fires at once, which would be a retry storm. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with jitter in the upper half of each window: 1–2 s before the first retry,
 * 2–4 s before the second; honours Retry-After (capped at a minute) when the server sent one.
 * `failureCount` is TanStack Query's: 0 when deciding the first retry (it was read as 1-based, which
 * halved every delay to 0.5–1 s and 1–2 s; the browser fault test measured it).
 */
export function retryDelay(failureCount: number, error: unknown, random: () => number = Math.random): number {
  if (isSourceError(error) && error.retryAfterMs !== undefined) return Math.min(Math.max(0, error.retryAfterMs), MAX_RETRY_AFTER_MS);
  const cap = Math.min(30_000, 2_000 * 2 ** failureCount);
  return Math.round(cap / 2 + (random() * cap) / 2);
}
