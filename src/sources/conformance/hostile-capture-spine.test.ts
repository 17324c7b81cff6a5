// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { captureSpineAdapter } from '@/sources/capture-spine';
import { MAX_RETRY_AFTER_MS, retryDelay } from '@/sources/source-error';
import type { BadResponse } from './hostile-corpus';
import { assertSane, fetchServing, GENERIC_CASES, NOW, outcomeOf } from './hostile-corpus';

const CONFIG = { baseUrl: '/proxy/capture-spine' };
const CAPS = ['serviceHealth', 'feedStatus', 'queueStats', 'logs', 'history', 'testConnection'] as const;
const nulls = (keys: string[]) => JSON.stringify(Object.fromEntries(keys.map((k) => [k, null])));

/** Bad answers shaped like capture-spine's own responses. */
export const CAPTURE_SPINE_CASES: BadResponse[] = [
  { name: 'dashboard: nulls everywhere', body: nulls(['services', 'overall_status', 'timestamp', 'history']) },
  { name: 'dashboard: services as an object', body: '{"services":{"api":{"status":"up"}},"overall_status":"healthy"}' },
  { name: 'dashboard: service with wrong types', body: '{"services":[{"name":42,"status":["up"],"response_time_ms":"fast","last_check":{}}]}' },
  { name: 'feeds: array of nulls', body: '{"feeds":[null,null],"total":"2"}' },
  { name: 'feeds: NaN / Infinity strings', body: '{"feeds":[{"name":"sec-rss","items_total":"NaN","lag_seconds":"Infinity","last_run":"not a date"}]}' },
  { name: 'queues: huge and negative numbers', body: '{"queues":[{"name":"default","depth":1e308,"workers":-5,"rate_per_min":-1e308}],"history":[]}' },
  { name: 'queues: history with __proto__ items', body: '{"queues":[],"history":[{"__proto__":{"polluted":"yes"},"t":"2026-11-28T10:00:00Z"}]}' },
  { name: 'alerts: alerts as a string', body: '{"alerts":"none","total_count":0}' },
  { name: 'alerts: items with invalid timestamps and unknown levels', body: '{"alerts":[{"timestamp":"yesterday","level":"<b>PANIC</b>","service":null,"message":{"nested":true}}]}' },
  { name: 'alerts: 10k-character logger and message arrays', body: JSON.stringify({ alerts: [{ timestamp: '2026-11-28T09:59:00Z', level: 'ERROR', service: 's', logger: 'l'.repeat(10_000), message: ['a', 'b'] }] }) },
  { name: 'health: status as a number', body: '{"status":500,"version":{"major":1}}' },
  { name: 'history: segment ending before it starts', body: '{"generated_at":"2026-11-28T10:00:00Z","services":[{"name":"db","segments":[{"from":"2026-11-28T10:00:00Z","to":"2026-11-28T09:00:00Z","status":"healthy","checks":3}]}],"feeds":[{"feed_id":"f","name":"f","enabled":true,"runs":[{"id":1}]}]}' },
  { name: 'alerts: timestamp 1e20', body: '{"alerts":[{"timestamp":1e20,"level":"ERROR","service":"s","message":"m"}]}' },
];

describe('capture-spine adapter under hostile answers', () => {
  const cases = [...GENERIC_CASES, ...CAPTURE_SPINE_CASES];
  it('has its share of the corpus', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, response) => {
    for (const cap of CAPS) {
      const outcome = await outcomeOf('capture-spine', CONFIG, cap, response);
      expect(assertSane(outcome), cap).toBeNull();
    }
  });
});

describe('Retry-After from a hostile server', () => {
  it('a huge Retry-After is capped, so setTimeout never overflows into an immediate retry storm', async () => {
    const client = captureSpineAdapter.createClient(captureSpineAdapter.configSchema.parse(CONFIG), {
      sourceId: 'c',
      now: () => NOW,
      fetch: fetchServing({ name: '429', status: 429, headers: { 'retry-after': '1e10' }, body: '' }),
    });
    const error = await captureSpineAdapter.capabilities.feedStatus!(client, {}, { signal: new AbortController().signal, range: { from: 0, to: NOW } }).catch((e: unknown) => e);
    expect(retryDelay(1, error)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('backoff is exponential with full jitter when no Retry-After is sent', () => {
    // TanStack Query passes 0 before the first retry, 1 before the second.
    expect([retryDelay(0, null, () => 0), retryDelay(0, null, () => 1)]).toEqual([1000, 2000]);
    expect([retryDelay(1, null, () => 0), retryDelay(1, null, () => 1)]).toEqual([2000, 4000]);
    expect(new Set(Array.from({ length: 20 }, () => retryDelay(0, null))).size).toBeGreaterThan(1);
  });
});
