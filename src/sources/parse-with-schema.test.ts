import { describe, expect, it } from 'vitest';
import { z } from '@/lib/zod';
import { parseWithSchema } from './parse-with-schema';
import { SourceError } from './source-error';

const schema = z.object({ services: z.array(z.object({ status: z.enum(['ok', 'down']) })) });
const failure = { sourceId: 's', message: (where: string) => `Unexpected dashboard at ${where}.`, hint: 'check the API' };

describe('parseWithSchema', () => {
  it('returns the data that matches', () => {
    expect(parseWithSchema(schema, { services: [{ status: 'ok' }] }, failure)).toEqual({ services: [{ status: 'ok' }] });
  });

  it('throws a parse SourceError that names the first field that did not match', () => {
    const error = (() => {
      try {
        parseWithSchema(schema, { services: [{ status: 'green' }] }, failure);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'parse', sourceId: 's', hint: 'check the API' });
    expect((error as SourceError).message).toMatch(/^Unexpected dashboard at services\.0\.status: .+\.$/);
    expect(() => parseWithSchema(schema, 'nope', failure)).toThrow(/at \(root\): /);
  });
});
