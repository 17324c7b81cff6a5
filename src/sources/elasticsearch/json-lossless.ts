/**
 * Lossless JSON for ES: integers beyond 2^53 (date_nanos sort values, `long` fields) become
 * BigInt on the way in and raw number literals on the way out, so `search_after` sends back
 * exactly what ES sent. (A numeric *string* would not do: ES parses a string search_after value
 * for a date_nanos field with the field's date format, not as nanoseconds.)
 * Strings are skipped by a small scanner, so digits inside string values are never touched.
 */
const BIG = '\u0000#big#';
const BIG_ESCAPED = '\\u0000#big#';
const BIG_LITERAL = /"\\u0000#big#(-?\d+)"/g;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function parseJsonLossless(text: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  let found = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      i += 1;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (c === '-' || isDigit(c)) {
      const start = i;
      if (c === '-') i += 1;
      while (isDigit(text[i])) i += 1;
      const intEnd = i;
      let float = false;
      while (i < n && /[.eE+\-\d]/.test(text[i] as string)) {
        float = true;
        i += 1;
      }
      const literal = text.slice(start, intEnd);
      if (!float && literal.replace('-', '').length > 15 && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(last, start)}"${BIG_ESCAPED}${literal}"`;
        last = intEnd;
        found = true;
      }
      continue;
    }
    i += 1;
  }
  if (!found) return JSON.parse(text) as unknown;
  return JSON.parse(out + text.slice(last), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BIG) ? BigInt(value.slice(BIG.length)) : value,
  ) as unknown;
}

/** JSON.stringify that writes BigInt values as exact number literals. */
export function stringifyJsonLossless(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${BIG}${v.toString()}` : v));
  return text.replace(BIG_LITERAL, '$1');
}
