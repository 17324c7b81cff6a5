/** Realistic Python tracebacks for the simulated exceptions. */
import type { Rng } from './prng';
import type { SimException } from './types';

type Frame = readonly [file: string, line: number, fn: string, code: string];

interface Segment {
  frames: readonly Frame[];
  /** The final `qualified.Type: message` line. */
  final: string;
}

const SITE = '/usr/local/lib/python3.11/site-packages';
const PY = '/usr/local/lib/python3.11';

function render(segments: readonly Segment[]): string[] {
  const out: string[] = [];
  segments.forEach((s, i) => {
    if (i > 0) out.push('', 'During handling of the above exception, another exception occurred:', '');
    out.push('Traceback (most recent call last):');
    for (const [file, line, fn, code] of s.frames) out.push(`  File "${file}", line ${line}, in ${fn}`, `    ${code}`);
    out.push(s.final);
  });
  return out;
}

export const REFUSED_MSG = '[Errno 111] Connection refused';

/** capture-spine auth: a PyJWT error re-raised as TokenInvalidError (chained). */
export function tokenInvalid(r: Rng): SimException {
  const expired = r.chance(0.7);
  const jwtFinal = expired ? 'jwt.exceptions.ExpiredSignatureError: Signature has expired' : 'jwt.exceptions.InvalidSignatureError: Signature verification failed';
  const jwtFrames: Frame[] = expired
    ? [[`${SITE}/jwt/api_jwt.py`, 368, '_validate_exp', 'raise ExpiredSignatureError("Signature has expired")']]
    : [[`${SITE}/jwt/api_jws.py`, 295, '_verify_signature', 'raise InvalidSignatureError("Signature verification failed")']];
  const message = `Token is invalid or expired: ${expired ? 'Signature has expired' : 'Signature verification failed'}`;
  const traceback = render([
    {
      frames: [
        ['/app/app/features/security/tokens.py', 88, 'decode_access_token', 'payload = jwt.decode(token, settings.jwt_secret, algorithms=["HS256"], audience="capture-spine")'],
        [`${SITE}/jwt/api_jwt.py`, 210, 'decode', 'decoded = self.decode_complete('],
        [`${SITE}/jwt/api_jwt.py`, 151, 'decode_complete', expired ? 'self._validate_claims(' : 'decoded = api_jws.decode_complete('],
        ...jwtFrames,
      ],
      final: jwtFinal,
    },
    {
      frames: [
        [`${SITE}/starlette/middleware/base.py`, 189, '__call__', 'response = await self.dispatch_func(request, call_next)'],
        ['/app/app/api/deps.py', 54, 'get_current_user', 'claims = decode_access_token(credentials.credentials)'],
        ['/app/app/features/security/tokens.py', 96, 'decode_access_token', 'raise TokenInvalidError(f"Token is invalid or expired: {exc}")'],
      ],
      final: `app.features.security.exceptions.TokenInvalidError: ${message}`,
    },
  ]);
  return { type: 'TokenInvalidError', message, traceback };
}

const REPO_CALLS: readonly Frame[] = [
  ['/app/app/db/repos/feeds.py', 142, 'list_feeds', 'async with self._pool.acquire() as conn:'],
  ['/app/app/db/repos/items.py', 87, 'list_items', 'async with self._pool.acquire() as conn:'],
  ['/app/app/db/repos/feed_runs.py', 64, 'record_run', 'async with self._pool.acquire() as conn:'],
  ['/app/app/db/repos/records.py', 203, 'search_records', 'async with self._pool.acquire() as conn:'],
];

/** asyncpg failing to reach Postgres. */
export function pgRefused(r: Rng): SimException {
  const traceback = render([
    {
      frames: [
        r.pick(REPO_CALLS),
        [`${SITE}/asyncpg/pool.py`, 1024, '__aenter__', 'self.connection = await self.pool._acquire(self.timeout)'],
        [`${SITE}/asyncpg/pool.py`, 864, '_acquire', 'return await _acquire_impl()'],
        [`${SITE}/asyncpg/connect_utils.py`, 934, '__connect_addr', 'tr, pr = await connector'],
        [`${PY}/asyncio/base_events.py`, 1085, 'create_connection', 'raise exceptions[0]'],
        [`${PY}/asyncio/selector_events.py`, 634, '_sock_connect_cb', "raise OSError(err, f'Connect call failed {address}')"],
      ],
      final: `ConnectionRefusedError: ${REFUSED_MSG}`,
    },
  ]);
  return { type: 'ConnectionRefusedError', message: REFUSED_MSG, traceback };
}

/** genai-spine's Ollama provider unable to connect. */
export function ollamaRefused(r: Rng): SimException {
  const op = r.pick(['/api/generate', '/api/chat', '/api/embeddings'] as const);
  const traceback = render([
    {
      frames: [
        ['/app/src/genai_spine/providers/ollama.py', 71, 'complete', `response = await self._client.post(f"{self.base_url}${op}", json=payload)`],
        [`${SITE}/httpx/_client.py`, 1892, 'post', 'return await self.request('],
        [`${SITE}/httpcore/_async/connection.py`, 124, '_connect', 'stream = await self._network_backend.connect_tcp(**kwargs)'],
        [`${SITE}/anyio/_core/_sockets.py`, 189, 'connect_tcp', 'raise OSError(f"All connection attempts failed") from oserror'],
      ],
      final: `ConnectionRefusedError: ${REFUSED_MSG}`,
    },
  ]);
  return { type: 'ConnectionRefusedError', message: REFUSED_MSG, traceback };
}

/** httpx raise_for_status on the SEC's 429. */
export function secTooMany(url: string): SimException {
  const message = `Client error '429 Too Many Requests' for url '${url}'`;
  const traceback = render([
    {
      frames: [
        ['/app/app/pipelines/fetch.py', 117, 'fetch_feed', 'response.raise_for_status()'],
        [`${SITE}/httpx/_models.py`, 761, 'raise_for_status', 'raise HTTPStatusError(message, request=request, response=self)'],
      ],
      final: `httpx.HTTPStatusError: ${message}`,
    },
  ]);
  return { type: 'HTTPStatusError', message, traceback };
}

export function workerLost(job: number): SimException {
  const message = `Worker exited prematurely: signal 9 (SIGKILL) Job: ${job}.`;
  const traceback = render([
    {
      frames: [[`${SITE}/billiard/pool.py`, 1265, 'mark_as_worker_lost', 'raise WorkerLostError(']],
      final: `billiard.exceptions.WorkerLostError: ${message}`,
    },
  ]);
  return { type: 'WorkerLostError', message, traceback };
}
