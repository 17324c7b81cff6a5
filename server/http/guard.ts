/**
 * Who may write, and who they are. Writes must be JSON from this origin (the Origin and
 * Sec-Fetch-Site headers a browser cannot forge), carry CONSOLE_AUTH_TOKEN when one is set, and
 * are attributed to the user a trusted reverse proxy names (TRUST_USER_HEADER), if configured.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardConfig {
  /** CONSOLE_AUTH_TOKEN; null: no token needed. */
  token: string | null;
  /** TRUST_USER_HEADER (lower case), e.g. x-forwarded-user; null: nobody is named. */
  userHeader: string | null;
  /** CONSOLE_ALLOWED_ORIGINS: other origins allowed to write (a host app proxying the API). */
  allowedOrigins: readonly string[];
}

export type GuardResult = { ok: true; actor: string | null } | { ok: false; status: number; error: string; message: string };

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
};

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A header value fit to store as a name: printable, at most 200 characters. */
function actorName(raw: string | undefined): string | null {
  const v = raw?.trim();
  if (!v || v.length > 200 || [...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  return v;
}

/** `read`: a request that sends a body but changes nothing (POST /api/backtest): no token, nobody named. */
export function checkWrite(req: IncomingMessage, config: GuardConfig, hasBody: boolean, { read = false }: { read?: boolean } = {}): GuardResult {
  const site = header(req, 'sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, error: 'cross_site', message: `Changes are accepted from this console's own pages only (Sec-Fetch-Site: ${site}).` };
  }
  const origin = header(req, 'origin');
  if (origin && origin !== 'null') {
    const hosts = [header(req, 'host'), header(req, 'x-forwarded-host')].filter((h): h is string => !!h);
    let host = '';
    try {
      host = new URL(origin).host;
    } catch {
      /* an unreadable Origin matches nothing */
    }
    if (!hosts.includes(host) && !config.allowedOrigins.includes(origin)) {
      return { ok: false, status: 403, error: 'cross_origin', message: `Changes from ${origin} are refused; add it to CONSOLE_ALLOWED_ORIGINS if a host app proxies the console's API.` };
    }
  }
  if (hasBody && !/^application\/json\b/i.test(header(req, 'content-type') ?? '')) {
    return { ok: false, status: 415, error: 'json_only', message: 'Send the change as JSON (Content-Type: application/json).' };
  }
  if (read) return { ok: true, actor: null };
  if (config.token) {
    const auth = header(req, 'authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || !sameToken(m[1]!.trim(), config.token)) {
      return { ok: false, status: 401, error: 'token_required', message: 'This console service needs its access token for changes (CONSOLE_AUTH_TOKEN): enter it when asked.' };
    }
  }
  const actor = config.userHeader ? actorName(header(req, config.userHeader)) : null;
  return { ok: true, actor };
}
