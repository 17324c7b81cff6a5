import { describe, expect, it } from 'vitest';
import { lokiDetectedFields } from './detected-fields';
import detectedFields from './fixtures/detected_fields.json';
import patterns from './fixtures/patterns.json';
import { lokiLogPatterns } from './log-patterns';
import { lokiLogs } from './logs';
import { fakeLoki, buildinfo, queryContext as ctx, rejection } from './testing/fake-loki';

describe('lokiLogPatterns', () => {
  it('asks /patterns with the stream selector, ns range and step, and normalizes the fixture', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('3.4.2'), '/loki/api/v1/patterns': () => Response.json(patterns) }, seen);
    const report = await lokiLogPatterns(client, { stepMs: 10_000 }, ctx());
    const url = new URLSearchParams(seen[1]?.split('?')[1]);
    expect(seen[1]?.startsWith('/loki/api/v1/patterns?')).toBe(true);
    expect(url.get('query')).toBe('{job="docker"}');
    expect(url.get('start')).toBe('1711839200000000000');
    expect(url.get('end')).toBe('1711839300000000000');
    expect(url.get('step')).toBe('10s');
    expect(report.patterns.map((p) => p.total)).toEqual([523, 4]);
    expect(report.warnings).toEqual([]);
  });

  it('says the filters do not narrow server patterns', async () => {
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('3.4.2'), '/loki/api/v1/patterns': () => Response.json(patterns) });
    const report = await lokiLogPatterns(client, { stepMs: 10_000, text: 'x', services: ['api'] }, ctx());
    expect(report.warnings).toEqual(['Patterns cover the whole stream selector; the text, service filter does not narrow them.']);
  });

  it('does not call /patterns on a Loki older than 3.0: unsupported with an upgrade hint', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('2.9.17') }, seen);
    const error = await rejection(lokiLogPatterns(client, { stepMs: 10_000 }, ctx()));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/2\.9\.17.*needs Loki 3\.0/);
    expect(error.hint).toMatch(/pattern_ingester\.enabled/);
    expect(seen).toEqual(['/loki/api/v1/status/buildinfo']);
  });

  it('feature-detects on a non-release build: a 404 becomes unsupported', async () => {
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('main-4f2d1a') });
    const error = await rejection(lokiLogPatterns(client, { stepMs: 10_000 }, ctx()));
    expect(error).toMatchObject({ code: 'unsupported', status: 404 });
    expect(error.hint).toMatch(/proxy forwards \/loki\/api\/v1\/patterns/);
  });

  it('keeps other HTTP errors as they are (retryable 5xx stays http)', async () => {
    const client = fakeLoki({
      '/loki/api/v1/status/buildinfo': buildinfo('3.4.2'),
      '/loki/api/v1/patterns': () => new Response('too many outstanding requests\n', { status: 503 }),
    });
    expect(await rejection(lokiLogPatterns(client, { stepMs: 10_000 }, ctx()))).toMatchObject({ code: 'http', status: 503 });
  });

  it('asks buildinfo once per client, and again after a network failure', async () => {
    const seen: string[] = [];
    let fail = true;
    const client = fakeLoki(
      {
        '/loki/api/v1/status/buildinfo': () => {
          if (fail) throw new TypeError('Failed to fetch');
          return buildinfo('3.4.2')();
        },
        '/loki/api/v1/patterns': () => Response.json(patterns),
      },
      seen,
    );
    await expect(client.serverInfo(new AbortController().signal)).resolves.toEqual({ version: null, features: null });
    fail = false;
    await lokiLogPatterns(client, { stepMs: 10_000 }, ctx());
    await lokiLogPatterns(client, { stepMs: 10_000 }, ctx());
    expect(seen.filter((s) => s.includes('buildinfo'))).toHaveLength(2);
  });

  it('a parse failure of the body is a parse SourceError', async () => {
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('3.4.2'), '/loki/api/v1/patterns': () => Response.json({ status: 'success', data: [{ pattern: 1 }] }) });
    expect(await rejection(lokiLogPatterns(client, { stepMs: 10_000 }, ctx()))).toMatchObject({ code: 'parse' });
  });

  it('honours an aborted signal while waiting for buildinfo', async () => {
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('3.4.2') });
    const controller = new AbortController();
    const run = lokiLogPatterns(client, { stepMs: 10_000 }, { signal: controller.signal, range: { from: 0, to: 1 } });
    controller.abort();
    expect(await rejection(run)).toMatchObject({ code: 'cancelled' });
  });
});

