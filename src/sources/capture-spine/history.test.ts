// @vitest-environment node
/**
 * The history capability (the rule editor's backtest) on small answers in the proposed shapes of
 * docs/capture-spine-api.md: check segments, feed states derived at every step, queue depths.
 */
import { describe, expect, it } from 'vitest';
import { captureSpineAdapter } from './index';
import { createCaptureSpineClient } from './client';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const MIN = 60_000;
const range = { from: NOW - 30 * MIN, to: NOW };
const iso = (ms: number) => new Date(ms).toISOString();

const HEALTH = {
  generated_at: iso(NOW),
  check_interval_seconds: 30,
  services: [
    {
      name: 'db',
      display_name: 'Postgres',
      segments: [
        { from: iso(NOW - 10 * MIN), to: iso(NOW), status: 'unhealthy', checks: 21 },
        { from: iso(NOW - 30 * MIN), to: iso(NOW - 10 * MIN - 30_000), status: 'healthy', checks: 40 },
      ],
    },
  ],
};
const run = (id: string, startMin: number, status: 'success' | 'failed', error: string | null = null) => ({
  id,
  feed_name: 'filings',
  status,
  started_at: iso(NOW - startMin * MIN),
  completed_at: iso(NOW - startMin * MIN + 10_000),
  items_processed: 5,
  items_new: 1,
  items_failed: 0,
  errors: error ? [error] : [],
  error_type: error ? 'HTTPStatusError' : null,
});
const FEEDS = {
  generated_at: iso(NOW),
  feeds: [{ feed_id: 'f1', name: 'filings', enabled: true, poll_interval_seconds: 600, runs: [run('r1', 40, 'success'), run('r2', 30, 'success'), run('r3', 20, 'failed', '429 Too Many Requests')] }],
};
const QUEUES = {
  generated_at: iso(NOW),
  queues: [
    { name: 'default', messages: 40, active: 1, reserved: 0, consumers: ['w1'], succeeded_per_minute: 1, failed_per_minute: 0, oldest_message_age_seconds: 60, history: [{ t: iso(NOW), messages: 40 }, { t: iso(NOW - 15 * MIN), messages: 2 }] },
  ],
  workers: [],
};

function client(answers: Record<string, unknown>) {
  const asked: URL[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://console.test');
    asked.push(url);
    const body = Object.entries(answers).find(([path]) => url.pathname.endsWith(path))?.[1];
    return body === undefined ? new Response('not found', { status: 404 }) : Response.json(body);
  }) as typeof globalThis.fetch;
  return { asked, client: createCaptureSpineClient(captureSpineAdapter.configSchema.parse({ baseUrl: '/proxy/capture-spine' }), { sourceId: 'capture-spine', fetch, now: () => NOW }) };
}
const history = captureSpineAdapter.capabilities.history!;
const ctx = { signal: new AbortController().signal, range };

describe('capture-spine history', () => {
  it('normalizes check segments (oldest first), feed states at each step and queue depths', async () => {
    const { client: c } = client({ '/system/health-history': HEALTH, '/feeds/history': FEEDS, '/queues/stats': QUEUES });
    const h = await history(c, { kinds: ['services', 'feeds', 'queues'], stepMs: 10 * MIN }, ctx);
    expect(h.services).toEqual([
      {
        id: 'db',
        name: 'Postgres',
        segments: [
          { from: iso(NOW - 30 * MIN), to: iso(NOW - 10 * MIN - 30_000), status: 'up', checks: 40 },
          { from: iso(NOW - 10 * MIN), to: iso(NOW), status: 'down', checks: 21 },
        ],
      },
    ]);
    // Every 10 min: the run of 30 min ago has just started (running), then succeeded; the run of
    // 20 min ago failed, and the feed is still failing at the end.
    expect(h.feeds?.[0]?.points.map((p) => [p.at, p.state, p.lastError])).toEqual([
      [iso(NOW - 30 * MIN), 'running', null],
      [iso(NOW - 20 * MIN), 'running', null],
      [iso(NOW - 10 * MIN), 'failing', "HTTPStatusError: 429 Too Many Requests"],
      [iso(NOW), 'failing', "HTTPStatusError: 429 Too Many Requests"],
    ]);
    expect(h.queues).toEqual([{ name: 'default', points: [{ at: iso(NOW - 15 * MIN), depth: 2 }, { at: iso(NOW), depth: 40 }] }]);
    expect(h.warnings).toEqual([]);
  });

  it('asks only for the kinds wanted, over the range, at the step, for the services named', async () => {
    const { client: c, asked } = client({ '/system/health-history': HEALTH, '/queues/stats': QUEUES });
    const h = await history(c, { kinds: ['services', 'queues'], stepMs: 5 * MIN, services: ['db', 'api'] }, ctx);
    expect(h.feeds).toBeUndefined();
    expect(asked.map((u) => `${u.pathname}?${u.searchParams}`).sort()).toEqual([
      '/proxy/capture-spine/api/v1/queues/stats?minutes=30&step_seconds=300',
      '/proxy/capture-spine/api/v1/system/health-history?minutes=30&services=db%2Capi',
    ]);
  });

  it('refuses a step under 10 s and a malformed history with a parse error that names the field', async () => {
    const { client: c } = client({ '/system/health-history': { generated_at: iso(NOW), services: [{ name: 'db', segments: [{ from: iso(NOW), to: iso(NOW - MIN), status: 'healthy', checks: 1 }] }] } });
    await expect(history(c, { kinds: ['services'], stepMs: 1_000 }, ctx)).rejects.toThrow(RangeError);
    await expect(history(c, { kinds: ['services'], stepMs: MIN }, ctx)).rejects.toMatchObject({ code: 'parse', message: expect.stringContaining('services.0.segments.0.to') });
  });
});
