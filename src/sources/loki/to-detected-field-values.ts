/** Loki `/detected_field/<name>/values` → DetectedFieldValues. Pure. */
import type { DetectedFieldValues } from '@/lib/model';
import type { LokiDetectedFieldValues } from './api-schemas';

const NATURAL = new Intl.Collator('en', { numeric: true });

/** Distinct values in natural order (`2` before `10`); a warning when Loki's value limit was reached. */
export function toDetectedFieldValues(name: string, response: LokiDetectedFieldValues): DetectedFieldValues {
  const values = [...new Set(response.values ?? [])].sort((a, b) => NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  const warnings = response.limit !== undefined && values.length >= response.limit ? [`Loki listed only the first ${response.limit} values of ${name}.`] : [];
  return { name, values, warnings };
}
