import { describe, expect, it } from 'vitest';
import { parseLokiResult } from './api-schemas';
import matrix from './fixtures/query_range.matrix.json';
import { parseSampleValue, toLogVolume } from './to-log-volume';

describe('toLogVolume', () => {
  it('maps the matrix fixture to ms buckets, oldest first', () => {
    const { result, envelope } = parseLokiResult(matrix, 'matrix', 'loki-test');
    expect(envelope.warnings).toEqual(['this is a warning']);
    const buckets = toLogVolume(result);
    expect(buckets).toEqual([
      { at: 1568404331324, counts: { unknown: 0.013333333333333334 + 3.45 } },
      { at: 1568404331339, counts: { unknown: 4.45 } },
    ]);
  });

  it('sums by normalized level and skips NaN and ±Inf', () => {
    const buckets = toLogVolume([
      { metric: { level: 'warn' }, values: [[10, '2'], [20, 'NaN']] },
      { metric: { detected_level: 'WARNING' }, values: [[10, '3'], [20, '+Inf']] },
      { metric: { level: 'ERROR' }, values: [[20, '-Inf'], [20.5, '1']] },
    ]);
    expect(buckets).toEqual([
      { at: 10_000, counts: { warning: 5 } },
      { at: 20_000, counts: {} },
      { at: 20_500, counts: { error: 1 } },
    ]);
  });

  it('parses special sample strings explicitly', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Infinity);
    expect(parseSampleValue('-Inf')).toBe(-Infinity);
    expect(parseSampleValue('')).toBeNaN();
    expect(parseSampleValue('1e3')).toBe(1000);
  });

  it('rejects a streams result where a matrix was expected, with a hint', () => {
    const streams = { status: 'success', data: { resultType: 'streams', result: [] } };
    expect(() => parseLokiResult(streams, 'matrix', 'loki-test')).toThrow(
      expect.objectContaining({ code: 'parse', hint: expect.stringMatching(/metric range query/) }),
    );
  });
});
