/** Loki `/detected_fields` → DetectedFieldReport. Pure. */
import type { DetectedField, DetectedFieldReport } from '@/lib/model';
import type { LokiDetectedFields } from './api-schemas';

const FIELD_TYPES = new Set<DetectedField['type']>(['string', 'int', 'float', 'boolean', 'duration', 'bytes']);

/** Loki `/detected_fields` → DetectedFieldReport, highest cardinality first. Unknown types read as string. */
export function toDetectedFields(response: LokiDetectedFields): DetectedFieldReport {
  const warnings: string[] = [];
  const fields = (response.fields ?? [])
    .map(
      (f): DetectedField => ({
        name: f.label,
        type: FIELD_TYPES.has(f.type as DetectedField['type']) ? (f.type as DetectedField['type']) : 'string',
        cardinality: Math.max(0, Math.round(f.cardinality)),
        parsers: f.parsers ?? [],
      }),
    )
    .sort((a, b) => b.cardinality - a.cardinality || a.name.localeCompare(b.name));
  if (response.limit !== undefined && fields.length >= response.limit) {
    warnings.push(`Loki listed only the first ${response.limit} fields.`);
  }
  return { fields, warnings };
}
