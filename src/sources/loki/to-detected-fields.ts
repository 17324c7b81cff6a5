/** Loki `/detected_fields` → DetectedFieldReport. Pure. */
import type { DetectedField, DetectedFieldReport } from '@/lib/model';
import type { LokiDetectedFields } from './api-schemas';
import { FIELD_PARSERS, isLabelName, sanitizeLabelName } from './logql';

const FIELD_TYPES = new Set<DetectedField['type']>(['string', 'int', 'float', 'boolean', 'duration', 'bytes']);

/**
 * Whether a label filter can name the field. A parsed field is named as Loki's parser names it
 * (sanitized: Loki reports it that way already, so this only guards odd answers); structured
 * metadata is compared under its own name, so a name LogQL cannot express is not filterable.
 */
export function fieldFilterTarget(name: string, parsers: readonly string[]): DetectedField['filter'] {
  const unknown = parsers.find((p) => !FIELD_PARSERS.includes(p));
  if (unknown !== undefined) return { ok: false, reason: `Loki found it with the ${unknown} parser; the console adds json and logfmt stages only.` };
  const label = parsers.length > 0 ? sanitizeLabelName(name) : name;
  if (isLabelName(label)) return { ok: true, label };
  return {
    ok: false,
    reason: parsers.length > 0 ? 'Its name is empty once sanitized as Loki does.' : 'It is structured metadata whose name is not a LogQL label name, so no label filter can name it.',
  };
}

/** Loki `/detected_fields` → DetectedFieldReport, highest cardinality first. Unknown types read as string. */
export function toDetectedFields(response: LokiDetectedFields): DetectedFieldReport {
  const warnings: string[] = [];
  const fields = (response.fields ?? [])
    .map((f): DetectedField => {
      const parsers = f.parsers ?? [];
      return {
        name: f.label,
        type: FIELD_TYPES.has(f.type as DetectedField['type']) ? (f.type as DetectedField['type']) : 'string',
        cardinality: Math.max(0, Math.round(f.cardinality)),
        parsers,
        filter: fieldFilterTarget(f.label, parsers),
      };
    })
    .sort((a, b) => b.cardinality - a.cardinality || a.name.localeCompare(b.name));
  if (response.limit !== undefined && fields.length >= response.limit) {
    warnings.push(`Loki listed only the first ${response.limit} fields.`);
  }
  return { fields, warnings };
}
