/**
 * What the real-Loki suites share: the seeded Lokis from the global setup, and Loki clients that
 * talk to them directly (Node fetch, the tenant header added as the console's proxy adds it).
 */
import { describe, inject, it } from 'vitest';
import type { AdapterDeps, QueryContext } from '@/sources/source-adapter';
import { createLokiClient, type LokiClient } from '@/sources/loki/client';
import { lokiConfigSchema } from '@/sources/loki/config';
import type { SeededLoki } from '../harness/global-setup';
import { tenantHeaders } from '../harness/loki';

export type { SeededLoki };

export const lokiTargets = (): SeededLoki[] => inject('lokiTargets');

/** `describe` once per real Loki (3.7.6, 2.9.17, …); nothing runs when there is none (the setup said why). */
export function describeEachLoki(name: string, body: (loki: () => SeededLoki, version: string) => void): void {
  const targets = lokiTargets();
  if (targets.length === 0) {
    describe.skip(`${name} (no real Loki)`, () => {
      it.skip('needs a real Loki', () => undefined);
    });
    return;
  }
  for (const target of targets) describe(`${name} (Loki ${target.version})`, () => body(() => target, target.version));
}

export interface RecordedFetch {
  fetch: typeof fetch;
  /** Every request: path and query, e.g. `/loki/api/v1/query_range?query=…`. */
  requests: URL[];
}

/** Node's fetch with the target's tenant header, recording what was asked. */
export function lokiFetch(target: SeededLoki, extraHeaders: Record<string, string> = {}): RecordedFetch {
  const requests: URL[] = [];
  const wrapped = ((input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new URL(String(input)));
    const headers = new Headers(init?.headers);
    for (const [k, v] of Object.entries({ ...tenantHeaders(target), ...extraHeaders })) headers.set(k, v);
    return fetch(input, { ...init, headers });
  }) as typeof fetch;
  return { fetch: wrapped, requests };
}

/** A Loki adapter client for the real server; `config` overrides the defaults (selector, …). */
export function realLokiClient(target: SeededLoki, config: Record<string, unknown> = {}, fetchImpl?: RecordedFetch): { client: LokiClient; requests: URL[] } {
  const recorded = fetchImpl ?? lokiFetch(target);
  const deps: AdapterDeps = { sourceId: `loki-${target.version}`, fetch: recorded.fetch, now: () => Date.now() };
  const client = createLokiClient(lokiConfigSchema.parse({ baseUrl: target.url, ...config }), deps);
  return { client, requests: recorded.requests };
}

export const ctx = (from: number, to: number): QueryContext => ({ signal: new AbortController().signal, range: { from, to } });

/** A label value no other test or the story uses, so a test's own streams are all it sees. */
export const uniqueRun = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
