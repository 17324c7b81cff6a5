import { setupWorker } from 'msw/browser';
import { createHandlers } from './handlers';
import { createMockController, SCENARIOS } from './scenarios';
import type { MockController, MockScenarioName } from './scenarios';

export { SCENARIOS };
export type { MockScenarioName };

export interface StartedMocks {
  controller: MockController;
  stop: () => void;
}

/**
 * Starts the MSW service worker with the scenario named in `?scenario=` (default: incident).
 * `?mockNow=<ISO>` anchors the simulated story at a fixed moment.
 */
export async function startMocks(options: { search: string; serviceWorkerUrl?: string; quiet?: boolean }): Promise<StartedMocks> {
  const params = new URLSearchParams(options.search);
  const mockNow = Date.parse(params.get('mockNow') ?? '');
  const controller = createMockController({
    scenario: params.get('scenario'),
    anchorMs: Number.isNaN(mockNow) ? Date.now() : mockNow,
  });
  const worker = setupWorker(...createHandlers(controller));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: options.quiet ?? true,
  });
  return { controller, stop: () => worker.stop() };
}
