/**
 * Shared shapes for the upstream-fixture conformance test. Every upstream file is classified
 * explicitly; the check proves the classification (see upstream-fixtures.test.ts).
 */
import { expect } from 'vitest';
import type { AdapterDeps } from '../source-adapter';
import { SourceError, type SourceErrorCode } from '../source-error';

export type FixtureKind =
  /** A response body the adapter normalizes (transform, guard, or testConnection). */
  | 'response'
  /** An error exchange or body that must become a typed SourceError with a hint. */
  | 'error'
  /** A request example our builders' output is compared with, in shape. */
  | 'request'
  /** A documented response for an endpoint the adapter does not call; shape asserted only. */
  | 'out-of-scope';

export interface FixtureCheck {
  kind: FixtureKind;
  why: string;
  check: (text: string) => void | Promise<void>;
}

export type FixtureTable = Record<string, FixtureCheck>;

export interface HttpDescriptor {
  request?: { method?: string; path?: string; query?: Record<string, string> };
  response: { status: number; headers?: Record<string, string>; body: unknown };
}

/** A fake `fetch` that answers every request with the descriptor's recorded response. */
export function replayFetch(descriptor: HttpDescriptor, seen: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    seen.push(String(input));
    const { status, headers, body } = descriptor.response;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: headers ?? {} });
  }) as typeof fetch;
}

export function deps(fetchImpl: typeof fetch): AdapterDeps {
  return { sourceId: 'conformance', fetch: fetchImpl, now: () => Date.UTC(2025, 0, 1) };
}

export const signal = (): AbortSignal => new AbortController().signal;

/** The code our clients must give an HTTP status. */
export function expectedCode(status: number): SourceErrorCode {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'rate-limited';
  if (status === 499) return 'cancelled';
  return 'http';
}

/** Awaits `run`, asserts it rejected with a typed SourceError with a one-line message and a hint. */
export async function expectSourceError(run: () => Promise<unknown>, code: SourceErrorCode, hint?: RegExp): Promise<SourceError> {
  const error = await run().then(
    () => {
      throw new Error('expected a SourceError, got a result');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  const sourceError = error as SourceError;
  expect(sourceError.code).toBe(code);
  expect(sourceError.hint.trim()).not.toBe('');
  expect(sourceError.message).not.toMatch(/\n|<html|<body/i);
  if (hint) expect(sourceError.hint).toMatch(hint);
  return sourceError;
}

export const parse = (text: string): unknown => JSON.parse(text) as unknown;
