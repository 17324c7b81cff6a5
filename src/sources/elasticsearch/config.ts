import { z } from '@/lib/zod';
import { SourceError } from '../source-error';

const fieldName = z.string().trim().min(1, 'must be a field name');

export const esFieldsSchema = z.object({
  timestamp: fieldName.default('@timestamp'),
  message: fieldName.default('message'),
  /** Tried in order; ECS first. Must be keyword fields for filters and the volume histogram. */
  level: z.array(fieldName).min(1).default(['log.level', 'level']),
  service: z.array(fieldName).min(1).default(['service.name', 'service', 'container.name']),
  stackTrace: fieldName.default('error.stack_trace'),
});

export const esConfigSchema = z.object({
  /** Same-origin proxy path (e.g. `/proxy/es`) or URL; the proxy adds the Authorization header. */
  baseUrl: z
    .string()
    .trim()
    .min(1, 'is required')
    .refine((v) => v.startsWith('/') || /^https?:\/\/[^/@]+(\/|$)/.test(v), {
      message: 'must be a path like /proxy/es or an http(s) URL without credentials',
    }),
  /** Comma-separated index patterns or data streams. */
  index: z
    .string()
    .trim()
    .regex(/^[^\s/\\?"<>|#]+$/, 'must be comma-separated index patterns without spaces, e.g. logs-*,spine-logs*')
    .default('logs-*,spine-logs*'),
  fields: esFieldsSchema.prefault({}),
  /** Per-request timeout in ms (default 30 s): a source that never answers becomes a `timeout` SourceError. */
  timeoutMs: z.number().int().positive().optional(),
});

export type EsConfig = z.output<typeof esConfigSchema>;
export type EsFields = EsConfig['fields'];

/** Validates unknown config; failures are SourceError('config') naming the setting. */
export function parseEsConfig(config: unknown, sourceId: string): EsConfig {
  const result = esConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const setting = issue && issue.path.length > 0 ? issue.path.join('.') : 'config';
  throw new SourceError({
    code: 'config',
    sourceId,
    message: `Invalid Elasticsearch source config: ${setting} ${issue?.message ?? 'is invalid'}.`,
    hint: `Fix the "${setting}" setting of this Elasticsearch source (e.g. baseUrl: "/proxy/es", index: "logs-*").`,
    cause: result.error,
  });
}
