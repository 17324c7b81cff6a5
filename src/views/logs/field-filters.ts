/**
 * Field filters as the Logs view keeps them: in the URL (one `field` parameter each), toggled from
 * the Detected fields tab, removed from their chips. The source turns them into its query language
 * (Loki: label-filter stages after the field's parser); nothing here writes LogQL.
 */
import type { FieldFilter } from '@/sources/source-adapter';

/**
 * `<parsers>:<field><op><value>`: `logfmt:status=500`, `json,logfmt:level!=info`, `:trace_id=abc`
 * (structured metadata). The field cannot hold `:`, `=` or `!`; the value is the rest, verbatim.
 */
export function formatFieldFilter(f: FieldFilter): string {
  return `${f.parsers.join(',')}:${f.field}${f.op}${f.value}`;
}

const URL_FORM = /^([a-z,]*):([^:=!]+)(!=|=)([\s\S]*)$/;

/** The URL form back, or null when it is not one (a hand-edited link): such a parameter is ignored. */
export function parseFieldFilter(text: string): FieldFilter | null {
  const m = URL_FORM.exec(text);
  if (!m) return null;
  const [, parsers = '', field = '', op, value = ''] = m;
  return { field, parsers: parsers.split(',').filter(Boolean), op: op === '!=' ? '!=' : '=', value };
}

export const sameFieldFilter = (a: FieldFilter, b: FieldFilter) => a.field === b.field && a.op === b.op && a.value === b.value;

/**
 * A click on "Filter for" / "Filter out": the same filter again removes it; otherwise it replaces
 * the opposite filter on that value (a value is either kept or dropped) and is added at the end.
 */
export function toggleFieldFilter(filters: readonly FieldFilter[], next: FieldFilter): FieldFilter[] {
  if (filters.some((f) => sameFieldFilter(f, next))) return filters.filter((f) => !sameFieldFilter(f, next));
  return [...filters.filter((f) => !(f.field === next.field && f.value === next.value)), next];
}

/** `status = 500` / `status != 500`, for chips and accessible names; an empty value reads `(empty)`. */
export function describeFieldFilter(f: Pick<FieldFilter, 'field' | 'op' | 'value'>): string {
  return `${f.field} ${f.op} ${f.value === '' ? '(empty)' : f.value}`;
}
