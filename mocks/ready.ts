/**
 * Is the mock service worker answering this page's requests yet?
 *
 * `worker.start()` resolves when the worker has acknowledged the page, but the page can still be
 * uncontrolled, or controlled by the previous worker, for a moment: MSW's worker unregisters
 * itself when its last page closes (a reload does exactly that), so a reloaded page may start
 * before the new worker has claimed it. Requests sent in that gap bypass the mocks and reach the
 * console server, which has no source in demo mode. So: ask a probe URL that only the mocks answer
 * (any server answers it without the marker header: the SPA fallback, or a 404) until they do.
 */
export const MOCKS_PROBE_PATH = '/__spine-console/mocks-ready';
export const MOCKS_PROBE_HEADER = 'x-spine-console-mocks';

export interface WaitForMocksOptions {
  fetch?: typeof fetch;
  /** Give up after this long (the caller decides what then). */
  timeoutMs?: number;
  intervalMs?: number;
  /** Resolves when the page's service worker controller changes; probing resumes at once then. */
  controllerChange?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface MocksReady {
  ready: boolean;
  /** Probes sent, the successful one included. */
  attempts: number;
  waitedMs: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitForMocks(options: WaitForMocksOptions = {}): Promise<MocksReady> {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 50;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => Date.now());
  const started = now();
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const response = await fetchImpl(MOCKS_PROBE_PATH, { cache: 'no-store', headers: { accept: 'application/json' } });
      // The body is not needed; drain it so the connection is freed.
      void response.body?.cancel().catch(() => undefined);
      if (response.headers.get(MOCKS_PROBE_HEADER) === 'ready') return { ready: true, attempts, waitedMs: now() - started };
    } catch {
      // The network path failed (server down): the mocks are not answering either.
    }
    if (now() - started >= timeoutMs) return { ready: false, attempts, waitedMs: now() - started };
    const wait = sleep(intervalMs);
    await (options.controllerChange ? Promise.race([wait, options.controllerChange()]) : wait);
  }
}
