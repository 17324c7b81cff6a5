/**
 * Python traceback parser: frames (`  File "…", line N, in fn` + code + caret lines), the final
 * `pkg.module.ErrorType: message` line, and chains joined by "During handling of the above
 * exception…" / "The above exception was the direct cause…". Never throws.
 */
import type { ExceptionLink, ParseOptions, ParsedException, StackFrame } from './types';
import { DEFAULT_IN_APP, DEFAULT_NOT_IN_APP } from './types';

export const TRACEBACK_HEADER = 'Traceback (most recent call last):';
const DURING = 'During handling of the above exception';
const DIRECT = 'The above exception was the direct cause';
const FRAME = /^\s*File "(.*)", line (\d+)(?:, in (.*))?$/;
const TYPE_NAME = /^[A-Za-z_][\w.]*$/;

export interface ParsedTraceback {
  exception?: ParsedException;
  /** Frames of the final exception, outermost first. */
  frames: StackFrame[];
}

/** In-app rule: a path containing one of `inApp` and none of `notInApp` (both configurable). */
export function isInApp(file: string, options: ParseOptions = {}): boolean {
  const path = file.replace(/\\/g, '/');
  for (const n of options.notInApp ?? DEFAULT_NOT_IN_APP) if (path.includes(n)) return false;
  if (path.startsWith('<')) return false;
  for (const p of options.inApp ?? DEFAULT_IN_APP) if (path.includes(p)) return true;
  return false;
}

function isCaretLine(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c !== '^' && c !== '~' && c !== ' ') return false;
  }
  return true;
}

/** `pkg.mod.KeyError: 'x'` → link; null when the line is not a final exception line. */
export function parseExceptionLine(line: string): ExceptionLink | null {
  const t = line.trim();
  if (t === '') return null;
  const i = t.indexOf(':');
  const type = i < 0 ? t : t.slice(0, i);
  if (!TYPE_NAME.test(type) || type.length > 200) return null;
  return { type, message: i < 0 ? '' : t.slice(i + 1).trim() };
}

/** The type without its module: `app.features.security.exceptions.TokenInvalidError` → `TokenInvalidError`. */
export function shortType(type: string): string {
  const i = type.lastIndexOf('.');
  return i < 0 ? type : type.slice(i + 1);
}

interface Segment {
  frames: StackFrame[];
  link?: ExceptionLink;
}

/** Parses traceback text given as lines (a leading log line or other text is skipped). */
export function parseTraceback(lines: readonly string[], options: ParseOptions = {}): ParsedTraceback {
  const segments: Segment[] = [];
  let cur: Segment | null = null;
  let lastFrame: StackFrame | null = null;
  const limit = Math.min(lines.length, 5000);
  for (let k = 0; k < limit; k++) {
    const raw = lines[k] ?? '';
    const line = raw.length > 4000 ? raw.slice(0, 4000) : raw;
    const t = line.trim();
    if (t === TRACEBACK_HEADER || t.endsWith(TRACEBACK_HEADER)) {
      cur = { frames: [] };
      segments.push(cur);
      lastFrame = null;
      continue;
    }
    if (cur === null) continue;
    if (t === '' || t.startsWith(DURING) || t.startsWith(DIRECT)) {
      lastFrame = null;
      continue;
    }
    if (t.startsWith('File "')) {
      const m = FRAME.exec(line);
      if (m) {
        const file = m[1] ?? '';
        lastFrame = { file, line: Number(m[2]), fn: (m[3] ?? '?').trim(), inApp: isInApp(file, options) };
        cur.frames.push(lastFrame);
        continue;
      }
    }
    const indented = line.startsWith(' ') || line.startsWith('\t');
    if (indented) {
      if (lastFrame && lastFrame.code === undefined && !isCaretLine(t)) lastFrame.code = t;
      continue;
    }
    if (cur.link === undefined) {
      const link = parseExceptionLine(line);
      if (link) cur.link = link;
    }
    lastFrame = null;
  }
  const chain = segments.flatMap((s) => (s.link ? [s.link] : []));
  const final = segments[segments.length - 1];
  const last = chain[chain.length - 1];
  if (!final || !last) return { frames: final?.frames ?? [] };
  return { exception: { type: last.type, message: last.message, chain }, frames: final.frames };
}
