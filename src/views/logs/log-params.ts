/** What the Logs view asks a source for: its filters, and the adapter params made of them. */
import type { LogLevel } from '@/lib/model';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import type { FieldFilter, LogFilterParams, ParamsFrom } from '@/sources/source-adapter';

export interface LogFilters {
  text: string;
  raw: string;
  services: string[];
  levels: LogLevel[];
  /** The selected pattern; '' for none. Sent only to a source with `logPatterns`. */
  pattern: string;
  /** Field filters; [] for none. Sent only to a source with `detectedFields`. */
  fields: FieldFilter[];
}

/** The filter params the Logs view sends: the shared ones, and those the source's own capabilities produced. */
export type LogParams = LogFilterParams & ParamsFrom<'logPatterns' | 'detectedFields'>;

/**
 * The adapter's filter params (empty filters left out, so they do not split the cache key). A
 * pattern goes only to a source with `logPatterns` (for the others the console filters the loaded
 * lines by the mined pattern: usePatternFilter), field filters only to one with `detectedFields`.
 */
export function queryParams(source: Pick<ResolvedSource, 'adapter'>, f: LogFilters): LogParams {
  return {
    ...(f.text ? { text: f.text } : {}),
    ...(f.raw ? { raw: f.raw } : {}),
    ...(f.services.length ? { services: f.services } : {}),
    ...(f.levels.length ? { levels: f.levels } : {}),
    ...(f.pattern && supports(source.adapter, 'logPatterns') ? { pattern: f.pattern } : {}),
    ...(f.fields.length && supports(source.adapter, 'detectedFields') ? { fields: f.fields } : {}),
  };
}
