import { describe, expect, it } from 'vitest';
import { groupIssues } from './group-issues';
import { fingerprint, httpTemplate, issueIdOfFingerprint } from './fingerprint';
import { parseEvent } from './parse-event';
import { TOKEN_LINE, TOKEN_TRACEBACK, esEntry, lokiEntries } from './test-lines';

const T0 = Date.UTC(2026, 0, 31, 10, 15, 30);
const range = { from: T0 - 3_600_000, to: T0 + 3_600_000 };
const idOf = (text: string) => fingerprint(parseEvent({ text }), '').id;

describe('fingerprint', () => {
  it('uses exception type + innermost 3 in-app frames, ignoring line numbers', () => {
    const a = [TOKEN_LINE, ...TOKEN_TRACEBACK].join('\n');
    const b = a.replace('line 96,', 'line 131,').replace('line 54,', 'line 61,');
    const fa = fingerprint(parseEvent({ text: a }), '');
    expect(fa.kind).toBe('stack');
    expect(fa.text).toBe('stack\nTokenInvalidError\nfeatures/security/tokens.py:decode_access_token\napp/api/deps.py:get_current_user');
    expect(fa.id).toMatch(/^i_[0-9a-f]{16}$/);
    expect(idOf(b)).toBe(fa.id);
  });

  it('is independent of the deploy root and of the message text', () => {
    const a = [TOKEN_LINE, ...TOKEN_TRACEBACK].join('\n');
    const moved = a.replaceAll('/app/app/', '/srv/capture-spine/app/').replace('Signature has expired\n', 'Signature verification failed\n');
    expect(idOf(moved)).toBe(idOf(a));
    // With a template the identity is the message's; the stack refinement still ignores both.
    const stackOf = (text: string, template: string) => fingerprint(parseEvent({ text }), template).stack?.id;
    expect(stackOf(moved, 'Token is invalid or expired: Signature verification failed')).toBe(stackOf(a, 'Token is invalid or expired: Signature has expired'));
    expect(stackOf(a, 'x')).toBe(idOf(a));
  });

  it('an exception is its type + template, with or without its traceback', () => {
    const template = 'Token is invalid or expired: <*>';
    const withFrames = fingerprint(parseEvent({ text: [TOKEN_LINE, ...TOKEN_TRACEBACK].join('\n') }), template);
    const json = fingerprint(parseEvent({ text: '{"message":"auth","error.type":"TokenInvalidError","error.message":"Token is invalid or expired: x"}' }), template);
    const line = fingerprint(parseEvent({ text: `2026-01-31 10:15:30,123 | ERROR | capture_spine.api.auth | TokenInvalidError: Token is invalid or expired: x` }), template);
    expect([withFrames.kind, json.kind, line.kind]).toEqual(['stack', 'exception', 'exception']);
    expect(withFrames.text).toBe(`exception\nTokenInvalidError\n${template}`);
    expect(json.id).toBe(withFrames.id);
    expect(line.id).toBe(withFrames.id);
    // What each one's issue was before: the stack id, the frame-less id itself, the message id.
    expect(withFrames.formerId).toBe(withFrames.stack?.id);
    expect(json.formerId).toBeUndefined();
    expect(line.formerId).toBe(issueIdOfFingerprint(`message\nTokenInvalidError: ${template}`));
  });

  it('different exception types give different ids', () => {
    const a = [TOKEN_LINE, ...TOKEN_TRACEBACK].join('\n');
    const other = a.replace('exceptions.TokenInvalidError: Token', 'exceptions.PermissionDeniedError: Token');
    expect(idOf(other)).not.toBe(idOf(a));
    expect(fingerprint(parseEvent({ text: '{"message":"x","error.type":"KeyError","error.message":"a"}' }), 'a').id)
      .not.toBe(fingerprint(parseEvent({ text: '{"message":"x","error.type":"ValueError","error.message":"a"}' }), 'a').id);
  });

  it('the same event read from Loki (one line per entry) and from ES (one document) gets the same issue id', () => {
    const lines = [TOKEN_LINE, ...TOKEN_TRACEBACK];
    const fromLoki = groupIssues([...lokiEntries(lines, T0)].reverse(), { range });
    const fromEs = groupIssues([esEntry(lines, T0)], { range });
    expect(fromLoki).toHaveLength(1);
    expect(fromLoki[0]?.id).toBe(fromEs[0]?.id);
    expect(fromLoki[0]?.title).toBe(fromEs[0]?.title);
  });

  it('ES with the stack trace in its own field (ECS-decoded) matches the Loki lines too', () => {
    const lines = [TOKEN_LINE, ...TOKEN_TRACEBACK];
    const ecs = {
      ...esEntry([TOKEN_LINE], T0),
      raw: [TOKEN_LINE, ...TOKEN_TRACEBACK].join('\n'),
      labels: { 'error.type': 'TokenInvalidError', 'log.logger': 'capture_spine.api.auth' },
    };
    expect(groupIssues([ecs], { range })[0]?.id).toBe(groupIssues(lokiEntries(lines, T0), { range })[0]?.id);
  });

  it('builds access-line templates without masking the route', () => {
    expect(httpTemplate({ method: 'GET', path: '/api/v1/items/1234?limit=5', status: 500 })).toBe('HTTP 500 GET /api/v1/items/<*>');
  });
});
