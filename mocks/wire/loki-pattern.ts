/**
 * Loki's pattern syntax for the mock's `|>` / `!>` line filters (3.0+). Semantics follow Loki's pkg/logql/log/pattern: `<_>` and
 * `<name>` are captures, everything else is literal; two captures in a row are a parse error;
 * a line matches when the literals occur in order with no empty capture, ending on a literal
 * only at the end of the line (ending on a capture needs some text left).
 */
import { LogqlParseError } from './logql-syntax';

export type PatternPart = { literal: string } | { capture: string };

const CAPTURE = /<([A-Za-z_][A-Za-z0-9_]*)>/g;

/** The parts of a pattern; a bad one throws Loki's error for the `op` ("|>" or "!>") stage. */
export function parseLinePattern(src: string, op = '|>'): PatternPart[] {
  const parts: PatternPart[] = [];
  let last = 0;
  for (const m of src.matchAll(CAPTURE)) {
    const at = m.index;
    if (at > last) parts.push({ literal: src.slice(last, at) });
    const prev = parts[parts.length - 1];
    if (prev && 'capture' in prev) throw new LogqlParseError(null, `stage '${op} ${JSON.stringify(src)}' : found consecutive capture '<${prev.capture}>${m[0]}': invalid expression`);
    parts.push({ capture: m[1] as string });
    last = at + m[0].length;
  }
  if (last < src.length) parts.push({ literal: src.slice(last) });
  return parts;
}

/** Loki's `Matcher.Test`. */
export function testLinePattern(parts: readonly PatternPart[], line: string): boolean {
  if (line.length === 0 || parts.length === 0) return line.length === 0 && parts.length === 0;
  let off = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as PatternPart;
    if (!('literal' in part)) continue;
    const j = line.indexOf(part.literal, off);
    if (j === -1) return false;
    if (i !== 0 && j === off) return false;
    off = j + part.literal.length;
  }
  const endsOnCapture = 'capture' in (parts[parts.length - 1] as PatternPart);
  return endsOnCapture === (off !== line.length);
}