describe('lokiDetectedFields', () => {
  it('sends the full log query and normalizes the fixture, highest cardinality first', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('3.7.6'), '/loki/api/v1/detected_fields': () => Response.json(detectedFields) }, seen);
    const report = await lokiDetectedFields(client, { text: 'timeout "x"' }, ctx());
    expect(new URLSearchParams(seen[1]?.split('?')[1]).get('query')).toBe('{job="docker"} |= "timeout \\"x\\""');
    expect(report.fields).toEqual([
      { name: 'duration', type: 'duration', cardinality: 152, parsers: ['logfmt'], filter: { ok: true, label: 'duration' } },
      { name: 'status', type: 'int', cardinality: 5, parsers: ['logfmt'], filter: { ok: true, label: 'status' } },
      { name: 'level', type: 'string', cardinality: 3, parsers: ['logfmt'], filter: { ok: true, label: 'level' } },
    ]);
  });

  it('is unsupported on 2.9', async () => {
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('v2.9.17') });
    expect(await rejection(lokiDetectedFields(client, {}, ctx()))).toMatchObject({ code: 'unsupported' });
  });
});

describe('pattern filter in the logs query', () => {
  it('adds |> "pattern" (escaped) after the selector', async () => {
    const seen: string[] = [];
    const client = fakeLoki(
      {
        '/loki/api/v1/status/buildinfo': buildinfo('3.4.2'),
        '/loki/api/v1/query_range': () => Response.json({ status: 'success', data: { resultType: 'streams', result: [] } }),
      },
      seen,
    );
    await lokiLogs(client, { limit: 10, pattern: '<_> msg="a\\b" <_>' }, ctx());
    const query = new URLSearchParams(seen.find((s) => s.startsWith('/loki/api/v1/query_range'))?.split('?')[1]).get('query');
    expect(query).toBe('{job="docker"} |> "<_> msg=\\"a\\\\b\\" <_>"');
  });

  it('refuses a pattern filter on a Loki older than 3.0 instead of sending |>', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': buildinfo('2.9.17') }, seen);
    expect(await rejection(lokiLogs(client, { limit: 10, pattern: '<_> x' }, ctx()))).toMatchObject({ code: 'unsupported' });
    expect(seen.some((s) => s.includes('query_range'))).toBe(false);
  });

  it('filters a pattern Loki sent without spaces with a regex that tolerates them, on any Loki', async () => {
    for (const version of ['3.7.6', '2.9.17']) {
      const seen: string[] = [];
      const client = fakeLoki(
        {
          '/loki/api/v1/status/buildinfo': buildinfo(version),
          '/loki/api/v1/query_range': () => Response.json({ status: 'success', data: { resultType: 'streams', result: [] } }),
        },
        seen,
      );
      await lokiLogs(client, { limit: 10, pattern: 'File"<_>",in<_>' }, ctx());
      const query = new URLSearchParams(seen.find((s) => s.startsWith('/loki/api/v1/query_range'))?.split('?')[1]).get('query');
      expect(query).toBe('{job="docker"} |~ "(?s)F *i *l *e *\\" *[^ ].*?\\" *, *i *n *[^ ].*?"');
    }
  });

  it('does not ask buildinfo when no pattern is set', async () => {
    const seen: string[] = [];
    const client = fakeLoki({ '/loki/api/v1/query_range': () => Response.json({ status: 'success', data: { resultType: 'streams', result: [] } }) }, seen);
    await lokiLogs(client, { limit: 10 }, ctx());
    expect(seen.every((s) => !s.includes('buildinfo'))).toBe(true);
  });
});

describe('serverInfo', () => {
  it('an unreadable buildinfo is "unknown", not a hang: the endpoint is tried', async () => {
    const client = fakeLoki({ '/loki/api/v1/status/buildinfo': () => Response.json({ nope: true }), '/loki/api/v1/patterns': () => Response.json(patterns) });
    await expect(client.serverInfo(new AbortController().signal)).resolves.toEqual({ version: null, features: null });
    await expect(lokiLogPatterns(client, { stepMs: 10_000 }, ctx())).resolves.toMatchObject({ patterns: [{ total: 523 }, { total: 4 }] });
  });
});
