/**
 * Named mock scenarios, chosen with `?scenario=` and switchable at run time. A scenario is a
 * story of the simulator (healthy, incident, empty) plus transport faults per source.
 */
import { createScenario } from './scenario';
import type { Scenario, ScenarioName } from './scenario';

export type SourceName = 'capture-spine' | 'loki' | 'elasticsearch';
export type Fault = 'down' | 'slow';

export interface MockScenarioDef {
  label: string;
  story: ScenarioName;
  faults: Partial<Record<SourceName, Fault>>;
}

export const SCENARIOS = {
  incident: { label: 'Incident (default)', story: 'incident', faults: {} },
  healthy: { label: 'Healthy', story: 'healthy', faults: {} },
  empty: { label: 'Empty (nothing configured)', story: 'empty', faults: {} },
  slow: { label: 'Slow sources (3 s)', story: 'incident', faults: { 'capture-spine': 'slow', loki: 'slow', elasticsearch: 'slow' } },
  'capture-spine-down': { label: 'capture-spine down', story: 'incident', faults: { 'capture-spine': 'down' } },
} as const satisfies Record<string, MockScenarioDef>;

export type MockScenarioName = keyof typeof SCENARIOS;
export const DEFAULT_SCENARIO: MockScenarioName = 'incident';
export const SLOW_DELAY_MS = 3_000;

export function isMockScenario(name: string | null | undefined): name is MockScenarioName {
  return typeof name === 'string' && Object.hasOwn(SCENARIOS, name);
}

export interface MockController {
  current: () => MockScenarioName;
  set: (name: MockScenarioName) => void;
  scenario: () => Scenario;
  fault: (source: SourceName) => Fault | undefined;
  now: () => number;
}

/** Holds the active scenario; the simulator itself is pure and anchored at `anchorMs`. */
export function createMockController(options: { scenario?: string | null; anchorMs: number; now?: () => number; seed?: number }): MockController {
  let name: MockScenarioName = isMockScenario(options.scenario) ? options.scenario : DEFAULT_SCENARIO;
  const cache = new Map<ScenarioName, Scenario>();
  const now = options.now ?? (() => Date.now());
  return {
    current: () => name,
    set: (next) => {
      name = next;
    },
    scenario: () => {
      const story = SCENARIOS[name].story;
      let s = cache.get(story);
      if (!s) {
        s = createScenario({ name: story, anchorMs: options.anchorMs, ...(options.seed === undefined ? {} : { seed: options.seed }) });
        cache.set(story, s);
      }
      return s;
    },
    fault: (source) => (SCENARIOS[name].faults as Partial<Record<SourceName, Fault>>)[source],
    now,
  };
}
