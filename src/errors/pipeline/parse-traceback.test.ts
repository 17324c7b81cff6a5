import { describe, expect, it } from 'vitest';
import { isInApp, parseTraceback } from './parse-traceback';
import { TOKEN_TRACEBACK } from './test-lines';

describe('parseTraceback', () => {
  it('parses a chained traceback: chain in print order, frames of the final exception', () => {
    const tb = parseTraceback(TOKEN_TRACEBACK);
    expect(tb.exception).toEqual({
      type: 'app.features.security.exceptions.TokenInvalidError',
      message: 'Token is invalid or expired: Signature has expired',
      chain: [
        { type: 'jwt.exceptions.ExpiredSignatureError', message: 'Signature has expired' },
        { type: 'app.features.security.exceptions.TokenInvalidError', message: 'Token is invalid or expired: Signature has expired' },
      ],
    });
    expect(tb.frames.map((f) => [f.fn, f.line, f.inApp])).toEqual([
      ['__call__', 189, false], ['get_current_user', 54, true], ['decode_access_token', 96, true],
    ]);
    expect(tb.frames[2]?.code).toBe('raise TokenInvalidError(f"Token is invalid or expired: {exc}")');
  });

  it('handles "direct cause" chains, Windows paths, <module> and caret lines', () => {
    const tb = parseTraceback([
      'Traceback (most recent call last):',
      '  File "B:\\github\\py-sec-edgar\\spine-core\\examples\\06_e2e.py", line 90, in load',
      '    rows = db.execute(q)',
      'sqlite3.OperationalError: no such table: core_executions',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "B:\\github\\py-sec-edgar\\spine-core\\examples\\06_e2e_validate_everything.py", line 107, in <module>',
      '    assert all_present, "Not all core tables were created!"',
      '           ^^^^^^^^^^^',
      'AssertionError: Not all core tables were created!',
    ]);
    expect(tb.exception?.type).toBe('AssertionError');
    expect(tb.exception?.chain.map((c) => c.type)).toEqual(['sqlite3.OperationalError', 'AssertionError']);
    expect(tb.frames).toEqual([{ file: 'B:\\github\\py-sec-edgar\\spine-core\\examples\\06_e2e_validate_everything.py', line: 107, fn: '<module>', code: 'assert all_present, "Not all core tables were created!"', inApp: true }]);
  });

  it('in-app rule: app packages yes, site-packages / stdlib / frozen no; configurable', () => {
    expect(isInApp('/app/app/db/repos/feeds.py')).toBe(true);
    expect(isInApp('/app/src/genai_spine/providers/ollama.py')).toBe(true);
    expect(isInApp('/usr/local/lib/python3.11/site-packages/asyncpg/pool.py')).toBe(false);
    expect(isInApp('/usr/local/lib/python3.11/asyncio/base_events.py')).toBe(false);
    expect(isInApp('<frozen importlib._bootstrap>')).toBe(false);
    expect(isInApp('/srv/billing/invoice.py', { inApp: ['billing/'] })).toBe(true);
  });
});
