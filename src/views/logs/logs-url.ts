import type { LogLevel } from '@/lib/model';
import type { FieldFilter } from '@/sources/source-adapter';
import { formatFieldFilter, parseFieldFilter } from './field-filters';

export const LEVELS: LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug', 'trace', 'unknown'];

/** Everything the Logs view shows lives in the URL, so a link reproduces it (down to one line). */
export interface LogsUrlState {
  source: string | null;
  text: string;
  raw: string;
  services: string[];
  levels: LogLevel[];
  line: string | null;
  utc: boolean;
  limit: number;
  live: boolean;
  /** A log pattern filtering the lines (Loki `|>` on the server, else the mined pattern here). */
  pattern: string;
  /** The Patterns panel is open. */
  patterns: boolean;
  /** Filters on detected fields (Loki), one `field` parameter each (see field-filters.ts). */
  fields: FieldFilter[];
}

/**
 * The parameters a saved search keeps: what defines the search, not the selected line or the
 * live tail. Nor the time range: like Kibana Discover and Grafana's query library, a saved search
 * is opened over the range picked now ("these errors, in the last hour").
 */
export const SAVED_LOGS_PARAMS = ['source', 'q', 'raw', 'service', 'level', 'pattern', 'field', 'limit', 'tz', 'panel'] as const;

export const LIMITS = [100, 500, 1000, 5000] as const;
const DEFAULT_LIMIT = 1000;

export function readLogsUrl(params: URLSearchParams): LogsUrlState {
  const limit = Number(params.get('limit'));
  return {
    source: params.get('source'),
    text: params.get('q') ?? '',
    raw: params.get('raw') ?? '',
    services: params.getAll('service').filter(Boolean),
    levels: params.getAll('level').filter((l): l is LogLevel => (LEVELS as string[]).includes(l)),
    line: params.get('line'),
    utc: params.get('tz') === 'utc',
    limit: (LIMITS as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
    live: params.get('live') === '1',
    pattern: params.get('pattern') ?? '',
    patterns: params.get('panel') === 'patterns',
    fields: params.getAll('field').flatMap((text) => parseFieldFilter(text) ?? []),
  };
}

export function writeLogsUrl(params: URLSearchParams, patch: Partial<LogsUrlState>): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null | undefined) => {
    if (value) next.set(key, value);
    else next.delete(key);
  };
  if ('source' in patch) set('source', patch.source);
  if ('text' in patch) set('q', patch.text);
  if ('raw' in patch) set('raw', patch.raw);
  if ('line' in patch) set('line', patch.line);
  if ('utc' in patch) set('tz', patch.utc ? 'utc' : null);
  if ('live' in patch) set('live', patch.live ? '1' : null);
  if ('pattern' in patch) set('pattern', patch.pattern);
  if ('patterns' in patch) set('panel', patch.patterns ? 'patterns' : null);
  if ('limit' in patch) set('limit', patch.limit === DEFAULT_LIMIT ? null : String(patch.limit));
  if (patch.services) {
    next.delete('service');
    for (const s of patch.services) next.append('service', s);
  }
  if (patch.levels) {
    next.delete('level');
    for (const l of patch.levels) next.append('level', l);
  }
  if (patch.fields) {
    next.delete('field');
    for (const f of patch.fields) next.append('field', formatFieldFilter(f));
  }
  return next;
}
