/**
 * zod schemas for what Loki sends, validated at the boundary. Lenient where Loki drifts between
 * releases (stats, warnings, encodingFlags, 2- vs 3-tuples), strict where we depend on a shape.
 */
import { z } from '@/lib/zod';
import { parseWithSchema } from '../parse-with-schema';
import { SourceError } from '../source-error';

const nsString = z.string().regex(/^\d+$/, 'timestamp must be a nanosecond decimal string');
const labelSet = z.record(z.string(), z.string());
const metadata = z.record(z.string(), z.unknown());

export const lokiEntrySchema = z.union([
  z.tuple([nsString, z.string()]),
  z.tuple([nsString, z.string(), metadata]),
]);
export type LokiEntry = z.infer<typeof lokiEntrySchema>;

export const lokiStreamSchema = z.object({ stream: labelSet, values: z.array(lokiEntrySchema) });
export type LokiStream = z.infer<typeof lokiStreamSchema>;

/** Matrix/vector timestamps are float seconds; values are strings ("NaN", "+Inf" included). */
const samplePair = z.tuple([z.number(), z.string()]);
export const lokiMatrixSeriesSchema = z.object({ metric: labelSet, values: z.array(samplePair) });
export type LokiMatrixSeries = z.infer<typeof lokiMatrixSeriesSchema>;
export const lokiVectorSampleSchema = z.object({ metric: labelSet, value: samplePair });

export const lokiEnvelopeSchema = z.object({
  status: z.literal('success'),
  warnings: z.array(z.string()).optional(),
  data: z.object({
    resultType: z.enum(['streams', 'matrix', 'vector', 'scalar']),
    encodingFlags: z.array(z.string()).optional(),
    result: z.unknown(),
    stats: z.unknown().optional(),
  }),
});
export type LokiEnvelope = z.infer<typeof lokiEnvelopeSchema>;
export type LokiResultType = LokiEnvelope['data']['resultType'];

/** One `/tail` WebSocket frame (encodingFlags is top-level there). */
export const lokiTailFrameSchema = z.object({
  streams: z.array(lokiStreamSchema),
  dropped_entries: z.array(z.object({ timestamp: nsString, labels: labelSet })).optional(),
  encodingFlags: z.array(z.string()).optional(),
});

/** `/loki/api/v1/status/buildinfo`: a bare object, not enveloped. */
export const lokiBuildInfoSchema = z.object({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  goVersion: z.string().optional(),
});

/** Validates with `schema` or throws SourceError('parse'). */
export function parseLoki<T>(schema: z.ZodType<T>, json: unknown, sourceId: string, what: string): T {
  return parseWithSchema(schema, json, {
    sourceId,
    message: (where) => `Unexpected ${what} from Loki at ${where}.`,
    hint: 'Check that baseUrl points at Loki (2.9 or newer) through the console proxy.',
  });
}

const HINT_FOR_EXPECTED: Record<'streams' | 'matrix', string> = {
  streams: 'The logs view needs a log query (a stream selector with filters), not a metric query like rate(…) or sum(…).',
  matrix: 'The volume histogram needs a metric range query; a log query or an instant query cannot be charted.',
};

const NS_DIGITS = /^\d+$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The same test as `z.array(lokiStreamSchema)`, written out for the hot path: a page of 5,000
 * lines took zod 37 ms cold in Node (more in the browser, where zod runs without eval), and
 * this loop a fraction of that. It only says yes or no; when it says no, zod parses again to
 * name the first bad field. The lines are kept as parsed (zod would copy every tuple).
 */
export function isLokiStreams(value: unknown): value is LokiStream[] {
  if (!Array.isArray(value)) return false;
  for (const stream of value) {
    if (!isPlainObject(stream) || !isPlainObject(stream.stream) || !Array.isArray(stream.values)) return false;
    for (const label in stream.stream) if (typeof stream.stream[label] !== 'string') return false;
    for (const entry of stream.values as unknown[]) {
      if (!Array.isArray(entry) || (entry.length !== 2 && entry.length !== 3)) return false;
      if (typeof entry[0] !== 'string' || !NS_DIGITS.test(entry[0]) || typeof entry[1] !== 'string') return false;
      if (entry.length === 3 && !isPlainObject(entry[2])) return false;
    }
  }
  return true;
}

/** Envelope + resultType check: a mismatch is a 'parse' error with a hint about the query kind. */
export function parseLokiResult<K extends 'streams' | 'matrix'>(
  json: unknown,
  expected: K,
  sourceId: string,
): { envelope: LokiEnvelope; result: K extends 'streams' ? LokiStream[] : LokiMatrixSeries[] } {
  const envelope = parseLoki(lokiEnvelopeSchema, json, sourceId, 'query response');
  if (envelope.data.resultType !== expected) {
    throw new SourceError({
      code: 'parse',
      sourceId,
      message: `Loki returned a "${envelope.data.resultType}" result where "${expected}" was expected.`,
      hint: HINT_FOR_EXPECTED[expected],
    });
  }
  if (expected === 'streams' && isLokiStreams(envelope.data.result)) {
    return { envelope, result: envelope.data.result as K extends 'streams' ? LokiStream[] : LokiMatrixSeries[] };
  }
  const schema = expected === 'streams' ? z.array(lokiStreamSchema) : z.array(lokiMatrixSeriesSchema);
  const result = parseLoki(schema as z.ZodType<unknown>, envelope.data.result, sourceId, `${expected} result`);
  return { envelope, result: result as K extends 'streams' ? LokiStream[] : LokiMatrixSeries[] };
}

/**
 * `/loki/api/v1/patterns` (3.0+, pattern ingester): samples are `[<unix seconds>, <count>]`.
 * `level` appears from 3.6. `data` is lenient about null (an empty Go slice).
 */
export const lokiPatternsSchema = z.object({
  status: z.literal('success'),
  data: z
    .array(
      z.object({
        pattern: z.string(),
        level: z.string().optional(),
        samples: z.array(z.tuple([z.number(), z.number()])).nullable().default([]),
      }),
    )
    .nullable()
    .default([]),
});
export type LokiPatterns = z.infer<typeof lokiPatternsSchema>;

/** `/loki/api/v1/detected_fields` (3.0+): bare, not enveloped; `parsers` is null for structured metadata. */
export const lokiDetectedFieldsSchema = z.object({
  fields: z
    .array(
      z.object({
        label: z.string(),
        type: z.string(),
        cardinality: z.number(),
        parsers: z.array(z.string()).nullable().optional(),
        jsonPath: z.array(z.string()).nullable().optional(),
      }),
    )
    .nullable()
    .default([]),
  limit: z.number().optional(),
});
export type LokiDetectedFields = z.infer<typeof lokiDetectedFieldsSchema>;

/** `/loki/api/v1/detected_field/<name>/values` (3.3+): bare `{ values, limit }`; `values` null when there are none. */
export const lokiDetectedFieldValuesSchema = z.object({
  values: z.array(z.string()).nullable().default([]),
  limit: z.number().optional(),
});
export type LokiDetectedFieldValues = z.infer<typeof lokiDetectedFieldValuesSchema>;
