/** Raw JSON checked against a zod schema at the adapter boundary: schema drift is a 'parse' SourceError. */
import type { z } from '@/lib/zod';
import { SourceError } from './source-error';

export interface SchemaFailure {
  sourceId: string;
  /** The message, given where the first mismatch is and what it is: `services.0.status: Invalid option`. */
  message: (where: string) => string;
  hint: string;
}

/** `schema`'s data, or a SourceError('parse') whose message names the first field that did not match. */
export function parseWithSchema<T>(schema: z.ZodType<T>, value: unknown, failure: SchemaFailure): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : '(root): invalid';
  throw new SourceError({ code: 'parse', sourceId: failure.sourceId, message: failure.message(where), hint: failure.hint, cause: result.error });
}
