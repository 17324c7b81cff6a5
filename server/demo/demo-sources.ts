/**
 * Demo mode without a browser: the simulated scenario's mocks answer the watcher's adapters
 * in-process (the same MSW handlers the page's worker runs), anchored where the page's are, so
 * the service's incidents and the page's tiles tell the same story.
 */
import { getResponse, RequestHandler } from 'msw';
import { createHandlers } from '../../mocks/handlers';
import { createMockController, isMockScenario, SCENARIOS } from '../../mocks/scenarios';
import type { MockController } from '../../mocks/scenarios';
import { resolveSource } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import type { SourceInstance } from '@/sources/source-adapter';

const ORIGIN = 'http://console.local';

/** A fetch answered by the demo's handlers; unknown URLs get a 404 naming them. */
export function createDemoFetch(controller: MockController): typeof fetch {
  const handlers = createHandlers(controller).filter((h): h is Extract<typeof h, RequestHandler> => h instanceof RequestHandler);
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), ORIGIN), init);
    const response = await getResponse(handlers, request);
    return response ?? new Response(`no demo mock for ${request.method} ${new URL(request.url).pathname}`, { status: 404 });
  };
}

export interface DemoWorld {
  sources: ResolvedSource[];
  scenario(): string;
  label(name: string): string;
  /** Switches the story the sources tell; false (and nothing changes) for an unknown name. */
  setScenario(name: string): boolean;
  names(): string[];
}

/** The demo's sources and the one switch of the story they tell. */
export function createDemoWorld(instances: readonly SourceInstance[], options: { anchorMs: number; now: () => number; scenario?: string }): DemoWorld {
  const controller = createMockController({ anchorMs: options.anchorMs, now: options.now, ...(options.scenario ? { scenario: options.scenario } : {}) });
  const fetch = createDemoFetch(controller);
  const sources = instances.flatMap((instance) => {
    const r = resolveSource(instance, { fetch, now: options.now });
    return r.ok ? [r.source] : [];
  });
  return {
    sources,
    scenario: () => controller.current(),
    label: (name) => (isMockScenario(name) ? SCENARIOS[name].label : name),
    setScenario: (name) => {
      if (!isMockScenario(name)) return false;
      controller.set(name);
      return true;
    },
    names: () => Object.keys(SCENARIOS),
  };
}

export function demoSources(instances: readonly SourceInstance[], options: { anchorMs: number; now: () => number }): ResolvedSource[] {
  return createDemoWorld(instances, options).sources;
}
