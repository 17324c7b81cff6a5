import { setupWorker } from 'msw/browser';
import type { RequestHandler, WebSocketHandler } from 'msw';
import { createHandlers } from './handlers';
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
  /** Where the host serves MSW's worker script (`npx msw init <public dir>`); default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  quiet?: boolean;
  /** The host's own handlers, tried before the console's (e.g. its API, or per-test overrides). */
  handlers?: Array<RequestHandler | WebSocketHandler>;
}

/**
 * Starts the MSW service worker with the scenario named in `?scenario=` (default: incident).
 * `?mockNow=<ISO>` anchors the simulated story at a fixed moment.
 */
export async function startMocks(options: StartMocksOptions = {}): Promise<StartedMocks> {
  const params = new URLSearchParams(options.search ?? '');
  const mockNow = Date.parse(params.get('mockNow') ?? '');
  const controller = createMockController({
    scenario: params.get('scenario'),
    anchorMs: Number.isNaN(mockNow) ? Date.now() : mockNow,
  });
  const worker = setupWorker(...(options.handlers ?? []), ...createHandlers(controller));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: options.quiet ?? true,
  });
  return { controller, stop: () => worker.stop() };
}
