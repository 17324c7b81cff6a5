import { describe, expect, it } from 'vitest';
import { parseEvent } from './parse-event';

const line = (msg: string) => `2026-01-31 10:15:30,123 | ERROR    | capture_spine.api.auth | ${msg}`;

describe('parseEvent: a `Type: text` message', () => {
  it('is an exception without frames', () => {
    expect(parseEvent({ text: line('TokenInvalidError: Token is invalid or expired: Signature has expired') }).exception).toEqual({
      type: 'TokenInvalidError',
      message: 'Token is invalid or expired: Signature has expired',
      chain: [{ type: 'TokenInvalidError', message: 'Token is invalid or expired: Signature has expired' }],
      fromMessage: true,
    });
    expect(parseEvent({ text: line('app.features.security.exceptions.TokenInvalidError: Token expired') }).exception?.type).toBe('app.features.security.exceptions.TokenInvalidError');
    expect(parseEvent({ text: line('Exception: boom') }).exception?.type).toBe('Exception');
  });

  it('is not read into ordinary messages', () => {
    for (const msg of ['Error: disk full', 'Failed: 3 feeds', 'ValueError:', 'ValueError', 'Authentication failed: TokenInvalidError: x', 'retryError: x', 'KeyError:no-space']) {
      expect(parseEvent({ text: line(msg) }).exception, msg).toBeUndefined();
    }
    expect(parseEvent({ text: 'INFO:     172.18.0.1:51234 - "GET /api/v1/feeds HTTP/1.1" 500 OK' }).exception).toBeUndefined();
  });

  it('a JSON document\'s error fields win over its message', () => {
    const p = parseEvent({ text: '{"message":"ValueError: bad","error.type":"KeyError","error.message":"feed_id"}' });
    expect(p.exception).toMatchObject({ type: 'KeyError', message: 'feed_id' });
    expect(p.exception?.fromMessage).toBeUndefined();
  });
});
