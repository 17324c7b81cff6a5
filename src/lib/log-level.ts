/**
 * Log level normalization shared by every log source: labels, fields and the start of a line
 * ("warn" → warning, "err" → error, "fatal"/"crit" → critical, any case).
 */
import type { LogLevel } from './model';

const ALIASES: Record<Exclude<LogLevel, 'unknown'>, readonly string[]> = {
  trace: ['trace', 'trc'],
  debug: ['debug', 'dbg'],
  info: ['info', 'information', 'informational', 'notice', 'inf'],
  warning: ['warning', 'warn', 'wrn'],
  error: ['error', 'err', 'eror'],
  critical: ['critical', 'crit', 'fatal', 'panic', 'emerg', 'emergency', 'alert', 'crt'],
};

const BY_ALIAS = new Map<string, LogLevel>(
  Object.entries(ALIASES).flatMap(([level, names]) => names.map((n) => [n, level as LogLevel] as const)),
);

/** Raw spellings of a level, lower case, for building filters. `unknown` maps to `unknown`. */
export function levelAliases(level: LogLevel): readonly string[] {
  return level === 'unknown' ? ['unknown'] : ALIASES[level];
}

/** Case-insensitive: `ERROR`, `Err` → error; `warn` → warning; `fatal`/`crit` → critical. */
export function normalizeLevel(value: string | null | undefined): LogLevel | null {
  if (!value) return null;
  return BY_ALIAS.get(value.trim().toLowerCase()) ?? null;
}

const KEY_VALUE = /\b(?:level|lvl|severity|loglevel)\s*["']?\s*[=:]\s*["']?([A-Za-z]+)/i;
const TOKEN = /(?:^|[\s[(|])(TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|ERR|FATAL|CRIT(?:ICAL)?|PANIC)(?=$|[\s\]):|])/;

/** Guesses the level from a line: `level=error`, `"level":"warn"`, `[ERROR]`, ` WARN `. */
export function sniffLevel(line: string): LogLevel {
  const head = line.length > 2000 ? line.slice(0, 2000) : line;
  const kv = KEY_VALUE.exec(head);
  const fromKv = normalizeLevel(kv?.[1]);
  if (fromKv) return fromKv;
  return normalizeLevel(TOKEN.exec(head)?.[1]) ?? 'unknown';
}
