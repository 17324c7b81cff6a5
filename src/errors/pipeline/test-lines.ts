/** Realistic inputs shared by the pipeline tests (test-only helper). */
import type { LogEntry, LogLevel } from '@/lib/model';

export const TOKEN_TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/app/app/features/security/tokens.py", line 88, in decode_access_token',
  '    payload = jwt.decode(token, settings.jwt_secret, algorithms=["HS256"], audience="capture-spine")',
  '  File "/usr/local/lib/python3.11/site-packages/jwt/api_jwt.py", line 368, in _validate_exp',
  '    raise ExpiredSignatureError("Signature has expired")',
  'jwt.exceptions.ExpiredSignatureError: Signature has expired',
  '',
  'During handling of the above exception, another exception occurred:',
  '',
  'Traceback (most recent call last):',
  '  File "/usr/local/lib/python3.11/site-packages/starlette/middleware/base.py", line 189, in __call__',
  '    response = await self.dispatch_func(request, call_next)',
  '  File "/app/app/api/deps.py", line 54, in get_current_user',
  '    claims = decode_access_token(credentials.credentials)',
  '  File "/app/app/features/security/tokens.py", line 96, in decode_access_token',
  '    raise TokenInvalidError(f"Token is invalid or expired: {exc}")',
  '          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  'app.features.security.exceptions.TokenInvalidError: Token is invalid or expired: Signature has expired',
];

export const TOKEN_LINE =
  '2026-01-31 10:15:30,123 | ERROR    | capture_spine.api.auth | Authentication failed for GET /api/v1/feeds: TokenInvalidError: Token is invalid or expired: Signature has expired (sub=u_1042, jti=9f2c01ab77de)';

/** ms → ns string with a sub-ms part. */
export function ns(ms: number, sub = 0): string {
  return `${ms}${String(sub).padStart(6, '0')}`;
}

let seq = 0;

/** One entry per line, Loki style: all lines of an event share its timestamp (+1 ns each). */
export function lokiEntries(lines: readonly string[], ms: number, stream = '{service="spine-dev-api"}', level: LogLevel = 'unknown'): LogEntry[] {
  return lines.map((line, i) => ({
    id: `${stream}:${ms}:${i}:${seq++}`,
    timeNs: ns(ms, i),
    service: 'spine-dev-api',
    level,
    message: line,
    labels: {},
    raw: line,
    streamId: stream,
  }));
}

/** One Elasticsearch document holding the whole multi-line event. */
export function esEntry(lines: readonly string[], ms: number, id = `logs-2026.01.31/${seq++}`): LogEntry {
  const text = lines.join('\n');
  return { id, timeNs: ns(ms), service: 'spine-dev-api', level: 'error', message: text, labels: { _index: 'logs-2026.01.31' }, raw: text, streamId: 'logs-2026.01.31|spine-dev-api' };
}

export const TOKEN_MESSAGE = 'TokenInvalidError: Token is invalid or expired: Signature has expired';
/** The id the traceback-carrying TokenInvalidError issue had before exceptions grouped by message. */
export const OLD_TOKEN_STACK_TEXT = 'stack\nTokenInvalidError\nfeatures/security/tokens.py:decode_access_token\napp/api/deps.py:get_current_user';

const pipeHead = (ms: number, msg: string) =>
  `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',')} | ERROR    | capture_spine.api.auth | ${msg}`;

/**
 * The real-Loki case of issue 17, one entry per line: 120 TokenInvalidErrors 20 s apart from
 * `fromMs`, 66 logged alone as `TokenInvalidError: …` and 54 with their traceback, in runs.
 * `es`: one document per event instead.
 */
export function tokenCaseEntries(fromMs: number, { es = false }: { es?: boolean } = {}): LogEntry[] {
  const out: LogEntry[] = [];
  const withTraceback = TOKEN_LINE.slice(TOKEN_LINE.indexOf('capture_spine.api.auth | ') + 25);
  for (let i = 0; i < 120; i++) {
    const ms = fromMs + i * 20_000;
    const lines = i % 20 < 9 ? [pipeHead(ms, withTraceback), ...TOKEN_TRACEBACK] : [pipeHead(ms, TOKEN_MESSAGE)];
    if (es) out.push(esEntry(lines, ms));
    else out.push(...lokiEntries(lines, ms));
  }
  return out.reverse(); // newest first, as Loki answers a backward query
}
