// @vitest-environment jsdom
/**
 * The console server in front of a real Loki: queries and the live tail WebSocket go through its
 * proxy, which adds the tenant server-side (the browser never holds it). jsdom supplies the
 * browser's WebSocket, so the adapter's own tail code runs as it does in the page.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { createLokiClient } from '@/sources/loki/client';
import { lokiConfigSchema } from '@/sources/loki/config';
import { lokiLogs } from '@/sources/loki/logs';
import { lokiTail } from '@/sources/loki/tail';
import type { SourceError } from '@/sources/source-error';
import { readServerConfig } from '../../server/config';
import { createConsoleServer } from '../../server/serve';
import { tenantHeaders } from '../harness/loki';
import { push } from '../harness/seed-loki';
import { ctx, describeEachLoki, uniqueRun } from './real-loki';

describeEachLoki('Loki through the console proxy', (loki) => {
  let server: ReturnType<typeof createConsoleServer>;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    const env: Record<string, string> = { LOKI_URL: loki().url, ...(loki().tenant ? { LOKI_TENANT: loki().tenant as string } : {}) };
    server = createConsoleServer(readServerConfig(env), '/nonexistent');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/proxy/loki`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () =>
    createLokiClient(lokiConfigSchema.parse({ baseUrl: base }), {
      sourceId: 'loki',
      // The page's fetch: no tenant, no credentials; the proxy adds them.
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(String(input));
        return fetch(input, init);
      }) as typeof fetch,
      now: () => Date.now(),
    });

  it('queries carry the tenant only from the server side', async () => {
    const story = loki().story;
    const page = await lokiLogs(client(), { limit: 20, levels: ['error'] }, ctx(story.anchorMs - 3_600_000, story.anchorMs));
    expect(page.entries.length).toBe(20);
    expect(requests.every((r) => !/orgid|spine-test/i.test(r))).toBe(true);
  });

  it('the live tail streams a line pushed while it is open', async () => {
    const run = uniqueRun('tail');
    const received: LogEntry[] = [];
    const errors: SourceError[] = [];
    const abort = new AbortController();
    lokiTail(client(), { limit: 100, text: run, sinceMs: Date.now() - 1000 }, { onEntries: (e) => received.push(...e), onError: (e) => errors.push(e) }, abort.signal);
    try {
      // Loki's tail polls its ingesters about once a second; push until a line arrives.
      const deadline = Date.now() + 20_000;
      for (let i = 0; received.length === 0 && Date.now() < deadline; i += 1) {
        await push(loki().url, { streams: [{ stream: { job: 'tail-test', service_name: 'tail-test', level: 'error' }, values: [[`${Date.now()}000000`, `tail ${run} line ${i}`]] }] }, tenantHeaders(loki()));
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(errors).toEqual([]);
      }
    } finally {
      abort.abort();
    }
    expect(received[0]?.message).toMatch(new RegExp(`^tail ${run} line \\d+$`));
    expect(received[0]).toMatchObject({ service: 'tail-test', level: 'error' });
  });
});
