// @vitest-environment node
/**
 * Every fault scenario, run through the real adapters against the mock handlers in node: each
 * capability ends as normalized data (possibly with warnings) or as a typed SourceError, never
 * anything else. Writes test-results/fault-outcomes.json (read by docs/RELIABILITY.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '@/sources/registry';
import type { AnySourceAdapter, Capability } from '@/sources/source-adapter';
import { isSourceError } from '@/sources/source-error';
import { createHandlers } from '../handlers';
import { createMockController, SCENARIOS } from '../scenarios';
import type { MockScenarioName } from '../scenarios';

const anchorMs = Date.parse('2026-11-28T10:00:00Z');
const ctl = createMockController({ anchorMs, now: () => anchorMs });
const server = setupServer(...createHandlers(ctl));
const origin = 'http://console.test';
const deps = (sourceId: string) => ({ sourceId, now: () => anchorMs, fetch: ((input: RequestInfo | URL, init?: RequestInit) => fetch(new URL(String(input), origin), init)) as typeof fetch });

const SOURCES = [
  { id: 'capture-spine', kind: 'capture-spine', config: { baseUrl: '/proxy/capture-spine', timeoutMs: 300 }, caps: ['serviceHealth', 'feedStatus', 'queueStats', 'logs'] },
  { id: 'loki', kind: 'loki', config: { baseUrl: '/proxy/loki', timeoutMs: 300 }, caps: ['logs', 'logVolume'] },
  { id: 'elasticsearch', kind: 'elasticsearch', config: { baseUrl: '/proxy/elasticsearch', index: 'logs-*,spine-logs*', timeoutMs: 300 }, caps: ['logs', 'logVolume'] },
] as const;

type Outcome = { kind: 'data'; warnings: number } | { kind: 'error'; code: string; status?: number; retryAfterMs?: number };

async function run(sourceIndex: number, cap: Capability): Promise<Outcome> {
  const s = SOURCES[sourceIndex]!;
  const adapter = adapters[s.kind] as AnySourceAdapter;
  const client: unknown = adapter.createClient(adapter.configSchema.parse(s.config), deps(s.id));
  const range = { from: anchorMs - 3_600_000, to: anchorMs };
  const fn = adapter.capabilities[cap] as (c: unknown, p: object, ctx: object) => Promise<unknown>;
  const params = cap === 'logs' ? { limit: 100 } : cap === 'logVolume' ? { stepMs: 60_000 } : {};
  try {
    const data = (await fn(client, params, { signal: new AbortController().signal, range })) as { warnings?: string[] };
    return { kind: 'data', warnings: data.warnings?.length ?? 0 };
  } catch (error) {
    if (!isSourceError(error)) throw error;
    return { kind: 'error', code: error.code, ...(error.status ? { status: error.status } : {}), ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
}

const faultNames = (Object.keys(SCENARIOS) as MockScenarioName[]).filter((n) => Object.values(SCENARIOS[n].faults).length > 0 && !/-slow$|^slow$/.test(n));
const results: Record<string, Record<string, Outcome>> = {};

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  // Warm the simulator's caches once, so each scenario measures its fault, not log generation.
  ctl.set('incident');
  for (const [i, s] of SOURCES.entries()) for (const cap of s.caps) await run(i, cap);
}, 120_000);
afterAll(() => {
  server.close();
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/fault-outcomes.json', `${JSON.stringify(results, null, 1)}\n`);
});

describe('fault scenarios through the adapters', () => {
  it('the fault table gives each source every fault kind (partial only where a source has partial results)', () => {
    for (const prefix of ['capture-spine', 'loki', 'es']) {
      for (const suffix of ['refused', 'slow', 'timeout', '429', '500', '502', 'malformed', 'truncated', 'drift', 'flapping']) {
        expect(SCENARIOS, `${prefix}-${suffix}`).toHaveProperty(`${prefix}-${suffix}`);
      }
    }
    expect(SCENARIOS).toHaveProperty('loki-partial');
    expect(SCENARIOS).toHaveProperty('es-partial');
    expect(SCENARIOS).toHaveProperty('hostile-logs');
  });

  it.each(faultNames)('%s: every capability ends as data or a typed SourceError', async (name) => {
    ctl.set(name);
    const row: Record<string, Outcome> = {};
    for (const [i, s] of SOURCES.entries()) {
      for (const cap of s.caps) {
        const t0 = Date.now();
        row[`${s.id}.${cap}`] = await run(i, cap);
        if (process.env.DEBUG_FAULTS) console.log(name, s.id, cap, Date.now() - t0);
      }
    }
    results[name] = row;
    const faulted = Object.keys(SCENARIOS[name].faults);
    for (const [key, outcome] of Object.entries(row)) {
      const affected = faulted.includes(key.split('.')[0]!);
      if (!affected || name === 'hostile-logs') expect(outcome.kind, key).toBe('data');
    }
    const suffix = name.replace(/^(capture-spine|loki|es)-/, '');
    const affected = Object.entries(row).filter(([k]) => faulted.includes(k.split('.')[0]!)).map(([, o]) => o);
    const codes = affected.map((o) => (o.kind === 'error' ? o.code : 'data'));
    const expected: Record<string, string[]> = {
      refused: ['network'],
      timeout: ['timeout'],
      '429': ['rate-limited'],
      '500': ['http'],
      '502': ['http'],
      malformed: ['parse'],
      truncated: ['parse', 'data'],
      drift: ['parse', 'data'],
      flapping: ['data', 'http'],
      partial: ['data'],
    };
    const allowed = expected[suffix];
    if (allowed) for (const c of codes) expect(allowed, `${name}: ${c}`).toContain(c);
    if (suffix === '429') for (const o of affected) expect(o).toMatchObject({ retryAfterMs: 3000 });
    if (suffix === 'partial') expect(affected.some((o) => o.kind === 'data' && o.warnings > 0)).toBe(true);
    // Every source runs its real capabilities against the simulator: slow on a loaded machine.
  }, 120_000);
});
