/** The errors a real Loki sends, as the adapter maps them: typed SourceErrors with actionable hints. */
import { expect, it } from 'vitest';
import { SourceError } from '@/sources/source-error';
import { lokiLogs } from '@/sources/loki/logs';
import { lokiLogVolume } from '@/sources/loki/log-volume';
import { lokiTestConnection } from '@/sources/loki/test-connection';
import { ctx, describeEachLoki, lokiFetch, realLokiClient } from './real-loki';

async function rejection(run: () => Promise<unknown>): Promise<SourceError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected the request to fail');
}

describeEachLoki('Loki errors', (loki) => {
  const hour = () => ctx(loki().story.anchorMs - 3_600_000, loki().story.anchorMs);

  it.each([
    ['{job="docker"', /^LogQL parse error at line 1, col \d+/, /braces of the stream selector/],
    ['{job="docker"} |= ', /^LogQL parse error at line 1, col \d+/, /./],
    ['{job="docker"} | json | status=', /^LogQL parse error/, /./],
    ['{job=~".*"}', /./, /./],
  ])('a raw query %j', async (raw, message, hint) => {
    const error = await rejection(() => lokiLogs(realLokiClient(loki()).client, { limit: 10, raw }, hour()));
    expect(error).toMatchObject({ code: 'http', status: 400 });
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });

  it('a range over the server limit (30d1h) says how far it may reach', async () => {
    const now = loki().story.anchorMs;
    const error = await rejection(() => lokiLogs(realLokiClient(loki()).client, { limit: 10 }, ctx(now - 40 * 86_400_000, now)));
    expect(error).toMatchObject({ code: 'http', status: 400 });
    expect(error.hint).toMatch(/Narrow the time range to at most 30d1h/);
  });

  it('a volume step too fine for the range names the step', async () => {
    const now = loki().story.anchorMs;
    const error = await rejection(() => lokiLogVolume(realLokiClient(loki()).client, { stepMs: 1000 }, ctx(now - 6 * 3_600_000, now)));
    expect(error).toMatchObject({ code: 'http', status: 400 });
    expect(error.hint).toMatch(/step/);
  });

  it('no tenant header on a multi-tenant Loki: unauthorized, set LOKI_TENANT', async ({ skip }) => {
    if (!loki().tenant) skip('this Loki is single-tenant (LOKI_TEST_URL without LOKI_TEST_TENANT)');
    const bare = { fetch: fetch as typeof fetch, requests: [] };
    const error = await rejection(() => lokiLogs(realLokiClient(loki(), { selector: '{job=~".+"}' }, bare).client, { limit: 10 }, hour()));
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.hint).toMatch(/LOKI_TENANT/);
    const test = await lokiTestConnection(realLokiClient(loki(), {}, bare).client, { signal: new AbortController().signal });
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/LOKI_TENANT/);
  });

  it('a tenant ID Loki cannot take: the character, and what to set', async ({ skip }) => {
    if (!loki().tenant) skip('this Loki is single-tenant (LOKI_TEST_URL without LOKI_TEST_TENANT)');
    const bad = lokiFetch(loki(), { 'x-scope-orgid': 'spine/prod' });
    const error = await rejection(() => lokiLogs(realLokiClient(loki(), { selector: '{job=~".+"}' }, bad).client, { limit: 10 }, hour()));
    expect(error).toMatchObject({ code: 'http', status: 400 });
    // 3.x names the character; 2.9 says "invalid tenant ID".
    expect(error.message).toMatch(/refused the tenant/);
    expect(error.hint).toMatch(/LOKI_TENANT/);
  });

  it('an unknown tenant is not an error: it has no lines', async ({ skip }) => {
    if (!loki().tenant) skip('this Loki is single-tenant');
    const other = lokiFetch(loki(), { 'x-scope-orgid': 'nobody-here' });
    const page = await lokiLogs(realLokiClient(loki(), { selector: '{job=~".+"}' }, other).client, { limit: 10 }, hour());
    expect(page.entries).toEqual([]);
  });
});
