import { describe, expect, it } from 'vitest';
import { lokiPatternsSchema } from './api-schemas';
import patterns from './fixtures/patterns.json';
import withLevel from './fixtures/patterns.with-level.json';
import { toLogPatterns } from './to-log-patterns';

describe('toLogPatterns', () => {
  it('normalizes /patterns (pre-3.6): totals, ms samples, most frequent first, no level', () => {
    const report = toLogPatterns(lokiPatternsSchema.parse(patterns));
    expect(report.patterns).toHaveLength(2);
    expect(report.patterns[0]).toEqual({
      pattern: '<_> caller=grpc_logging.go:66 <_> level=info method=/cortex.Ingester/Push <_> msg=gRPC',
      level: null,
      total: 523,
      samples: [
        { at: 1711839260000, count: 105 },
        { at: 1711839270000, count: 222 },
        { at: 1711839280000, count: 196 },
      ],
    });
    expect(report.patterns[1]?.total).toBe(4);
  });

  it('reads the 3.6+ level, merges samples at the same second, breaks ties by text', () => {
    const report = toLogPatterns(lokiPatternsSchema.parse(withLevel));
    expect(report.patterns.map((p) => [p.pattern, p.level, p.total])).toEqual([
      ['foo <*> bar', 'info', 3],
      ['foo <*> buzz', 'info', 3],
    ]);
    expect(report.patterns[1]?.samples).toEqual([{ at: 3000, count: 3 }]);
  });

  it('accepts data: null and samples: null (empty Go slices), and millisecond timestamps', () => {
    expect(toLogPatterns(lokiPatternsSchema.parse({ status: 'success', data: null })).patterns).toEqual([]);
    const report = toLogPatterns(lokiPatternsSchema.parse({ status: 'success', data: [{ pattern: 'a <_>', samples: null }, { pattern: 'b <_>', samples: [[1711839260000, 2]] }] }));
    expect(report.patterns.map((p) => p.total)).toEqual([2, 0]);
    expect(report.patterns[0]?.samples).toEqual([{ at: 1711839260000, count: 2 }]);
  });

  it('marks a pattern Loki sent without its spaces (lines that start with one), and only that one', () => {
    const report = toLogPatterns(lokiPatternsSchema.parse({ status: 'success', data: [{ pattern: 'File"<_>",line<_>,in<_>', samples: [[1, 3]] }, { pattern: 'GET <_> 200', samples: [[1, 2]] }] }));
    expect(report.patterns.map((p) => [p.pattern, p.spacesLost])).toEqual([
      ['File"<_>",line<_>,in<_>', true],
      ['GET <_> 200', undefined],
    ]);
  });

  it('rejects what is not a patterns response', () => {
    expect(lokiPatternsSchema.safeParse({ status: 'error', data: [] }).success).toBe(false);
    expect(lokiPatternsSchema.safeParse({ status: 'success', data: [{ pattern: 'x', samples: [['1', 2]] }] }).success).toBe(false);
  });
});
