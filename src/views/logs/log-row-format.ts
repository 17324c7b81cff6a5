/** The text of a log row: its fixed columns and the first line of its message. Pure. */
import type { LogEntry, LogLevel } from '@/lib/model';

/** Rows render at most this much of a line; the details panel shows the rest. */
const PREVIEW_CHARS = 200;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * `MM-DD HH:mm:ss.SSS` in UTC or local time. Rows call it for every line scrolled past, so it
 * works from the millisecond part of the string (no BigInt, no ISO string to slice).
 */
export function formatLogTime(timeNs: string, utc: boolean): string {
  const ms = timeNs.length > 6 ? Number(timeNs.slice(0, -6)) : 0;
  const d = new Date(ms);
  if (utc) return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}`;
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
}

/** The first line of a message, cut for the row, and how many more lines it has. */
export function firstLine(message: string): { text: string; more: number } {
  let nl = message.indexOf('\n');
  const head = nl === -1 ? message : message.slice(0, nl);
  let more = 0;
  while (nl !== -1) {
    more += 1;
    nl = message.indexOf('\n', nl + 1);
  }
  return { text: head.length > PREVIEW_CHARS ? `${head.slice(0, PREVIEW_CHARS)}…` : head, more };
}

/** Level labels padded to one width, so the columns line up in one run of monospace text. */
const LEVEL_LABEL: Record<LogLevel, string> = {
  critical: 'CRITICAL ',
  error: 'ERROR    ',
  warning: 'WARNING  ',
  info: 'INFO     ',
  debug: 'DEBUG    ',
  trace: 'TRACE    ',
  unknown: 'UNKNOWN  ',
};
/** Characters of the service column (the name is cut with "…" beyond it). */
const SERVICE_CHARS = 23;

/** The service column: the name cut to SERVICE_CHARS and padded, or "—" when unknown. Pure. */
export function serviceCell(service: string | null): string {
  const name = service ?? '—';
  return name.length > SERVICE_CHARS ? `${name.slice(0, SERVICE_CHARS - 1)}…` : name.padEnd(SERVICE_CHARS);
}

/** The row's fixed columns as one string: time, a space, the padded level and the service. Pure. */
export function rowPrefix(entry: LogEntry, utc: boolean): string {
  return `${formatLogTime(entry.timeNs, utc)} ${LEVEL_LABEL[entry.level]}${serviceCell(entry.service)}`;
}

/**
 * Where each column starts, in characters (`ch`), for the stylesheet's column colours: the time
 * is 18 characters and a space, the level label 9, the service 23.
 */
export const ROW_COLUMNS = { level: 19, service: 19 + 9, message: 19 + 9 + SERVICE_CHARS } as const;
