import { z } from '@/lib/zod';
import { SourceError } from '../source-error';

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const labelName = z.string().regex(LABEL_NAME, 'must be a Loki label name ([A-Za-z_][A-Za-z0-9_]*)');

export const lokiConfigSchema = z.object({
  /** Same-origin proxy path (e.g. `/proxy/loki`) or URL; the proxy adds tenant and auth headers. */
  baseUrl: z
    .string()
    .trim()
    .min(1, 'is required')
    .refine((v) => v.startsWith('/') || /^https?:\/\/[^/@]+(\/|$)/.test(v), {
      message: 'must be a path like /proxy/loki or an http(s) URL without credentials',
    }),
  /**
   * The stream selector every query starts from, e.g. `{service_name=~".+"}`. Unset: built from
   * the labels the server has (see selector.ts).
   */
  selector: z
    .string()
    .trim()
    .regex(/^\{[\s\S]*\}$/, 'must be a stream selector in braces, e.g. {service_name=~".+"}')
    .optional(),
  serviceLabel: z.array(labelName).min(1).default(['service_name', 'container', 'app', 'job']),
  levelLabel: z.array(labelName).default([]),
  /** The server's max_entries_limit_per_query: no request asks for more lines than this. */
  maxLines: z.number().int().positive().default(5000),
  /** Per-request timeout in ms (default 30 s): a source that never answers becomes a `timeout` SourceError. */
  timeoutMs: z.number().int().positive().optional(),
});

export type LokiConfig = z.output<typeof lokiConfigSchema>;

/** Validates unknown config; failures are SourceError('config') naming the setting. */
export function parseLokiConfig(config: unknown, sourceId: string): LokiConfig {
  const result = lokiConfigSchema.safeParse(config);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const setting = issue && issue.path.length > 0 ? issue.path.join('.') : 'config';
  return failConfig(sourceId, setting, issue?.message ?? 'is invalid', result.error);
}

function failConfig(sourceId: string, setting: string, problem: string, cause: unknown): never {
  throw new SourceError({
    code: 'config',
    sourceId,
    message: `Invalid Loki source config: ${setting} ${problem}.`,
    hint: `Fix the "${setting}" setting of this Loki source (e.g. baseUrl: "/proxy/loki", selector: "{service_name=~\\".+\\"}").`,
    cause,
  });
}
