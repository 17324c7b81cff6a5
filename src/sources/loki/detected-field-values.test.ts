import { describe, expect, it } from 'vitest';
import { detectedFieldValuesPath, lokiDetectedFieldValues } from './detected-field-values';
import fixture from './fixtures/detected_field_values.json';
import { BUILDINFO, fakeLoki, buildinfo, queryContext as ctx, rejection } from './testing/fake-loki';

describe('lokiDetectedFieldValues', () => {
  it('asks /detected_field/<name>/values with the full log query, ns range and line_limit; normalizes the fixture', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ [BUILDINFO]: buildinfo('3.4.2'), '/loki/api/v1/detected_field/level/values': () => Response.json(fixture) }, seen);
    const report = await lokiDetectedFieldValues(client, { name: 'level', text: 'a"b', fields: [{ field: 'status', parsers: ['logfmt'], op: '=', value: '500' }] }, ctx());
    expect(report).toEqual({ name: 'level', values: ['debug', 'error', 'info', 'warn'], warnings: [] });
    const [path, search] = (seen[1] ?? '').split('?');
    expect(path).toBe('/loki/api/v1/detected_field/level/values');
    const params = new URLSearchParams(search);
    expect(params.get('query')).toBe('{job="docker"} |= "a\\"b" | logfmt | drop __error__, __error_details__ | status="500"');
    expect([params.get('start'), params.get('end'), params.get('line_limit')]).toEqual(['1711839200000000000', '1711839300000000000', '1000']);
  });

  it.each([
    ['a/b', 'a%2Fb'],
    ['../../status/buildinfo', '..%2F..%2Fstatus%2Fbuildinfo'],
    ['x?query={a="b"}&limit=1#frag', 'x%3Fquery%3D%7Ba%3D%22b%22%7D%26limit%3D1%23frag'],
    ['100% ünï', '100%25%20%C3%BCn%C3%AF'],
    ['...', '...'],
  ])('puts the hostile name %j into one encoded path segment', async (name, encoded) => {
    expect(detectedFieldValuesPath(name)).toBe(`loki/api/v1/detected_field/${encoded}/values`);
    const seen: string[] = [];
    const client = fakeLoki({ [BUILDINFO]: buildinfo('3.4.2'), '*': () => Response.json({ values: ['v'], limit: 1000 }) }, seen);
    await expect(lokiDetectedFieldValues(client, { name }, ctx())).resolves.toMatchObject({ name, values: ['v'] });
    const request = seen[1] ?? '';
    // The query string is ours alone: nothing from the name leaked into it.
    expect(new URLSearchParams(request.split('?')[1]).get('limit')).toBeNull();
    expect(request.startsWith(`/loki/api/v1/detected_field/${encoded}/values?`)).toBe(true);
  });

  it.each(['', '.', '..'])('refuses the name %j, which URL parsing would drop from the path, before any request', async (name) => {
    expect(detectedFieldValuesPath(name)).toBeNull();
    const seen: string[] = [];
    const client = fakeLoki({ [BUILDINFO]: buildinfo('3.4.2'), '*': () => Response.json({ values: ['wrong endpoint'] }) }, seen);
    expect(await rejection(lokiDetectedFieldValues(client, { name }, ctx()))).toMatchObject({ code: 'unsupported' });
    expect(seen).toEqual([]);
  });

  it('does not call the endpoint on a Loki older than 3.3: unsupported with an upgrade hint', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ [BUILDINFO]: buildinfo('3.2.1') }, seen);
    const error = await rejection(lokiDetectedFieldValues(client, { name: 'level' }, ctx()));
    expect(error).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/3\.2\.1.*needs Loki 3\.3/), hint: expect.stringMatching(/Upgrade Loki to 3\.3/) });
    expect(seen.some((s) => s.includes('detected_field/'))).toBe(false);
  });

  it('tries on a build of unknown version; a 404 (no such route) is unsupported, not an error to retry', async () => {
    const client = fakeLoki({ [BUILDINFO]: buildinfo('main-4f2d1a') });
    const error = await rejection(lokiDetectedFieldValues(client, { name: 'level' }, ctx()));
    expect(error).toMatchObject({ code: 'unsupported', status: 404, message: expect.stringContaining('does not serve /loki/api/v1/detected_field/<name>/values') });
  });

  it('passes other HTTP errors through, and rejects a body of the wrong shape as parse', async () => {
    const busy = fakeLoki({ [BUILDINFO]: buildinfo('3.4.2'), '*': () => new Response('too many outstanding requests\n', { status: 429 }) });
    expect(await rejection(lokiDetectedFieldValues(busy, { name: 'level' }, ctx()))).toMatchObject({ code: 'rate-limited' });
    const odd = fakeLoki({ [BUILDINFO]: buildinfo('3.4.2'), '*': () => Response.json({ values: [{ value: 'x' }] }) });
    expect(await rejection(lokiDetectedFieldValues(odd, { name: 'level' }, ctx()))).toMatchObject({ code: 'parse' });
  });

  it('refuses a field filter it cannot write, before any request', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ [BUILDINFO]: buildinfo('3.4.2') }, seen);
    const error = await rejection(lokiDetectedFieldValues(client, { name: 'level', fields: [{ field: 'a"}', parsers: [], op: '=', value: 'x' }] }, ctx()));
    expect(error).toMatchObject({ code: 'config' });
    expect(seen).toEqual([]);
  });
});
