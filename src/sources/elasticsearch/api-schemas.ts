/**
 * zod schemas and guards for ES/OpenSearch responses. Lenient where versions drift:
 * `hits.total` object / number (6.x) / absent, `max_score` null, `_source` or `fields` absent,
 * `hits` absent (filter_path), big integers already turned into strings by parseJsonLossless.
 */
import { z } from '@/lib/zod';
import { parseWithSchema } from '../parse-with-schema';

export const esHitSchema = z.object({
  _index: z.string(),
  _id: z.string(),
  _score: z.number().nullable().optional(),
  _source: z.record(z.string(), z.unknown()).optional(),
  fields: z.record(z.string(), z.array(z.unknown())).optional(),
  sort: z.array(z.unknown()).optional(),
  highlight: z.record(z.string(), z.array(z.string())).optional(),
  _ignored: z.array(z.string()).optional(),
});
export type EsHit = z.infer<typeof esHitSchema>;

const totalSchema = z.union([
  z.number(),
  z.string().regex(/^-?\d+$/),
  z.object({ value: z.number(), relation: z.enum(['eq', 'gte']) }),
]);

const shardFailureSchema = z.looseObject({
  index: z.string().nullable().optional(),
  shard: z.number().optional(),
  reason: z.looseObject({ type: z.string().optional(), reason: z.string().nullable().optional() }).optional(),
});

export const esSearchResponseSchema = z.object({
  took: z.number().optional(),
  timed_out: z.boolean().optional(),
  terminated_early: z.boolean().optional(),
  _shards: z
    .object({
      total: z.number(),
      successful: z.number(),
      skipped: z.number().optional(),
      failed: z.number(),
      failures: z.array(shardFailureSchema).optional(),
    })
    .optional(),
  hits: z
    .object({
      total: totalSchema.optional(),
      max_score: z.number().nullable().optional(),
      hits: z.array(esHitSchema),
    })
    .optional(),
  aggregations: z.record(z.string(), z.unknown()).optional(),
  pit_id: z.string().optional(),
});
export type EsSearchResponse = z.infer<typeof esSearchResponseSchema>;

export const esMsearchResponseSchema = z.object({
  took: z.number().optional(),
  responses: z.array(z.looseObject({ status: z.number().optional(), error: z.unknown().optional() })),
});

export const esInfoSchema = z.object({
  name: z.string().optional(),
  cluster_name: z.string().optional(),
  version: z.object({
    number: z.string(),
    distribution: z.string().optional(),
    build_flavor: z.string().optional(),
  }),
  tagline: z.string().optional(),
});
export type EsInfo = z.infer<typeof esInfoSchema>;

/** Type guard for a search response that carries hits (ES `isElasticsearchResponseWithHits`). */
export function isEsHitsResponse(value: unknown): value is EsSearchResponse & { hits: NonNullable<EsSearchResponse['hits']> } {
  const result = esSearchResponseSchema.safeParse(value);
  return result.success && result.data.hits !== undefined;
}

/** Validates with `schema` or throws SourceError('parse'). */
export function parseEs<T>(schema: z.ZodType<T>, json: unknown, sourceId: string, what: string): T {
  return parseWithSchema(schema, json, {
    sourceId,
    message: (where) => `Unexpected ${what} from Elasticsearch at ${where}.`,
    hint: 'Check that baseUrl points at Elasticsearch 7+/OpenSearch through the console proxy.',
  });
}

export type EsTotal = z.infer<typeof totalSchema>;

/** `hits.total` in every shape → `{ value, relation }`, or null when not tracked (absent or -1). */
export function readTotal(total: EsTotal | undefined): { value: number; relation: 'eq' | 'gte' } | null {
  if (total === undefined) return null;
  if (typeof total === 'object') return total;
  const value = Number(total);
  return value < 0 ? null : { value, relation: 'eq' };
}
