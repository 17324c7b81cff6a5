/**
 * Keeps the credentials the proxy adds out of what upstreams send back. A careless backend or
 * gateway may echo the request's Authorization header in an error body ("invalid token Bearer
 * …"), which the console would then show as the error message; so the proxy removes every form
 * of its own credentials from response bodies (streamed, chunk boundaries included) and drops
 * response headers that contain one.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

export const REDACTED = '[redacted]';

/** Shortest secret worth searching for: shorter strings would mangle ordinary text. */
const MIN_SECRET = 6;

/** "user:password" when `token` is base64 of printable text with a colon (Basic, Elasticsearch ApiKey). */
function decodedPair(token: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return null;
  const text = Buffer.from(token, 'base64').toString('utf8');
  return /^[\x20-\x7e]+$/.test(text) && text.includes(':') ? text : null;
}

/** The escaped spellings a JSON encoder or a URL may give a secret. */
function spellings(secret: string): string[] {
  return [secret, secret.replace(/\//g, '\\/'), encodeURIComponent(secret)];
}

/**
 * Every form of a credential header value an upstream might echo: the whole value, the token
 * after the scheme (with and without base64 padding), and for base64 "id:secret" tokens the
 * decoded pair and its secret part. Longest first, so the longest match wins.
 */
export function credentialForms(values: string[]): string[] {
  const forms = new Set<string>();
  for (const raw of values) {
    const value = raw.trim();
    const add = (s: string) => {
      if (s.length >= MIN_SECRET) for (const spelling of spellings(s)) forms.add(spelling);
    };
    add(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (token) {
      add(token);
      add(token.replace(/=+$/, ''));
      const pair = decodedPair(token);
      if (pair) {
        add(pair);
        add(pair.slice(pair.indexOf(':') + 1));
      }
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every secret in `text`; for strings that never stream (headers, status lines). */
export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}

export function containsSecret(text: string, secrets: string[]): boolean {
  return secrets.some((s) => text.includes(s));
}

/**
 * A byte stream transform that replaces every secret, even one split across chunks: it holds
 * back the last (longest secret − 1) bytes until the next chunk or the end.
 */
export function createRedactor(secrets: string[]): Transform {
  const needles = secrets.filter((s) => s.length > 0).map((s) => Buffer.from(s, 'utf8'));
  const replacement = Buffer.from(REDACTED, 'utf8');
  const keep = Math.max(0, ...needles.map((n) => n.length - 1));
  let carry: Buffer = Buffer.alloc(0);

  const process = (buf: Buffer, final: boolean): Buffer => {
    const out: Buffer[] = [];
    let pos = 0;
    for (;;) {
      let at = -1;
      let len = 0;
      for (const needle of needles) {
        const i = buf.indexOf(needle, pos);
        if (i >= 0 && (at < 0 || i < at || (i === at && needle.length > len))) {
          at = i;
          len = needle.length;
        }
      }
      if (at < 0) break;
      out.push(buf.subarray(pos, at), replacement);
      pos = at + len;
    }
    // A secret that starts before `hold` would have ended inside `buf` and been found above.
    const hold = final ? buf.length : Math.max(pos, buf.length - keep);
    out.push(buf.subarray(pos, hold));
    carry = Buffer.from(buf.subarray(hold));
    return Buffer.concat(out);
  };

  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (needles.length === 0) return callback(null, buf);
      const out = process(carry.length ? Buffer.concat([carry, buf]) : buf, false);
      callback(null, out.length ? out : undefined);
    },
    flush(callback: TransformCallback) {
      callback(null, carry.length ? process(carry, true) : undefined);
    },
  });
}
