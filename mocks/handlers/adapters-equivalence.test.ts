// @vitest-environment node
/**
 * The same simulated range read through the Loki adapter (one entry per line) and the
 * Elasticsearch adapter (one document per event) gives the same events once Loki's lines are
 * reassembled, and the same issues once grouped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupIssues, reassemble } from '@/errors/pipeline';
import { elasticsearchAdapter } from '@/sources/elasticsearch';
import { lokiAdapter } from '@/sources/loki';
import { captureSpineAdapter } from '@/sources/capture-spine';
import type { LogEntry } from '@/lib/model';
import { mockController, server, TEST_ANCHOR_MS } from '../node';

const deps = (sourceId: string) => ({ sourceId, fetch: globalThis.fetch, now: () => TEST_ANCHOR_MS });
const range = { from: TEST_ANCHOR_MS - 10 * 60_000, to: TEST_ANCHOR_MS };
const ctx = () => ({ signal: new AbortController().signal, range });

async function readAll(read: (cursor: string | null) => Promise<{ entries: LogEntry[]; nextCursor: string | null; truncated: boolean }>) {
  const out: LogEntry[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await read(cursor);
    out.push(...page.entries);
    if (!page.truncated || !page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

// Events within a millisecond of the range ends are left out: Loki's end is exclusive in ns,
// Elasticsearch's lte rounds to the millisecond (a documented difference, not a bug).
const inner = (ns: string) => {
  const ms = Number(BigInt(ns) / 1_000_000n);
  return ms > range.from + 1 && ms < range.to - 1;
};

describe('Loki and Elasticsearch adapters over the same scenario', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('return the same events and the same issues', async () => {
    const loki = lokiAdapter.createClient(lokiAdapter.configSchema.parse({ baseUrl: 'http://localhost/proxy/loki' }), deps('loki'));
    const es = elasticsearchAdapter.createClient(elasticsearchAdapter.configSchema.parse({ baseUrl: 'http://localhost/proxy/elasticsearch' }), deps('es'));
    const levels = ['warning', 'error', 'critical'] as const;
    const lokiLines = await readAll((cursor) => lokiAdapter.capabilities.logs!(loki, { limit: 2000, levels: [...levels], cursor }, ctx()));
    const esDocs = await readAll((cursor) => elasticsearchAdapter.capabilities.logs!(es, { limit: 2000, levels: [...levels], cursor }, ctx()));

    const lokiEvents = reassemble(lokiLines).filter((e) => inner(e.timeNs));
    const esEvents = esDocs.filter((e) => inner(e.timeNs));
    expect(esEvents.length).toBeGreaterThan(50);
    expect(lokiLines.length).toBeGreaterThan(esEvents.length); // tracebacks arrive line by line from Loki
    const key = (timeNs: string, service: string | null) => `${timeNs} ${service}`;
    expect(lokiEvents.map((e) => key(e.timeNs, e.service)).sort()).toEqual(esEvents.map((e) => key(e.timeNs, e.service)).sort());
    const byTime = new Map(esEvents.map((e) => [key(e.timeNs, e.service), e.message]));
    for (const e of lokiEvents) expect(e.text).toBe(byTime.get(key(e.timeNs, e.service)));

    const lokiIssues = groupIssues(lokiLines.filter((e) => inner(e.timeNs)), { range });
    const esIssues = groupIssues(esEvents, { range });
    const summary = (g: ReturnType<typeof groupIssues>) => g.map((i) => `${i.id} ${i.count}`).sort();
    expect(summary(lokiIssues)).toEqual(summary(esIssues));
    expect(lokiIssues.some((i) => i.title.startsWith('TokenInvalidError'))).toBe(true);
  });

  it('read through OpenSearch (its point-in-time API), the Elasticsearch adapter gives the same lines', async () => {
    const levels = ['warning', 'error', 'critical'] as const;
    const readThrough = async () => {
      const urls: string[] = [];
      const recording = (input: RequestInfo | URL, init?: RequestInit) => {
        urls.push(`${init?.method ?? 'GET'} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`);
        return globalThis.fetch(input, init);
      };
      const es = elasticsearchAdapter.createClient(elasticsearchAdapter.configSchema.parse({ baseUrl: 'http://localhost/proxy/elasticsearch' }), { ...deps('es'), fetch: recording });
      const connection = await elasticsearchAdapter.testConnection(es, { signal: new AbortController().signal });
      const lines = await readAll((cursor) => elasticsearchAdapter.capabilities.logs!(es, { limit: 40, levels: [...levels], cursor }, ctx()));
      return { connection, lines, urls };
    };
    const viaEs = await readThrough();
    mockController.set('opensearch');
    try {
      const viaOs = await readThrough();
      expect(viaOs.connection.message).toMatch(/^Reachable, OpenSearch 2\.10\.0 .*point-in-time supported \(_search\/point_in_time\)/);
      expect(viaOs.urls).toContain('POST /proxy/elasticsearch/logs-*,spine-logs*/_search/point_in_time');
      expect(viaOs.urls.some((u) => u.endsWith('/_pit'))).toBe(false);
      expect(viaEs.urls).toContain('POST /proxy/elasticsearch/logs-*,spine-logs*/_pit');
      expect(viaOs.lines.length).toBeGreaterThan(80); // several pages of 40
      expect(viaOs.lines.map((e) => [e.timeNs, e.service, e.message])).toEqual(viaEs.lines.map((e) => [e.timeNs, e.service, e.message]));
    } finally {
      mockController.set('incident');
    }
  });

  it("capture-spine's alerts give the scenario's incidents as issues too", async () => {
    const spine = captureSpineAdapter.createClient(captureSpineAdapter.configSchema.parse({ baseUrl: 'http://localhost/proxy/capture-spine' }), deps('capture-spine'));
    const page = await captureSpineAdapter.capabilities.logs!(spine, { limit: 1000, levels: ['warning', 'error', 'critical'] }, ctx());
    const titles = groupIssues(page.entries, { range }).map((i) => i.title);
    expect(titles.some((t) => t.includes('TokenInvalidError'))).toBe(true);
    expect(titles.some((t) => /Ollama service unavailable|ConnectionRefusedError/.test(t))).toBe(true);
  });
});
