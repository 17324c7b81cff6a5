/**
 * The issue index's ingest (server/ingest/pull-lines.ts) against a real Loki: lines sharing one
 * nanosecond within and across streams, a traceback shipped one line per entry (in a stream with
 * no level label, as a per-line shipper leaves its frames) cut by a page and by a call, an INFO
 * 5xx, pulled in small pages from stored cursors with restarts between calls: every line is moved
 * past exactly once and every kept line comes out once, the traceback as one event.
 */
import { beforeAll, expect, it } from 'vitest';
import { lokiAdapter } from '@/sources/loki';
import type { ResolvedSource } from '@/sources/registry';
import { pullNewLines } from '../../server/ingest/pull-lines';
import type { IngestCursor, PulledBatch } from '../../server/ingest/pull-lines';
import { tenantHeaders } from '../harness/loki';
import { push } from '../harness/seed-loki';
import { describeEachLoki, realLokiClient, uniqueRun } from './real-loki';

const nsAt = (ms: number, i = 0) => (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(i)).toString();
const SEC = 1000;

describeEachLoki('Loki ingest', (loki) => {
  const run = uniqueRun('ingest');
  const T0 = Date.now() - 10 * 60_000;
  const api = { suite: run, service_name: 'api', level: 'error' };
  // No level label: Loki 2.9 gives these lines none, Loki 3 whatever it detects per line.
  const apiPlain = { suite: run, service_name: 'api', stream: 'stderr' };
  const web = { suite: run, service_name: 'web', level: 'warning' };
  const worker = { suite: run, service_name: 'worker', level: 'info' };
  const ts = (s: number) => `2026-12-01 10:00:${String(s).padStart(2, '0')},000`;
  const ties = Array.from({ length: 5 }, (_, i) => `${ts(0)} ERROR [app.api] tie ${i}`);
  const webTies = [`${ts(0)} WARNING [app.web] tie a`, `${ts(0)} WARNING [app.web] tie b`];
  const ok = 'INFO:     172.18.0.9:40000 - "GET /health HTTP/1.1" 200 OK';
  const unavailable = 'INFO:     172.18.0.9:40001 - "GET /feeds HTTP/1.1" 503 Service Unavailable';
  const traceback = [
    `${ts(12)} ERROR [app.api] request failed`,
    'Traceback (most recent call last):',
    '  File "/app/api.py", line 12, in handle',
    '    return run(request)',
    '  File "/app/run.py", line 40, in run',
    '    raise TokenInvalidError("Token is invalid or expired")',
    'TokenInvalidError: Token is invalid or expired',
  ];
  const webLater = [0, 1, 2].map((i) => `${ts(18)} WARNING [app.web] later ${i}`);
  const last = `${ts(24)} ERROR [app.api] last`;
  const pushed = ties.length + webTies.length + 2 + traceback.length + webLater.length + 1;
  // What the pipeline keeps, one event each; the 200 is moved past but not handed out.
  const expected = [...ties, ...webTies, unavailable, traceback.join('\n'), ...webLater, last].sort();

  const source = (): ResolvedSource => {
    const { client } = realLokiClient(loki(), { selector: `{suite="${run}"}` });
    return { instance: { id: `loki-${loki().version}`, kind: 'loki', label: 'Loki', config: {} }, adapter: lokiAdapter, client };
  };

  beforeAll(async () => {
    // Groups 6 s apart (more than the 5 s reassembly window), dense inside: one nanosecond, or 1 ms steps.
    await push(
      loki().url,
      {
        streams: [
          { stream: api, values: [...ties.map((l): [string, string] => [nsAt(T0), l]), [nsAt(T0 + 24 * SEC), last]] },
          { stream: web, values: [...webTies.map((l): [string, string] => [nsAt(T0), l]), ...webLater.map((l): [string, string] => [nsAt(T0 + 18 * SEC), l])] },
          { stream: worker, values: [[nsAt(T0 + 6 * SEC), ok], [nsAt(T0 + 6 * SEC + 1), unavailable]] },
          { stream: apiPlain, values: traceback.map((l, i): [string, string] => [nsAt(T0 + 12 * SEC + i), l]) },
        ],
      },
      tenantHeaders(loki()),
    );
  });

  it.each([
    [4, 2],
    [3, 3],
    [2, 4],
    [1000, 1],
  ])('pages of %i, %i per call, a restart before every call: every line once, the traceback whole', async (pageSize, maxPages) => {
    let cursor: IngestCursor | null = null;
    let lines = 0;
    const texts: string[] = [];
    const warnings: string[] = [];
    let calls = 0;
    for (; calls < 100; calls += 1) {
      // A new client each call and the cursor through JSON: what a restart from the store does.
      const b: PulledBatch = await pullNewLines(source(), cursor, { now: Date.now(), startNs: nsAt(T0 - SEC), pageSize, maxPages, signal: new AbortController().signal });
      cursor = JSON.parse(JSON.stringify(b.cursor)) as IngestCursor;
      lines += b.lines;
      texts.push(...b.events.map((e) => e.text));
      warnings.push(...b.warnings);
      expect(b.error).toBeNull();
      if (b.caughtUp) break;
    }
    expect(warnings).toEqual([]);
    expect(lines).toBe(pushed);
    expect(texts.sort()).toEqual(expected);
    // Small pages took several calls, so the cursor was stored and read back between them.
    if (pageSize < 7) expect(calls + 1).toBeGreaterThanOrEqual(3);
    // Caught up: another call finds nothing new and keeps the cursor.
    const again = await pullNewLines(source(), cursor, { now: Date.now(), pageSize, maxPages, signal: new AbortController().signal });
    expect(again).toMatchObject({ events: [], lines: 0, caughtUp: true, cursor });
  });
});
