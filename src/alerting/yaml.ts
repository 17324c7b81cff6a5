/**
 * A tiny YAML emitter for the Loki ruler file: block mappings and sequences, every string
 * double-quoted with YAML escapes (so quotes, backslashes, newlines, `#`, `:`, `{}` and
 * backticks can never change the structure). Keys must be plain identifiers.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A YAML double-quoted scalar. */
export function yamlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return yamlString(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError('YAML: non-finite number');
  return String(v);
}

const isScalar = (v: YamlValue): v is string | number | boolean | null => v === null || typeof v !== 'object';

function emit(v: YamlValue, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isScalar(item) || (Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0)) {
        out.push(`${indent}- ${isScalar(item) ? scalar(item) : Array.isArray(item) ? '[]' : '{}'}`);
        continue;
      }
      const lines: string[] = [];
      emit(item, `${indent}  `, lines);
      const first = lines[0] ?? '';
      out.push(`${indent}- ${first.slice(indent.length + 2)}`, ...lines.slice(1));
    }
    return;
  }
  if (isScalar(v)) throw new TypeError('YAML: top level must be a mapping or a sequence');
  for (const [k, val] of Object.entries(v)) {
    if (!KEY.test(k)) throw new RangeError(`YAML: unsupported key "${k}"`);
    if (isScalar(val)) out.push(`${indent}${k}: ${scalar(val)}`);
    else if (Array.isArray(val) ? val.length === 0 : Object.keys(val).length === 0) out.push(`${indent}${k}: ${Array.isArray(val) ? '[]' : '{}'}`);
    else {
      out.push(`${indent}${k}:`);
      emit(val, Array.isArray(val) ? indent : `${indent}  `, out);
    }
  }
}

export function toYaml(v: YamlValue): string {
  const out: string[] = [];
  emit(v, '', out);
  return `${out.join('\n')}\n`;
}
