/**
 * The mock Loki's `json` and `logfmt` parsers: what `/detected_fields` reports and what a
 * `| json` / `| logfmt` stage extracts, from one implementation, so a detected field's value
 * filters the lines it was found in. Keys are named as Loki names them (`sanitizeLabelKey`).
 */

export type FieldType = 'string' | 'int' | 'float' | 'boolean' | 'duration' | 'bytes';

export function typeOf(value: string): FieldType {
  if (/^-?\d+$/.test(value)) return 'int';
  if (/^-?\d+\.\d+$/.test(value)) return 'float';
  if (/^(true|false)$/i.test(value)) return 'boolean';
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return 'duration';
  if (/^\d+(\.\d+)?\s?([KMGTP]i?)?B$/.test(value)) return 'bytes';
  return 'string';
}

/** Loki's sanitizeLabelKey: trimmed, a leading digit prefixed with `_` (first key part only), other characters `_`. */
export function sanitizeKey(key: string, isPrefix: boolean): string {
  const trimmed = key.trim();
  const prefixed = isPrefix && /^[0-9]/.test(trimmed) ? `_${trimmed}` : trimmed;
  let out = '';
  for (const c of prefixed) out += /^[A-Za-z0-9_]$/.test(c) ? c : '_';
  return out;
}

/** Loki's json parser without parameters: nested keys flattened with `_`, arrays and nulls skipped. null: not a JSON object. */
export function jsonFields(line: string): Record<string, string> | null {
  if (!line.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = `${prefix}${sanitizeKey(k, prefix === '')}`;
      if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${key}_`);
      else if (!Array.isArray(v) && v !== null) out[key] = String(v);
    }
  };
  walk(value as Record<string, unknown>, '');
  return out;
}

/**
 * One `key=value` of Loki's logfmt decoder (pkg/logql/log/logfmt/decode.go) from `pos`: a key is
 * any run of non-space characters up to `=`; a bare word is a key with no value; a stray `=` or
 * `"` skips to the next space; `"…"` values unescape as JSON strings. `ok` false: nothing usable.
 */
function scanKeyval(line: string, from: number): { pos: number; ok: boolean; key: string; value: string } {
  let pos = from;
  while (pos < line.length && line.charCodeAt(pos) <= 32) pos++;
  const skip = () => {
    while (pos < line.length && line.charCodeAt(pos) > 32) pos++;
    return { pos, ok: false, key: '', value: '' };
  };
  if (pos >= line.length) return { pos, ok: false, key: '', value: '' };
  const start = pos;
  while (pos < line.length && line[pos] !== '=' && line.charCodeAt(pos) > 32) {
    if (line[pos] === '"') return skip();
    pos++;
  }
  const key = line.slice(start, pos);
  if (line[pos] !== '=') return { pos, ok: true, key, value: '' };
  if (pos === start) return skip();
  pos++;
  if (line[pos] === '"') {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(line.slice(pos));
    if (!m) return { pos: line.length, ok: false, key: '', value: '' };
    pos += m[0].length;
    try {
      return { pos, ok: true, key, value: m[0].includes('\\') ? (JSON.parse(m[0]) as string) : m[0].slice(1, -1) };
    } catch {
      return { pos, ok: false, key: '', value: '' };
    }
  }
  const vStart = pos;
  while (pos < line.length && line.charCodeAt(pos) > 32) {
    if (line[pos] === '=' || line[pos] === '"') return skip();
    pos++;
  }
  return { pos, ok: true, key, value: line.slice(vStart, pos) };
}

/** What Loki 3's `| logfmt` extracts: every pair it can read (later keys win), empty values left out. */
export function logfmtFields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let pos = 0; pos < line.length; ) {
    const kv = scanKeyval(line, pos);
    pos = kv.pos;
    const key = kv.ok ? sanitizeKey(kv.key, true) : '';
    if (key !== '' && kv.value !== '') out[key] = kv.value;
  }
  return out;
}

/**
 * A parser stage on one line: the fields become labels; a key that is already a stream label is
 * added as `<key>_extracted` (as Loki does). A line `| json` cannot read gets `__error__`.
 */
export function applyParser(parser: 'json' | 'logfmt', labels: Record<string, string>, stream: Record<string, string>, line: string): void {
  const fields = parser === 'json' ? jsonFields(line) : logfmtFields(line);
  if (fields === null) {
    labels.__error__ = 'JSONParserErr';
    labels.__error_details__ = 'Value looks like object, but can\'t find closing \'}\' symbol';
    return;
  }
  for (const [key, value] of Object.entries(fields)) labels[Object.hasOwn(stream, key) ? `${key}_extracted` : key] = value;
}
