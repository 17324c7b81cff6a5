import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { consoleKeys } from '@/lib/console-keys';
import { resolveRange } from '@/lib/time-range';
import type { TimeRangeSpec } from '@/lib/time-range';
import type { CapableSource } from '@/sources/sources-context';
import type { LogParams } from '../log-params';

/** Server-side patterns (Loki `/patterns`) for the current filters, one point per `stepMs`. */
export function logPatternsQuery(source: CapableSource<'logPatterns'>, params: LogParams, stepMs: number, range: TimeRangeSpec, now: () => number) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'logPatterns', { params, stepMs, range }),
    queryFn: ({ signal }) => source.adapter.capabilities.logPatterns(source.client, { ...params, stepMs }, { signal, range: resolveRange(range, now()) }),
  });
}

/**
 * Fields the server found by parsing the lines (Loki `/detected_fields`). A field filter changes
 * the params: the previous table stays up meanwhile (in any QueryClient), so an expanded field
 * and the button just clicked keep their place.
 */
export function detectedFieldsQuery(source: CapableSource<'detectedFields'>, params: LogParams, range: TimeRangeSpec, now: () => number) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'detectedFields', { params, range }),
    queryFn: ({ signal }) => source.adapter.capabilities.detectedFields(source.client, params, { signal, range: resolveRange(range, now()) }),
    placeholderData: keepPreviousData,
  });
}

/** The values of one detected field (Loki `/detected_field/<name>/values`), `name` as detectedFields reported it. */
export function detectedFieldValuesQuery(source: CapableSource<'detectedFieldValues'>, params: LogParams, name: string, range: TimeRangeSpec, now: () => number) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'detectedFieldValues', { params, name, range }),
    queryFn: ({ signal }) => source.adapter.capabilities.detectedFieldValues(source.client, { ...params, name }, { signal, range: resolveRange(range, now()) }),
    placeholderData: keepPreviousData,
  });
}
