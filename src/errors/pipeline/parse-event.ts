/**
 * A reassembled event → ParsedEvent: the first line through `parseLine`, the traceback (from
 * continuation lines, a JSON `error.stack_trace` / `exception`, or the entry's ES fields)
 * through `parseTraceback`. Never throws. A message that reads `TokenInvalidError: text` (logged
 * with `str(exc)`, or an exception line split from its traceback) is an exception without frames,
 * so it groups with the occurrences that kept their traceback.
 */
import type { LogLevel } from '@/lib/model';
import { parseLine } from './parse-line';
import { TRACEBACK_HEADER, parseExceptionLine, parseTraceback } from './parse-traceback';
import type { ParseOptions, ParsedEvent } from './types';

/** `[pkg.]SomethingError` / `…Exception` / `Exception`, then `: ` and a message. */
const MESSAGE_EXCEPTION = /^((?:[A-Za-z_]\w*\.)*(?:[A-Z]\w*(?:Error|Exception)|Exception)): (\S.*)$/s;

/** Max characters of an event's text that are parsed (hostile input). */
const MAX_TEXT = 262_144;

export interface EventInput {
  text: string;
  level?: LogLevel;
  labels?: Record<string, string>;
}

function splitLines(text: string): string[] {
  const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  return t.indexOf('\r') === -1 ? t.split('\n') : t.split(/\r?\n|\r/);
}

export function parseEvent(input: EventInput, options: ParseOptions = {}): ParsedEvent {
  try {
    return parseUnsafe(input, options);
  } catch {
    // Defensive: the parsers are written not to throw; a bug must not break grouping.
    return { level: input.level ?? 'unknown', message: String(input.text).slice(0, 2000), frames: [] };
  }
}

function parseUnsafe(input: EventInput, options: ParseOptions): ParsedEvent {
  const text = typeof input.text === 'string' ? input.text : '';
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const head = parseLine(firstLine);
  const labels = input.labels ?? {};
  const out: ParsedEvent = {
    level: head.level ?? input.level ?? 'unknown',
    message: head.message,
    frames: [],
  };
  if (head.time !== undefined) out.time = head.time;
  const logger = head.logger ?? labels['log.logger'] ?? labels.logger;
  if (logger) out.logger = logger;
  if (head.http) out.http = head.http;

  // Traceback text: continuation lines first, then a JSON stack trace, then ES fields.
  let tbText: string | undefined;
  if (nl >= 0 && text.includes(TRACEBACK_HEADER)) tbText = text.slice(nl + 1);
  tbText ??= head.json?.stackTrace ?? labels['error.stack_trace'] ?? labels['exception.stacktrace'];
  if (tbText) {
    const tb = parseTraceback(splitLines(tbText), options);
    out.frames = tb.frames;
    if (tb.exception) out.exception = tb.exception;
  }
  if (!out.exception) {
    const type = head.json?.errorType ?? labels['error.type'];
    const message = head.json?.errorMessage ?? labels['error.message'];
    if (type) out.exception = { type, message: message ?? '', chain: [{ type, message: message ?? '' }] };
    else if (labels.exception) {
      const link = parseExceptionLine(labels.exception);
      if (link) out.exception = { ...link, chain: [link] };
    } else if (!out.http) {
      const m = MESSAGE_EXCEPTION.exec(head.message);
      if (m) {
        const link = { type: m[1] as string, message: (m[2] as string).trim() };
        out.exception = { ...link, chain: [link], fromMessage: true };
      }
    }
  }
  // A traceback whose line carried no level is still an error event.
  if (out.exception && out.level === 'unknown') out.level = 'error';
  return out;
}
