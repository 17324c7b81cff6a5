/**
 * Reading search and _msearch envelopes. Partial success is data: shard failures and timeouts
 * become warnings. `_msearch` item errors inside an HTTP 200 become a SourceError when every
 * item failed, or a warning when other items succeeded.
 */
import { SourceError } from '../source-error';
import { esMsearchResponseSchema, esSearchResponseSchema, parseEs, type EsSearchResponse } from './api-schemas';
import { esHttpError } from './client';

export interface SearchResult {
  response: EsSearchResponse;
  warnings: string[];
}

export function searchWarnings(response: EsSearchResponse): string[] {
  const warnings: string[] = [];
  const shards = response._shards;
  if (shards && shards.failed > 0) {
    const first = shards.failures?.[0]?.reason;
    const why = first ? `: ${first.type ?? 'error'}${first.reason ? `: ${first.reason}` : ''}` : '';
    warnings.push(`${shards.failed} of ${shards.total} shards failed, results are partial${why}`);
  }
  if (response.timed_out) warnings.push('The search timed out; results may be incomplete.');
  return warnings;
}

export function readSearchResponse(json: unknown, sourceId: string): SearchResult {
  const response = parseEs(esSearchResponseSchema, json, sourceId, 'search response');
  return { response, warnings: searchWarnings(response) };
}

export interface MsearchResult {
  /** One per request, in request order: a result, or the item's error. */
  items: Array<SearchResult | SourceError>;
  warnings: string[];
}

export function readMsearchResponse(json: unknown, sourceId: string): MsearchResult {
  const envelope = parseEs(esMsearchResponseSchema, json, sourceId, '_msearch response');
  const warnings: string[] = [];
  const items = envelope.responses.map((item, index): SearchResult | SourceError => {
    if (item.error !== undefined) {
      const error = esHttpError(sourceId, item.status ?? 500, item);
      warnings.push(`Search ${index + 1} of ${envelope.responses.length} failed: ${error.message}`);
      return error;
    }
    const result = readSearchResponse(item, sourceId);
    warnings.push(...result.warnings);
    return result;
  });
  return { items, warnings };
}

/** All items must succeed except that, when at least one did, failures degrade to warnings. */
export function requireSomeResults(result: MsearchResult): { results: Array<SearchResult | null>; warnings: string[] } {
  const firstError = result.items.find((i): i is SourceError => i instanceof SourceError);
  if (firstError && result.items.every((i) => i instanceof SourceError)) throw firstError;
  return {
    results: result.items.map((i) => (i instanceof SourceError ? null : i)),
    warnings: result.warnings,
  };
}
