/**
 * Test helpers for Loki capabilities: a Loki client over a fake `fetch` that answers one route per
 * path, and the pieces those tests share. Test-only (imported by *.test.ts files).
 */
import { expect } from 'vitest';
import type { AdapterDeps, QueryContext } from '../../source-adapter';
import { SourceError } from '../../source-error';
import { createLokiClient } from '../client';
import { lokiConfigSchema } from '../config';

export type Route = (params: URLSearchParams) => Response;

export const BUILDINFO = '/loki/api/v1/status/buildinfo';

/**
 * A Loki client whose server answers `routes[path]` (or `routes['*']`), else 404 with Loki's plain
 * text. Every request is recorded in `seen` as its raw path (still percent-encoded) and query.
 */
export function fakeLoki(routes: Record<string, Route>, seen: string[] = []) {
  return fakeLokiWith({ baseUrl: '/proxy/loki', selector: '{job="docker"}' }, routes, seen);
}

/** The same, with the source config given (no selector: it is discovered through `/labels`). */
export function fakeLokiWith(config: Record<string, unknown>, routes: Record<string, Route>, seen: string[] = []) {
  const deps: AdapterDeps = {
    sourceId: 'loki-test',
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://console.local');
      const path = url.pathname.replace('/proxy/loki', '');
      seen.push(`${path}${url.search}`);
      const route = routes[path] ?? routes['*'];
      return route ? route(url.searchParams) : new Response('404 page not found\n', { status: 404 });
    }) as typeof fetch,
    now: () => 0,
  };
  return createLokiClient(lokiConfigSchema.parse(config), deps);
}

/** A `/status/buildinfo` route for that version. */
export const buildinfo = (version: string) => () => Response.json({ version, revision: 'x', branch: 'HEAD', goVersion: 'go1.23' });

/** A query context over a fixed 100 s range. */
export const queryContext = (): QueryContext => ({ signal: new AbortController().signal, range: { from: 1711839200000, to: 1711839300000 } });

/** The SourceError `run` rejects with (fails the test if it resolves or rejects with anything else). */
export async function rejection(run: Promise<unknown>): Promise<SourceError> {
  const error: unknown = await run.then(() => new Error('resolved'), (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}
