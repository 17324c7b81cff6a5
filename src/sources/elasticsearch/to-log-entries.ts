/** ES hits → LogEntry[] (pure). Order is the search's sort order; ids are `<index>/<_id>`. */
import { flatJoin } from '@/lib/flat-join';
import type { LogEntry } from '@/lib/model';
import { isoToNs, msToNs, normalizeNs } from '@/lib/nanotime';
import type { EsHit } from './api-schemas';
import type { EsFields } from './config';
import { firstString, fieldValues, flattenHit, textValue } from './fields';
import { normalizeLevel, sniffLevel } from '@/lib/log-level';

/**
 * A time value → ns string without a JS number in between: ISO strings keep up to 9 fractional
 * digits (date_nanos); BigInt values are ns (date_nanos sort values, kept exact by
 * parseJsonLossless); digit strings of 16+ digits are ns, shorter ones epoch ms; numbers are epoch ms.
 */
export function timeToNs(value: unknown): string | null {
  if (typeof value === 'bigint') return value >= 0n ? value.toString() : null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? msToNs(value) : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return v.length >= 16 ? normalizeNs(v) : msToNs(Number(v));
  if (/^\d+\.\d+$/.test(v)) return msToNs(Number(v));
  return isoToNs(v);
}

function hitTimeNs(hit: EsHit, timestampField: string): string {
  for (const value of [...fieldValues(hit, timestampField), hit.sort?.[0]]) {
    const ns = timeToNs(value);
    if (ns !== null) return ns;
  }
  return '0';
}

export function toLogEntry(hit: EsHit, fields: EsFields): LogEntry {
  const message = textValue(hit, fields.message) ?? '';
  const stack = textValue(hit, fields.stackTrace);
  const rawLevel = firstString(hit, fields.level);
  const service = firstString(hit, fields.service);
  const labels = flattenHit(hit, new Set([fields.message]));
  labels._index = hit._index;
  return {
    id: flatJoin([hit._index, '/', hit._id]),
    timeNs: hitTimeNs(hit, fields.timestamp),
    service,
    level: normalizeLevel(rawLevel) ?? sniffLevel(message),
    message,
    labels,
    raw: stack && !message.includes(stack) ? `${message}\n${stack}` : message,
    streamId: flatJoin([hit._index, '|', service ?? '']),
  };
}

export function toLogEntries(hits: readonly EsHit[], fields: EsFields): LogEntry[] {
  return hits.map((hit) => toLogEntry(hit, fields));
}
