/**
 * First-line parser for the ecosystem's log layouts. Cheap prefix checks pick the layout; the
 * few regexes only run on the candidate layout. Never throws.
 *
 *   pipe      2026-01-31 10:15:30,123 | ERROR    | capture_spine.api.feeds | msg   (logger optional)
 *   dash      time - logger - LEVEL - msg            (py-sec-edgar console)
 *             time - logger - LEVEL - fn:line - msg  (py-sec-edgar file)
 *             time - LEVEL - logger - msg            (send_logs_to_elasticsearch pattern)
 *             time - service - LEVEL - logger - msg  (spine-core stdlib fallback)
 *             time - LEVEL - msg                     (entityspine loaders)
 *   bracket   time [LEVEL] logger: msg  ·  [time] LEVEL: msg
 *   structlog 2026-02-17T22:04:48.810500Z [error    ] event_name   key=value …
 *   stdlib    LEVEL:logger:msg
 *   uvicorn   INFO:     172.18.0.1:51234 - "GET /api/v1/feeds HTTP/1.1" 200 OK
 *   JSON      ECS (`log.level`, `error.*`, nested or dotted), structlog JSON, capture-spine JsonFormatter
 */
import type { LogLevel } from '@/lib/model';
import { parseJsonLine } from './parse-json';
import type { JsonLine } from './parse-json';
import { cleanLine, isLoggerName, levelColonPrefix, levelOf, timestampEnd } from './levels';

export interface ParsedLine {
  time?: string;
  level?: LogLevel;
  logger?: string;
  service?: string;
  message: string;
  http?: { method: string; path: string; status: number };
  /** Present when the line was a JSON document. */
  json?: JsonLine;
}

const ACCESS = /^(\S+) - "([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})\b/;

function splitOnce(s: string, sep: string): [string, string] | null {
  const i = s.indexOf(sep);
  return i < 0 ? null : [s.slice(0, i), s.slice(i + sep.length)];
}

function parsePipe(rest: string): Omit<ParsedLine, 'time'> {
  const a = splitOnce(rest, ' | ');
  if (!a) return { message: rest.trim() };
  const level = levelOf(a[0].trim());
  const b = splitOnce(a[1], ' | ');
  if (b && isLoggerName(b[0].trim())) return { level: level ?? undefined, logger: b[0].trim(), message: b[1] };
  return { level: level ?? undefined, message: a[1] };
}

function parseDash(rest: string): Omit<ParsedLine, 'time'> {
  const parts: string[] = [];
  let s = rest;
  while (parts.length < 4) {
    const p = splitOnce(s, ' - ');
    if (!p) break;
    parts.push(p[0]);
    s = p[1];
  }
  parts.push(s);
  const [a = '', b = '', c = ''] = parts;
  const after = (k: number) => parts.slice(k).join(' - ');
  const levelA = levelOf(a.trim());
  if (levelA) {
    // time - LEVEL - logger - msg, or time - LEVEL - msg
    if (parts.length >= 3 && isLoggerName(b) && b.includes('.')) return { level: levelA, logger: b, message: after(2) };
    return { level: levelA, message: after(1) };
  }
  const levelB = parts.length >= 3 ? levelOf(b.trim()) : null;
  if (levelB && isLoggerName(a)) {
    if (parts.length >= 4 && /^\w+:\d+$/.test(c)) return { level: levelB, logger: a, message: after(3) };
    // time - service - LEVEL - logger - msg: the service has no dots, the logger looks like one.
    if (parts.length >= 4 && !a.includes('.') && isLoggerName(c) && (c.includes('.') || c.includes('_'))) {
      return { level: levelB, service: a, logger: c, message: after(3) };
    }
    return { level: levelB, logger: a, message: after(2) };
  }
  return { message: rest.trim() };
}

function parseBracket(rest: string): Omit<ParsedLine, 'time'> | null {
  // rest starts with "[": "[LEVEL] logger: msg" or structlog "[error    ] event  k=v"
  const close = rest.indexOf(']');
  if (close < 2 || close > 12) return null;
  const inner = rest.slice(1, close);
  const level = levelOf(inner.trim());
  if (!level) return null;
  const body = rest.slice(close + 1).trim();
  const structlog = inner !== inner.trim() || inner === inner.toLowerCase();
  if (structlog) {
    const sp = body.search(/\s/);
    if (sp < 0) return { level, message: body };
    return { level, message: body.slice(0, sp) + ' ' + body.slice(sp).trim() };
  }
  const lg = splitOnce(body, ': ');
  if (lg && isLoggerName(lg[0])) return { level, logger: lg[0], message: lg[1] };
  return { level, message: body };
}

/** After `[time]`: "ERROR: msg", "ERROR msg", "[ERROR] …". */
function parseLevelWord(rest: string): Omit<ParsedLine, 'time'> {
  if (rest.startsWith('[')) return parseBracket(rest) ?? { message: rest };
  const m = /^([A-Za-z]{3,8}):?\s+/.exec(rest);
  const level = m ? levelOf(m[1]) : null;
  if (m && level) return { level, message: rest.slice(m[0].length) };
  return { message: rest };
}

function parseAfterTime(rest: string): Omit<ParsedLine, 'time'> {
  if (rest.startsWith(' | ')) return parsePipe(rest.slice(3));
  if (rest.startsWith(' - ')) return parseDash(rest.slice(3));
  const r = rest.trimStart();
  if (r.startsWith('[')) return parseBracket(r) ?? { message: r };
  if (r.startsWith('|') || r.startsWith('- ')) return parseAfterTime(' ' + r);
  return parseLevelWord(r);
}

function parseLevelPrefix(s: string, n: number): ParsedLine {
  const level = levelOf(s.slice(0, n)) ?? undefined;
  const rest = s.slice(n + 1);
  if (rest.length > 0 && rest.charCodeAt(0) !== 32) {
    // LEVEL:logger:msg (Python's basicConfig default)
    const lg = splitOnce(rest, ':');
    if (lg && isLoggerName(lg[0])) return { level, logger: lg[0], message: lg[1] };
    return { level, message: rest };
  }
  const message = rest.trim();
  const m = ACCESS.exec(message);
  if (!m) return { level, message };
  const status = Number(m[4]);
  const http = { method: m[2] ?? '', path: m[3] ?? '', status };
  return { level: status >= 500 && (level === 'info' || level === 'debug' || !level) ? 'error' : level, logger: 'uvicorn.access', message, http };
}

/** Parses the first line of an event. Unknown layouts give `{ message: line }`. */
export function parseLine(rawLine: string): ParsedLine {
  const s = cleanLine(rawLine);
  const c = s.charCodeAt(0);
  if (c === 123) {
    const json = parseJsonLine(s);
    if (json) return { time: json.time, level: json.level, logger: json.logger, service: json.service, message: json.message, json };
  }
  if (c >= 48 && c <= 57) {
    const end = timestampEnd(s, 0);
    if (end > 0) return { time: s.slice(0, end), ...parseAfterTime(s.slice(end)) };
  }
  if (c === 91) {
    const end = timestampEnd(s, 1);
    if (end > 0 && s[end] === ']') return { time: s.slice(1, end), ...parseAfterTime(s.slice(end + 1)) };
  }
  const n = levelColonPrefix(s);
  if (n > 0) return parseLevelPrefix(s, n);
  return { message: s.trim() };
}
