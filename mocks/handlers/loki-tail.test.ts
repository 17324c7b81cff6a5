// jsdom environment: Node 20 has no global WebSocket for msw's ws interception.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockController } from '../scenarios';
import { lokiHandlers } from './loki';

let nowMs = Date.parse('2026-11-28T10:00:00Z');
const ctl = createMockController({ anchorMs: nowMs, now: () => nowMs });
const server = setupServer(...lokiHandlers(ctl));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('tail sends the look-back, then new entries as the clock advances', async () => {
  const start = `${nowMs - 60_000}000000`;
  const socket = new WebSocket(`ws://console.test/proxy/loki/loki/api/v1/tail?query=${encodeURIComponent('{job="docker"}')}&start=${start}&limit=5`);
  const frames: { streams: { values: [string, string][] }[] }[] = [];
  socket.addEventListener('message', (event: MessageEvent) => frames.push(JSON.parse(String(event.data)) as (typeof frames)[number]));
  await expect.poll(() => frames.length, { timeout: 3000 }).toBe(1);
  expect(frames[0]?.streams.flatMap((s) => s.values)).toHaveLength(5);
  nowMs += 30_000;
  await expect.poll(() => frames.length, { timeout: 3000 }).toBe(2);
  const fresh = frames[1]?.streams.flatMap((s) => s.values) ?? [];
  expect(fresh.length).toBeGreaterThan(0);
  for (const [ts] of fresh) expect(BigInt(ts) > BigInt(`${nowMs - 30_000}999999`)).toBe(true);
  socket.close();
});
