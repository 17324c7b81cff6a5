/** Types shared by the error-aggregation pipeline (pure: no DOM, no Node APIs). */
import type { LogLevel } from '@/lib/model';

/** One logical log event: a log line plus its continuation lines (traceback…), per stream. */
export interface LogEvent {
  /** Id of the first (oldest) source entry. */
  id: string;
  /** Time of the first (oldest) source entry, ns since the epoch as a decimal string. */
  timeNs: string;
  /** Ids of every source entry merged into this event, oldest first. */
  entryIds: string[];
  /** The full text, lines joined with `\n`. */
  text: string;
  service: string | null;
  /** The level the source reported for the first entry (the parser may refine it). */
  level: LogLevel;
  streamId: string;
  /** Labels / fields of the first entry. */
  labels: Record<string, string>;
}

export interface StackFrame {
  file: string;
  line: number;
  fn: string;
  code?: string;
  inApp: boolean;
}

export interface ExceptionLink {
  type: string;
  message: string;
}

export interface ParsedException {
  /** Type as written (`app.features.security.exceptions.TokenInvalidError`, `KeyError`). */
  type: string;
  message: string;
  /** Every exception of a chained traceback in print order (the cause first, `type` last). */
  chain: ExceptionLink[];
  /** Read from a `Type: text` log message (no traceback, no error fields). */
  fromMessage?: true;
}

export interface ParsedEvent {
  /** Timestamp text as written in the line, when there is one. */
  time?: string;
  level: LogLevel;
  logger?: string;
  message: string;
  exception?: ParsedException;
  /** Frames of the final (outermost) exception, outermost call first (as Python prints). */
  frames: StackFrame[];
  /** Uvicorn access lines: the HTTP status and request. */
  http?: { method: string; path: string; status: number };
}

export interface ParseOptions {
  /** Path fragments that mark in-app code. Default: {@link DEFAULT_IN_APP}. */
  inApp?: readonly string[];
  /** Path fragments that mark library code even when an in-app fragment matches. */
  notInApp?: readonly string[];
}

export const DEFAULT_IN_APP: readonly string[] = [
  'capture_spine', 'app/', 'py_sec_edgar', 'py-sec-edgar', 'genai_spine', 'entityspine', 'spine',
];

export const DEFAULT_NOT_IN_APP: readonly string[] = [
  'site-packages', 'dist-packages', 'lib/python', '<frozen ',
];

export const LEVEL_RANK: Record<LogLevel, number> = {
  unknown: 0, trace: 1, debug: 2, info: 3, warning: 4, error: 5, critical: 6,
};
