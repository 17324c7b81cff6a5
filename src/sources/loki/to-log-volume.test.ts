import { describe, expect, it } from 'vitest';
import { parseLokiResult } from './api-schemas';
import { createLokiClient } from './client';
import { lokiConfigSchema } from './config';
import matrix from './fixtures/query_range.matrix.json';
import { lokiLogVolume } from './log-volume';
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

  it('places each sample at its window start when given the window (Loki stamps the window end)', () => {
    const { result } = parseLokiResult(matrix, 'matrix', 'loki-test');
    expect(toLogVolume(result, [], 15)).toEqual([
      { at: 1568404331324 - 15, counts: { unknown: 0.013333333333333334 + 3.45 } },
      { at: 1568404331339 - 15, counts: { unknown: 4.45 } },
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

describe('lokiLogVolume: buckets start at `at`', () => {
  it('asks for samples from one step after the range start and moves each back one step', async () => {
    const asked: URLSearchParams[] = [];
    const fetchImpl = (async (input: RequestInfo | URL) => {
      asked.push(new URL(String(input), 'http://console.test').searchParams);
      return Response.json(matrix);
    }) as typeof fetch;
    const client = createLokiClient(lokiConfigSchema.parse({ baseUrl: '/proxy/loki', selector: '{job=~".+"}' }), { sourceId: 'loki-test', fetch: fetchImpl, now: () => 0 });
    const from = 1568404331324 - 2 * 60_000;
    const buckets = await lokiLogVolume(client, { stepMs: 60_000 }, { signal: new AbortController().signal, range: { from, to: from + 5 * 60_000 } });
    expect(asked[0]?.get('start')).toBe(`${from + 60_000}000000`);
    expect(asked[0]?.get('end')).toBe(`${from + 5 * 60_000}000000`);
    expect(asked[0]?.get('step')).toBe('1m');
    // The fixture's sample at 1568404331.324 counts (t − 1m, t]: the bucket that starts 1m earlier.
    expect(buckets.map((b) => b.at)).toEqual([1568404331324 - 60_000, 1568404331339 - 60_000]);
  });

  it('a range shorter than the step is one sample at its end, for the bucket at its start', async () => {
    const asked: URLSearchParams[] = [];
    const fetchImpl = (async (input: RequestInfo | URL) => {
      asked.push(new URL(String(input), 'http://console.test').searchParams);
      return Response.json({ status: 'success', data: { resultType: 'matrix', result: [] } });
    }) as typeof fetch;
    const client = createLokiClient(lokiConfigSchema.parse({ baseUrl: '/proxy/loki', selector: '{job=~".+"}' }), { sourceId: 'loki-test', fetch: fetchImpl, now: () => 0 });
    await lokiLogVolume(client, { stepMs: 60_000 }, { signal: new AbortController().signal, range: { from: 1_700_000_000_000, to: 1_700_000_030_000 } });
    expect(asked[0]?.get('start')).toBe('1700000060000000000');
    expect(asked[0]?.get('end')).toBe('1700000060000000000');
  });
});
