/** The Loki adapter's log queries against a real Loki: direction, exact nanosecond paging, filters. */
import { beforeAll, expect, it } from 'vitest';
import { lokiLogs } from '@/sources/loki/logs';
import { compareNs } from '@/lib/nanotime';
import { push, type LokiPushStream } from '../harness/seed-loki';
import { tenantHeaders } from '../harness/loki';
import { ctx, describeEachLoki, realLokiClient, uniqueRun } from './real-loki';

const T0 = Date.now() - 30 * 60_000;
const nsAt = (offset: number) => (BigInt(T0) * 1_000_000n + BigInt(offset)).toString();

/** 60 lines over 3 streams, timestamps colliding inside and across streams (ties at one ns). */
function tiedStreams(run: string): LokiPushStream[] {
  return ['api', 'worker', 'beat'].map((service, s) => ({
    stream: { suite: run, service_name: service, level: s === 0 ? 'error' : 'info' },
    values: Array.from({ length: 20 }, (_, i): [string, string] => [nsAt(Math.floor(i / 4) * 1000 + (i % 2)), `${service} line ${i} ts=${Math.floor(i / 4)}`]),
  }));
}

describeEachLoki('Loki logs', (loki) => {
  const run = uniqueRun('logs');
  const all = tiedStreams(run).flatMap((s) => s.values.map(([ts, line]) => ({ ts, line })));
  const client = () => realLokiClient(loki(), { selector: `{suite="${run}"}` }).client;
  const range = () => ctx(T0 - 60_000, T0 + 60_000);

  beforeAll(async () => {
    await push(loki().url, { streams: tiedStreams(run) }, tenantHeaders(loki()));
  });

  async function pageAll(direction: 'backward' | 'forward', limit: number) {
    const lines: { ts: string; line: string }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page += 1) {
      const result = await lokiLogs(client(), { limit, direction, cursor }, range());
      expect(result.entries.length).toBeLessThanOrEqual(limit);
      lines.push(...result.entries.map((e) => ({ ts: e.timeNs, line: e.message })));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return lines;
  }

  it.each([1, 4, 7, 60])('backward, pages of %i: every line once, newest first', async (limit) => {
    const lines = await pageAll('backward', limit);
    expect(lines.map((l) => l.line).sort()).toEqual(all.map((l) => l.line).sort());
    expect(lines.every((l, i) => i === 0 || compareNs((lines[i - 1] as { ts: string }).ts, l.ts) >= 0)).toBe(true);
  });

  it.each([3, 60])('forward, pages of %i: every line once, oldest first', async (limit) => {
    const lines = await pageAll('forward', limit);
    expect(lines.map((l) => l.line).sort()).toEqual(all.map((l) => l.line).sort());
    expect(lines.every((l, i) => i === 0 || compareNs((lines[i - 1] as { ts: string }).ts, l.ts) <= 0)).toBe(true);
  });

  it('filters by text, service and level as the UI builds them', async () => {
    const page = await lokiLogs(client(), { limit: 100, text: 'line 1 ', services: ['worker'], levels: ['info'] }, range());
    expect(page.entries.map((e) => e.message)).toEqual(['worker line 1 ts=0']);
    const errors = await lokiLogs(client(), { limit: 100, levels: ['error'] }, range());
    expect(errors.entries).toHaveLength(20);
    expect(new Set(errors.entries.map((e) => e.service))).toEqual(new Set(['api']));
  });

  it('finds the demo story it was seeded with', async () => {
    const seeded = loki().story;
    const c = realLokiClient(loki()).client;
    const page = await lokiLogs(c, { limit: 50, text: 'TokenInvalidError' }, ctx(seeded.fromMs, seeded.anchorMs + 1));
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.every((e) => e.message.includes('TokenInvalidError'))).toBe(true);
  });
});
