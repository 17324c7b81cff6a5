/**
 * Issue fingerprints, in Sentry's order of preference:
 *   1. a traceback: exception type + the innermost 3 in-app frames as `file:function` (all
 *      frames when none is in-app); line numbers are left out so edits don't split issues;
 *   2. an exception without frames: exception type + the miner template of its message;
 *   3. otherwise: the miner template of the message.
 * The type is compared without its module (`TokenInvalidError`), as ECS `error.type` writes it.
 * Files keep their last 3 path segments, so deploy roots (`/app/`, `B:\github\…`) don't matter.
 * The id is `i_` + 64-bit FNV-1a of the fingerprint text: stable across reloads and sources.
 */
import { fnv1a64 } from '@/errors/miner';
import { shortType } from './parse-traceback';
import type { ParsedEvent, StackFrame } from './types';

export type FingerprintKind = 'stack' | 'exception' | 'message';

export interface Fingerprint {
  kind: FingerprintKind;
  text: string;
  id: string;
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
  let kind: FingerprintKind;
  let text: string;
  if (exc && parsed.frames.length > 0) {
    kind = 'stack';
    text = ['stack', shortType(exc.type), ...groupingFrames(parsed.frames).map((f) => `${frameFile(f.file)}:${f.fn}`)].join('\n');
  } else if (exc) {
    kind = 'exception';
    text = `exception\n${shortType(exc.type)}\n${template}`;
  } else {
    kind = 'message';
    text = `message\n${template}`;
  }
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
