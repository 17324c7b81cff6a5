// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { BadResponse } from './hostile-corpus';
import { assertSane, GENERIC_CASES, outcomeOf } from './hostile-corpus';

const CONFIG = { baseUrl: '/proxy/loki' };
const CAPS = ['logs', 'logVolume', 'logPatterns', 'detectedFields', 'detectedFieldValues', 'testConnection'] as const;
const ns = '1795860000000000000';
const streams = (result: unknown, extra: object = {}) => JSON.stringify({ status: 'success', data: { resultType: 'streams', result, ...extra } });
const manyLabels = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`l${i}`, 'v']));

/** Bad answers shaped like Loki's query_range / buildinfo envelopes. */
export const LOKI_CASES: BadResponse[] = [
  { name: 'status error inside a 200', body: '{"status":"error","errorType":"bad_data","error":"parse error"}' },
  { name: 'data null', body: '{"status":"success","data":null}' },
  { name: 'result is an object', body: streams({ a: 1 }) },
  { name: 'streams with null stream and values', body: streams([{ stream: null, values: null }]) },
  { name: 'entry is a 1-tuple', body: streams([{ stream: { job: 'x' }, values: [[ns]] }]) },
  { name: 'entry is a 4-tuple with objects', body: streams([{ stream: { job: 'x' }, values: [[ns, 'line', {}, { extra: true }]] }]) },
  { name: 'timestamp as a number', body: streams([{ stream: { job: 'x' }, values: [[1795860000000000000, 'line']] }]) },
  { name: 'timestamp NaN / 25 digits / negative', body: streams([{ stream: { job: 'x' }, values: [['NaN', 'a'], ['1'.repeat(25), 'b'], ['-5', 'c']] }]) },
  { name: 'line as an object', body: streams([{ stream: { job: 'x' }, values: [[ns, { html: '<script>' }]] }]) },
  { name: '10,000 labels on one stream', body: streams([{ stream: manyLabels, values: [[ns, 'line']] }]) },
  { name: '__proto__ as a label name', body: `{"status":"success","data":{"resultType":"streams","result":[{"stream":{"__proto__":{"polluted":"yes"},"job":"x"},"values":[["${ns}","l"]]}]}}` },
  { name: 'resultType matrix for a log query', body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, 'NaN'], [2, '+Inf']] }] } }) },
  { name: 'matrix with NaN, ±Inf and garbage values', body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { level: 'error' }, values: [[1795860000, 'NaN'], [1795860060, '+Inf'], [1795860120, '-Inf'], ['x', 'y'], [null, null]] }] } }) },
  { name: 'warnings as a string', body: streams([], { warnings: 'oops' }) },
  { name: 'stats with wrong types', body: streams([], { stats: { summary: 'fast' } }) },
  { name: 'buildinfo with a numeric version', body: '{"version":3,"revision":null}' },
];

describe('Loki adapter under hostile answers', () => {
  const cases = [...GENERIC_CASES, ...LOKI_CASES];
  it('has its share of the corpus', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, response) => {
    for (const cap of CAPS) {
      const outcome = await outcomeOf('loki', CONFIG, cap, response);
      expect(assertSane(outcome), cap).toBeNull();
    }
  });
});
