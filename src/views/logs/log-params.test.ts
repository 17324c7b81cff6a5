import { describe, expect, it } from 'vitest';
import { captureSpineAdapter } from '@/sources/capture-spine';
import { elasticsearchAdapter } from '@/sources/elasticsearch';
import { lokiAdapter } from '@/sources/loki';
import type { FieldFilter } from '@/sources/source-adapter';
import { queryParams } from './log-params';
import type { LogFilters } from './log-params';

const status: FieldFilter = { field: 'status', parsers: ['logfmt'], op: '=', value: '500' };
const all: LogFilters = { text: 'timeout', raw: '', services: ['api'], levels: ['error'], pattern: '<_> GET <_>', fields: [status] };

describe('queryParams', () => {
  it('leaves empty filters out, so they do not split the cache key', () => {
    expect(queryParams({ adapter: lokiAdapter }, { text: '', raw: '', services: [], levels: [], pattern: '', fields: [] })).toEqual({});
  });

  it('sends a pattern and field filters to a source whose logPatterns and detectedFields produced them', () => {
    expect(queryParams({ adapter: lokiAdapter }, all)).toEqual({ text: 'timeout', services: ['api'], levels: ['error'], pattern: '<_> GET <_>', fields: [status] });
  });

  it('sends neither to a source without those capabilities: the shared filters only', () => {
    for (const adapter of [elasticsearchAdapter, captureSpineAdapter]) {
      expect(queryParams({ adapter }, all)).toEqual({ text: 'timeout', services: ['api'], levels: ['error'] });
    }
  });
});
