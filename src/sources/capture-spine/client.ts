/**
 * HTTP client for capture-spine: URLs from a configurable base URL and path map (the documented
 * prefixes disagree between /api and /api/v1) and capture-spine's wording for each failure; the
 * fetch, timeout, abort and status mapping are the shared source-http client's.
 */
import { z } from '@/lib/zod';
import { parseWithSchema } from '@/sources/parse-with-schema';
import { parseRetryAfter } from '@/sources/source-error';
import type { AdapterDeps } from '@/sources/source-adapter';
import { createSourceHttp, statusError } from '@/sources/source-http';
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
  const paths = { ...defaultPaths, ...config.paths };
  const { sourceId } = deps;
  const http = createSourceHttp(deps, config, {
    httpError: ({ path, status, body, headers }) => {
      const improved = improveCaptureSpineError(status, body, headers.get('content-type'));
      return statusError({
        sourceId,
        status,
        message: `${path} answered HTTP ${status}: ${improved.message}`,
        hint: improved.hint,
        retryAfterMs: parseRetryAfter(headers.get('retry-after'), deps.now()),
      });
    },
    notJson: (path, body) =>
      /^\s*</.test(body)
        ? {
            message: `${path} returned an HTML page instead of JSON.`,
            hint: 'A proxy or the frontend server answered instead of the API: check the base URL and path map.',
          }
        : { message: `${path} returned malformed JSON (${body.length} bytes).`, hint: 'The response was truncated or is not JSON; check the API logs.' },
    timedOut: (path) => ({
      message: `capture-spine did not answer ${path} within ${config.timeoutMs / 1000} s.`,
      hint: 'The API is slow or stuck; check spine-dev-api and its database, or narrow the time range.',
    }),
    unreachable: (path) => ({
      message: `Could not reach capture-spine (${path}).`,
      hint: 'Check that the console server is running and can reach CAPTURE_SPINE_URL.',
    }),
    cutOff: (path) => ({
      message: `The response from ${path} was cut off.`,
      hint: 'The connection dropped mid-response; it usually recovers on retry.',
    }),
  });

  const getJson = (path: CaptureSpinePath, params: Record<string, string | number>, signal: AbortSignal) =>
    http.json({ path: paths[path], params, signal });

  return { sourceId, now: deps.now, getJson };
}

/** Validates a raw response; schema drift becomes a parse error that names the field. */
export function parseResponse<T>(schema: z.ZodType<T>, raw: unknown, what: string, sourceId: string): T {
  return parseWithSchema(schema, raw, {
    sourceId,
    message: (where) => `Unexpected ${what} response: ${where}.`,
    hint: 'capture-spine and the console disagree on the response shape; see docs/capture-spine-api.md.',
  });
}
