/**
 * Reading ECS fields from a hit. `_source` keys may be nested objects (`{log:{level}}`), flat
 * dotted keys (`{"log.level"}`) or a mix (`{log:{"file.path"}}`); `fields` values are arrays.
 */
import type { EsHit } from './api-schemas';
import { stringifyJsonLossless } from './json-lossless';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves `a.b.c` against nested objects and dotted keys, trying the longest key first. */
export function resolvePath(source: unknown, path: string): unknown {
  if (!isRecord(source)) return undefined;
  if (path in source) return source[path];
  const segments = path.split('.');
  for (let i = segments.length - 1; i >= 1; i -= 1) {
    const head = segments.slice(0, i).join('.');
    if (head in source) {
      const found = resolvePath(source[head], segments.slice(i).join('.'));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function scalarToString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return null;
}

/** All scalar values of a field: from `fields` first (display-formatted), else `_source`. */
export function fieldValues(hit: EsHit, path: string): unknown[] {
  const fromFields = hit.fields?.[path];
  if (fromFields && fromFields.length > 0) return fromFields;
  const fromSource = resolvePath(hit._source, path);
  if (fromSource === undefined || fromSource === null) return [];
  return Array.isArray(fromSource) ? fromSource : [fromSource];
}

/** First non-empty scalar of the first path that has one, as a string. */
export function firstString(hit: EsHit, paths: readonly string[]): string | null {
  for (const path of paths) {
    for (const value of fieldValues(hit, path)) {
      const s = scalarToString(value);
      if (s !== null && s !== '') return s;
    }
  }
  return null;
}

/** A text field whose value may be an array of lines: joined, kept intact (multi-line stays one). */
export function textValue(hit: EsHit, path: string): string | null {
  const values = fieldValues(hit, path)
    .map(scalarToString)
    .filter((v): v is string => v !== null);
  return values.length > 0 ? values.join('\n') : null;
}

/** `_source` flattened to dotted keys with string values; `fields` fill in what `_source` lacks. */
export function flattenHit(hit: EsHit, skip: ReadonlySet<string> = new Set()): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, prefix: string, depth: number): void => {
    if (skip.has(prefix) || value === null || value === undefined) return;
    if (isRecord(value) && depth < 8) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
      return;
    }
    if (Array.isArray(value)) {
      const scalars = value.map(scalarToString).filter((v): v is string => v !== null);
      if (scalars.length === value.length) out[prefix] = scalars.join(', ');
      else out[prefix] = stringifyJsonLossless(value);
      return;
    }
    const s = scalarToString(value);
    out[prefix] = s ?? stringifyJsonLossless(value);
  };
  walk(hit._source ?? {}, '', 0);
  for (const [key, values] of Object.entries(hit.fields ?? {})) {
    if (skip.has(key) || key in out) continue;
    const scalars = values.map(scalarToString).filter((v): v is string => v !== null);
    if (scalars.length > 0) out[key] = scalars.join(', ');
  }
  return out;
}
