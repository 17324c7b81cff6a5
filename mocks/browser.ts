import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { RequestHandler, WebSocketHandler } from 'msw';
import { dropUnreadBodyCopies } from './drop-body-copies';
import { createHandlers } from './handlers';
import { MOCKS_PROBE_HEADER, MOCKS_PROBE_PATH, waitForMocks } from './ready';
import { createMockController, SCENARIOS } from './scenarios';
import type { MockController, MockScenarioName } from './scenarios';

export { SCENARIOS };
export type { MockScenarioName };

export interface StartedMocks {
  controller: MockController;
  stop: () => void;
}

export interface StartMocksOptions {
  /** A location search string: `?scenario=` picks the scenario, `?mockNow=<ISO>` anchors the story. */
  search?: string;
  /**
   * The story's anchor (epoch ms) when `?mockNow=` gives none: the console service's
   * `demoAnchorMs`, so the page's mocks and the service's watcher tell the same story. Default: now.
   */
  anchorMs?: number;
  /** Where the host serves MSW's worker script (`npx msw init <public dir>`); default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  quiet?: boolean;
  /** The host's own handlers, tried before the console's (e.g. its API, or per-test overrides). */
  handlers?: Array<RequestHandler | WebSocketHandler>;
  /** How long to wait for the worker to answer this page (see mocks/ready.ts); default 5 s. */
  readyTimeoutMs?: number;
}

/** How long a page may stay uncontrolled after `worker.start()` before it is reloaded (once). */
const UNCONTROLLED_GRACE_MS = 2_000;
const RELOAD_KEY = 'spine-console.mocks-reloaded-at';

/** Reloads the page unless it did so in the last 30 s (no reload loop); true when reloading. */
function reloadOnce(): boolean {
  try {
    const last = Number(sessionStorage.getItem(RELOAD_KEY));
    if (Number.isFinite(last) && Date.now() - last < 30_000) return false;
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
  } catch {
    return false; // storage blocked: no way to avoid a loop, so do not reload
  }
  location.reload();
  return true;
}

function forgetReload() {
  try {
    sessionStorage.removeItem(RELOAD_KEY);
  } catch {
    // storage blocked: nothing was stored
  }
}

/** Resolves on the next `controllerchange` of this page (the new worker claimed it). */
function controllerChanges(): () => Promise<void> {
  let resolveNext: () => void = () => undefined;
  let next = new Promise<void>((resolve) => (resolveNext = resolve));
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    resolveNext();
    next = new Promise<void>((resolve) => (resolveNext = resolve));
  });
  return () => next;
}

/**
 * Starts the MSW service worker with the scenario named in `?scenario=` (default: incident).
 * `?mockNow=<ISO>` anchors the simulated story at a fixed moment. Resolves only once the worker
 * answers this page's requests (not merely once it acknowledged the page), so nothing the console
 * fetches afterwards can slip past the mocks to the server; rejects if that does not happen.
 */
export async function startMocks(options: StartMocksOptions = {}): Promise<StartedMocks> {
  const params = new URLSearchParams(options.search ?? '');
  const mockNow = Date.parse(params.get('mockNow') ?? '');
  const controller = createMockController({
    scenario: params.get('scenario'),
    anchorMs: Number.isNaN(mockNow) ? (options.anchorMs ?? Date.now()) : mockNow,
  });
  const probe = http.get(`*${MOCKS_PROBE_PATH}`, () => HttpResponse.json({ mocks: 'ready' }, { headers: { [MOCKS_PROBE_HEADER]: 'ready', 'cache-control': 'no-store' } }));
  const worker = setupWorker(probe, ...(options.handlers ?? []), ...createHandlers(controller));
  dropUnreadBodyCopies(worker);
  const controllerChange = controllerChanges();
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: options.quiet ?? true,
  });
  const timeoutMs = options.readyTimeoutMs ?? 5_000;
  let ready = await waitForMocks({ timeoutMs: Math.min(UNCONTROLLED_GRACE_MS, timeoutMs), controllerChange });
  if (!ready.ready && !navigator.serviceWorker.controller && reloadOnce()) {
    // The worker this page talked to unregistered itself (its previous page closed) and nothing
    // controls the page: a fresh load registers a new one, as MSW itself does in this case.
    return new Promise<never>(() => undefined);
  }
  if (!ready.ready) ready = await waitForMocks({ timeoutMs: Math.max(0, timeoutMs - ready.waitedMs), controllerChange });
  if (!ready.ready) {
    worker.stop();
    throw new Error(`the mock service worker did not take control of this page within ${Math.round(timeoutMs / 1000)} s; reload the page`);
  }
  forgetReload();
  return { controller, stop: () => worker.stop() };
}
