import { describe, expect, it } from 'vitest';
import { MOCKS_PROBE_HEADER, MOCKS_PROBE_PATH, waitForMocks } from './ready';

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

const fromServer = () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } });
const fromMocks = () => new Response('{"mocks":"ready"}', { headers: { [MOCKS_PROBE_HEADER]: 'ready' } });

describe('waitForMocks', () => {
  it('resolves at once when the mocks answer the probe', async () => {
    const seen: string[] = [];
    const result = await waitForMocks({ ...clock(), fetch: async (input) => (seen.push(String(input)), fromMocks()) });
    expect(result).toEqual({ ready: true, attempts: 1, waitedMs: 0 });
    expect(seen).toEqual([MOCKS_PROBE_PATH]);
  });

  it('keeps probing while the server answers (the page is not controlled yet)', async () => {
    let n = 0;
    const result = await waitForMocks({ ...clock(), intervalMs: 50, fetch: async () => (++n < 4 ? fromServer() : fromMocks()) });
    expect(result).toEqual({ ready: true, attempts: 4, waitedMs: 150 });
  });

  it('treats a failed probe (network error, 404 without the marker) as not ready yet', async () => {
    let n = 0;
    const result = await waitForMocks({
      ...clock(),
      fetch: async () => {
        n += 1;
        if (n === 1) throw new TypeError('Failed to fetch');
        if (n === 2) return new Response('Not found', { status: 404 });
        return fromMocks();
      },
    });
    expect(result.ready).toBe(true);
    expect(result.attempts).toBe(3);
  });

  it('gives up after the timeout and says so', async () => {
    const result = await waitForMocks({ ...clock(), timeoutMs: 1_000, intervalMs: 100, fetch: async () => fromServer() });
    expect(result.ready).toBe(false);
    expect(result.waitedMs).toBeGreaterThanOrEqual(1_000);
    expect(result.attempts).toBe(11);
  });

  it('probes again as soon as the controller changes, without waiting for the interval', async () => {
    let n = 0;
    let slept = 0;
    const result = await waitForMocks({
      now: () => 0,
      sleep: () => new Promise<void>(() => void (slept += 1)), // never resolves: only the controller change wakes it
      controllerChange: () => Promise.resolve(),
      fetch: async () => (++n < 2 ? fromServer() : fromMocks()),
    });
    expect(result).toMatchObject({ ready: true, attempts: 2 });
    expect(slept).toBe(1);
  });
});
