/**
 * The log parameters only some sources take (a pattern, field filters) live with the capability
 * that produces them (CapabilityParams), not in the shared LogQueryParams. Mostly compile-time
 * checks: `tsc` fails if a type drifts, `@ts-expect-error` fails if a call it marks compiles.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { captureSpineAdapter } from './capture-spine';
import { elasticsearchAdapter } from './elasticsearch';
import { lokiAdapter } from './loki';
import { supports } from './registry';
import type { AnySourceAdapter, FieldFilter, LogFilterParams, LogQueryParams, ParamsFrom, QueryContext, TailParams } from './source-adapter';

type LogsParams<A extends AnySourceAdapter> = Parameters<NonNullable<A['capabilities']['logs']>>[1];

describe('capability params', () => {
  it('ParamsFrom gives each capability its own parameters, together; none for the others', () => {
    expectTypeOf<ParamsFrom<'logs'>>().toEqualTypeOf<unknown>();
    expectTypeOf<ParamsFrom<'logs' | 'logVolume'>>().toEqualTypeOf<unknown>();
    expectTypeOf<ParamsFrom<'logPatterns'>>().toEqualTypeOf<{ pattern?: string }>();
    expectTypeOf<ParamsFrom<'logs' | 'detectedFields'>>().toEqualTypeOf<{ fields?: FieldFilter[] }>();
    expectTypeOf<ParamsFrom<'logPatterns' | 'detectedFields'>>().toEqualTypeOf<{ pattern?: string } & { fields?: FieldFilter[] }>();
  });

  it('the shared parameters carry nothing source-specific', () => {
    for (const shared of [expectTypeOf<LogQueryParams>(), expectTypeOf<LogFilterParams>(), expectTypeOf<TailParams>()]) {
      shared.not.toHaveProperty('pattern');
      shared.not.toHaveProperty('fields');
    }
  });

  it('an adapter without logPatterns or detectedFields takes neither, so it has nothing to reject', () => {
    for (const adapter of [elasticsearchAdapter, captureSpineAdapter]) {
      expect(supports(adapter, 'logPatterns')).toBe(false);
      expect(supports(adapter, 'detectedFields')).toBe(false);
    }
    expectTypeOf<LogsParams<typeof elasticsearchAdapter>>().not.toHaveProperty('pattern');
    expectTypeOf<LogsParams<typeof elasticsearchAdapter>>().not.toHaveProperty('fields');
    expectTypeOf<LogsParams<typeof captureSpineAdapter>>().not.toHaveProperty('pattern');
    expectTypeOf<LogsParams<typeof captureSpineAdapter>>().not.toHaveProperty('fields');
  });

  it('Loki takes both, with the capabilities that produce them', () => {
    expect(supports(lokiAdapter, 'logPatterns')).toBe(true);
    expect(supports(lokiAdapter, 'detectedFields')).toBe(true);
    expectTypeOf<LogsParams<typeof lokiAdapter>>().toHaveProperty('pattern').toEqualTypeOf<string | undefined>();
    expectTypeOf<LogsParams<typeof lokiAdapter>>().toHaveProperty('fields').toEqualTypeOf<FieldFilter[] | undefined>();
  });

  it('supports() is how a caller learns which it may send', () => {
    // Never called: what matters is that it compiles, the marked lines excepted.
    const send = (adapter: AnySourceAdapter, ctx: QueryContext) => {
      if (!supports(adapter, 'logs')) return;
      void adapter.capabilities.logs(null, { limit: 1, text: 'x' }, ctx);
      // @ts-expect-error no logPatterns known: no pattern
      void adapter.capabilities.logs(null, { limit: 1, pattern: 'x' }, ctx);
      // @ts-expect-error no detectedFields known: no field filters
      void adapter.capabilities.logs(null, { limit: 1, fields: [] }, ctx);
      if (supports(adapter, 'logPatterns')) {
        void adapter.capabilities.logs(null, { limit: 1, pattern: 'x' }, ctx);
        // @ts-expect-error logPatterns produces a pattern, not field filters
        void adapter.capabilities.logs(null, { limit: 1, fields: [] }, ctx);
      }
      if (supports(adapter, 'detectedFields')) void adapter.capabilities.logs(null, { limit: 1, fields: [] }, ctx);
    };
    expect(send).toBeTypeOf('function');
  });
});
