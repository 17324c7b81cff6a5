/**
 * Issue fingerprints. One error is one issue, whether or not its traceback came along (a
 * shipper splits it off, or the app logs without `exc_info`), so an exception's identity is
 * its type + the miner template of its message, and the stack only refines it:
 *   1. an exception with a non-empty message template: `exception` + type + template, with or
 *      without frames. With frames, `stack` carries the refinement: type + the innermost 3
 *      in-app frames as `file:function` (all frames when none is in-app), line numbers left out
 *      so edits don't split it. Its id is what the issue's id was before (kept as an alias);
 *   2. an exception with an empty message and frames: the stack is the identity, or every bare
 *      `raise ValueError` in the codebase would be one issue;
 *   3. an exception with neither: type + empty template (nothing better to go on);
 *   (A `Type: text` message is an exception without frames, parse-event.ts; its issue's former
 *   message id is kept as `formerId`, like a stack's.)
 *   4. otherwise: `message` + the miner template of the message.
 * Ids of frame-less exceptions and of messages are unchanged by (1). Per event this is all a
 * caller (the service's issue index) needs; groupIssues also merges the templates raised from
 * one stack only (see its header), which keeps "same stack, other message text → one issue".
 * The type is compared without its module (`TokenInvalidError`), as ECS `error.type` writes it.
 * Files keep their last 3 path segments, so deploy roots (`/app/`, `B:\github\…`) don't matter.
 * The id is `i_` + 64-bit FNV-1a of the fingerprint text: stable across reloads and sources.
 */
import { fnv1a64 } from '@/errors/miner';
import { shortType } from './parse-traceback';
import type { ParsedEvent, StackFrame } from './types';

export type FingerprintKind = 'stack' | 'exception' | 'message';

export interface Fingerprint {
  /** What the event carried: a traceback, an exception without frames, or a plain message. */
  kind: FingerprintKind;
  /** The issue identity (see the header). */
  text: string;
  id: string;
  /** With a traceback: exception type + innermost frames, the refinement within the issue. */
  stack?: { text: string; id: string };
  /** The id the event's issue had before (1): its stack id, or a `Type: text` line's message id. */
  formerId?: string;
}

export const FRAMES_IN_FINGERPRINT = 3;

/** `/app/app/features/security/tokens.py` → `features/security/tokens.py`. */
export function frameFile(file: string): string {
  const parts = file.replace(/\\/g, '/').split('/').filter((p) => p !== '');
  return parts.slice(-3).join('/');
}

/** The innermost frames used for grouping, innermost first. */
export function groupingFrames(frames: readonly StackFrame[]): StackFrame[] {
  const inApp = frames.filter((f) => f.inApp);
  const pool = inApp.length > 0 ? inApp : frames;
  return pool.slice(-FRAMES_IN_FINGERPRINT).reverse();
}

export function issueIdOfFingerprint(text: string): string {
  return 'i_' + fnv1a64(text);
}

/**
 * `template` is the miner template of the event's subject: the exception message when there is
 * an exception, else the log message (see {@link subjectOf}).
 */
export function fingerprint(parsed: ParsedEvent, template: string): Fingerprint {
  const exc = parsed.exception;
  if (!exc) return identity('message', `message\n${template}`);
  const type = shortType(exc.type);
  const exception = `exception\n${type}\n${template}`;
  if (parsed.frames.length === 0) {
    const fp = identity('exception', exception);
    // The line's own template is, in practice, its type followed by the message's template.
    if (exc.fromMessage) fp.formerId = issueIdOfFingerprint(`message\n${exc.type}: ${template}`);
    return fp;
  }
  const stackText = ['stack', type, ...groupingFrames(parsed.frames).map((f) => `${frameFile(f.file)}:${f.fn}`)].join('\n');
  const stack = { text: stackText, id: issueIdOfFingerprint(stackText) };
  return { ...identity('stack', template === '' ? stackText : exception), stack, formerId: stack.id };
}

function identity(kind: FingerprintKind, text: string): Fingerprint {
  return { kind, text, id: issueIdOfFingerprint(text) };
}

/** Max characters of a subject given to the miner. */
export const MAX_SUBJECT = 2_000;

/** What an issue is "about": the exception message (may be empty), else the log message (cut). */
export function subjectOf(parsed: ParsedEvent): string {
  if (parsed.http) {
    const q = parsed.http.path.indexOf('?');
    return `HTTP ${parsed.http.status} ${parsed.http.method} ${q < 0 ? parsed.http.path : parsed.http.path.slice(0, q)}`;
  }
  const s = parsed.exception ? parsed.exception.message : parsed.message;
  return s.length > MAX_SUBJECT ? s.slice(0, MAX_SUBJECT) : s;
}

/**
 * Template of a Uvicorn access line, built without the miner (which would mask the whole path):
 * `HTTP 503 POST /v1/completions`, path segments holding digits (ids) written `<*>`, query dropped.
 */
export function httpTemplate(http: { method: string; path: string; status: number }): string {
  const q = http.path.indexOf('?');
  const path = (q < 0 ? http.path : http.path.slice(0, q))
    .split('/')
    .map((seg) => (/\d/.test(seg) && !/^v\d+$/.test(seg) ? '<*>' : seg))
    .join('/');
  return `HTTP ${http.status} ${http.method} ${path}`;
}
