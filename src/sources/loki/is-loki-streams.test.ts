import { describe, expect, it } from 'vitest';
import { z } from '@/lib/zod';
import { isLokiStreams, lokiStreamSchema } from './api-schemas';

const zodSays = (v: unknown) => z.array(lokiStreamSchema).safeParse(v).success;

describe('isLokiStreams (the hot-path check) agrees with the zod schema', () => {
  const ok = (values: unknown[], stream: unknown = { app: 'api' }) => [{ stream, values }];
  const samples: [string, unknown][] = [
    ['two-tuples', ok([['1795838351004392351', 'GET /health 200'], ['1795838351004392350', '']])],
    ['three-tuples with metadata', ok([['1', 'x', { trace_id: 'abc' }], ['2', 'y', {}]])],
    ['3.x categorized metadata', ok([['1', 'x', { structuredMetadata: { a: 'b' }, parsed: {} }]])],
    ['no streams', []],
    ['a stream without values', ok([])],
    ['not an array', { stream: {}, values: [] }],
    ['null stream', [null]],
    ['labels not strings', ok([['1', 'x']], { app: 1 })],
    ['labels missing', [{ values: [['1', 'x']] }]],
    ['labels an array', ok([['1', 'x']], ['a'])],
    ['values not an array', [{ stream: {}, values: 'x' }]],
    ['timestamp a number', ok([[1, 'x']])],
    ['timestamp a float string', ok([['1.5', 'x']])],
    ['timestamp negative', ok([['-1', 'x']])],
    ['timestamp empty', ok([['', 'x']])],
    ['line not a string', ok([['1', 5]])],
    ['one element', ok([['1']])],
    ['four elements', ok([['1', 'x', {}, {}]])],
    ['metadata null', ok([['1', 'x', null]])],
    ['metadata an array', ok([['1', 'x', []]])],
    ['metadata a string', ok([['1', 'x', 'meta']])],
    ['entry an object', ok([{ ts: '1', line: 'x' }])],
  ];
  for (const [name, value] of samples) {
    it(name, () => {
      expect(isLokiStreams(value)).toBe(zodSays(value));
    });
  }
});
