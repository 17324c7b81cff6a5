/**
 * HTTP client for capture-spine: URLs from a configurable base URL and path map (the documented
 * prefixes disagree between /api and /api/v1), fetch with the caller's AbortSignal plus a
 * timeout, and every failure mapped to a SourceError with a hint.
 */
import { z } from '@/lib/zod';
import { parseRetryAfter, SourceError } from '@/sources/source-error';
import type { AdapterDeps } from '@/sources/source-adapter';
import { improveCaptureSpineError } from './improve-error';

export const defaultPaths = {
  health: '/health',
  dashboard: '/api/v1/system/dashboard',
  feeds: '/api/v1/feeds/status',
  queues: '/api/v1/queues/stats',
  alerts: '/api/v1/monitoring/alerts',
  logErrors: '/api/v1/logs/errors',
  healthHistory: '/api/v1/system/health-history',
  feedHistory: '/api/v1/feeds/history',
} as const;
export type CaptureSpinePath = keyof typeof defaultPaths;

const pathValue = z.string().startsWith('/', { message: 'paths must start with "/"' });

export const captureSpineConfigSchema = z.object({
  baseUrl: z
    .string({ message: 'baseUrl is required, e.g. "/proxy/capture-spine" or "http://localhost:8000"' })
    .min(1, { message: 'baseUrl is empty: set it to "/proxy/capture-spine" or an http(s) URL' })
    .refine((s) => s.startsWith('/') || /^https?:\/\//.test(s), {
      message: 'baseUrl must be a same-origin path ("/proxy/capture-spine") or an http(s) URL',
    }),
  paths: z
    .object({
      health: pathValue,
      dashboard: pathValue,
      feeds: pathValue,
      queues: pathValue,
      alerts: pathValue,
      logErrors: pathValue,
      healthHistory: pathValue,
      feedHistory: pathValue,
    })
    .partial()
    .default({}),
  timeoutMs: z.number().int().positive().default(15_000),
});
export type CaptureSpineConfig = z.infer<typeof captureSpineConfigSchema>;

export interface CaptureSpineClient {
  sourceId: string;
  now: () => number;
  /** GET a path of the map; resolves to parsed JSON or throws SourceError. */
  getJson: (path: CaptureSpinePath, params: Record<string, string | number>, signal: AbortSignal) => Promise<unknown>;
}

export function createCaptureSpineClient(config: CaptureSpineConfig, deps: AdapterDeps): CaptureSpineClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  const paths = { ...defaultPaths, ...config.paths };
  const { sourceId } = deps;

  async function getJson(path: CaptureSpinePath, params: Record<string, string | number>, signal: AbortSignal) {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    const url = `${base}${paths[path]}${query ? `?${query}` : ''}`;
    const timeout = AbortSignal.timeout(config.timeoutMs);
    let response: Response;
    try {
      response = await deps.fetch(url, {
        signal: AbortSignal.any([signal, timeout]),
        headers: { Accept: 'application/json' },
      });
    } catch (error) {
      if (signal.aborted) {
        throw new SourceError({ code: 'cancelled', sourceId, message: 'The request was cancelled.', hint: 'Nothing to do.', cause: error });
      }
      if (timeout.aborted) {
        throw new SourceError({
          code: 'timeout',
          sourceId,
          message: `capture-spine did not answer ${paths[path]} within ${config.timeoutMs / 1000} s.`,
          hint: 'The API is slow or stuck; check spine-dev-api and its database, or narrow the time range.',
          cause: error,
        });
      }
      throw new SourceError({
        code: 'network',
        sourceId,
        message: `Could not reach capture-spine (${paths[path]}).`,
        hint: 'Check that the console server is running and can reach CAPTURE_SPINE_URL.',
        cause: error,
      });
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      throw new SourceError({
        code: 'network',
        sourceId,
        message: `The response from ${paths[path]} was cut off.`,
        hint: 'The connection dropped mid-response; it usually recovers on retry.',
        cause: error,
      });
    }
    if (!response.ok) {
      const improved = improveCaptureSpineError(response.status, body, response.headers.get('content-type'));
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.now());
      throw new SourceError({
        code: response.status === 401 || response.status === 403 ? 'unauthorized' : response.status === 429 ? 'rate-limited' : 'http',
        sourceId,
        status: response.status,
        message: `${paths[path]} answered HTTP ${response.status}: ${improved.message}`,
        hint: improved.hint,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    try {
      return JSON.parse(body) as unknown;
    } catch (error) {
      const looksHtml = /^\s*</.test(body);
      throw new SourceError({
        code: 'parse',
        sourceId,
        message: looksHtml
          ? `${paths[path]} returned an HTML page instead of JSON.`
          : `${paths[path]} returned malformed JSON (${body.length} bytes).`,
        hint: looksHtml
          ? 'A proxy or the frontend server answered instead of the API: check the base URL and path map.'
          : 'The response was truncated or is not JSON; check the API logs.',
        cause: error,
      });
    }
  }

  return { sourceId, now: deps.now, getJson };
}

/** Validates a raw response; schema drift becomes a parse error that names the field. */
export function parseResponse<T>(schema: z.ZodType<T>, raw: unknown, what: string, sourceId: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new SourceError({
    code: 'parse',
    sourceId,
    message: `Unexpected ${what} response: ${where}: ${issue?.message ?? 'invalid'}.`,
    hint: 'capture-spine and the console disagree on the response shape; see docs/capture-spine-api.md.',
    cause: result.error,
  });
}
