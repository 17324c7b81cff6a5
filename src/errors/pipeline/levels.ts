/** Level words, ANSI stripping and cheap character checks shared by the parsers. */
import type { LogLevel } from '@/lib/model';

const LEVELS: Record<string, LogLevel> = {
  trace: 'trace', debug: 'debug', info: 'info', information: 'info', notice: 'info',
  warn: 'warning', warning: 'warning', error: 'error', err: 'error', exception: 'error',
  critical: 'critical', crit: 'critical', fatal: 'critical', panic: 'critical', alert: 'critical', emergency: 'critical',
};

/** `ERROR`, `error`, `Warn`, `fatal` → a LogLevel; null for anything else. */
export function levelOf(word: string | undefined | null): LogLevel | null {
  if (!word || word.length > 12) return null;
  return LEVELS[word.trim().toLowerCase()] ?? null;
}

/** Upper-case level words a line may start with (`INFO:`, `ERROR:logger:msg`). */
const UPPER_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL', 'TRACE'];

/** Length of the `LEVEL` word when `s` starts with `LEVEL:`; 0 otherwise. */
export function levelColonPrefix(s: string): number {
  const c = s.charCodeAt(0);
  if (c < 65 || c > 90) return 0;
  for (const w of UPPER_LEVELS) {
    if (s.charCodeAt(w.length) === 58 && s.startsWith(w)) return w.length;
  }
  return 0;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Max characters of one line the parsers look at. Longer lines are cut (hostile input). */
export const MAX_LINE = 16_384;

/** Removes ANSI escapes and control characters (NUL…), cuts very long lines. Never throws. */
export function cleanLine(line: string): string {
  let s = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  if (s.indexOf('\u001b') !== -1) s = s.replace(ANSI, '');
  // Cheap test first: most lines have no control characters.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 && c !== 9) return s.replace(CONTROL, '').replace(/\t/g, ' ');
    if (c === 127) return s.replace(CONTROL, '');
  }
  return s;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function digits(s: string, i: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!isDigit(s, i + k)) return false;
  return true;
}

/**
 * End index of a timestamp starting at `i`: `YYYY-MM-DD[ T]HH:MM(:SS)?([.,]f+)?(Z|±HH(:)?MM)?`;
 * -1 when there is none. A char-code scan, no regex.
 */
export function timestampEnd(s: string, i: number): number {
  if (!digits(s, i, 4) || s[i + 4] !== '-' || !digits(s, i + 5, 2) || s[i + 7] !== '-' || !digits(s, i + 8, 2)) return -1;
  let j = i + 10;
  const sep = s[j];
  if ((sep !== ' ' && sep !== 'T') || !digits(s, j + 1, 2) || s[j + 3] !== ':' || !digits(s, j + 4, 2)) return -1;
  j += 6;
  if (s[j] === ':' && digits(s, j + 1, 2)) j += 3;
  if ((s[j] === '.' || s[j] === ',') && isDigit(s, j + 1)) {
    j += 1;
    while (isDigit(s, j)) j++;
  }
  if (s[j] === 'Z' || s[j] === 'z') j++;
  else if ((s[j] === '+' || s[j] === '-') && digits(s, j + 1, 2)) {
    j += 3;
    if (s[j] === ':') j++;
    if (digits(s, j, 2)) j += 2;
  }
  return j;
}

/** True when a line opens a new log event: it has a timestamp, a `LEVEL:` prefix or is JSON. */
export function isEventStart(rawLine: string): boolean {
  const line = rawLine.charCodeAt(0) === 27 ? cleanLine(rawLine) : rawLine;
  const c = line.charCodeAt(0);
  if (c === 123) return true; // {
  if (c >= 48 && c <= 57) return timestampEnd(line, 0) > 0;
  if (c === 91) return timestampEnd(line, 1) > 0; // [
  return levelColonPrefix(line) > 0;
}

/** `capture_spine.api.feeds`, `uvicorn.error`, `__main__`: one token, no spaces. */
export function isLoggerName(s: string): boolean {
  if (s.length === 0 || s.length > 200) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 60 || c === 62;
    if (!ok) return false;
  }
  return true;
}
