/**
 * Named mock scenarios, chosen with `?scenario=` and switchable at run time. A scenario is a
 * story of the simulator (healthy, incident, empty) plus transport faults per source. The fault
 * scenarios (`capture-spine-refused`, `loki-429`, `es-partial`, …) are generated from the fault
 * table in mocks/faults/catalog.ts.
 */
import { faultScenarios } from './faults/catalog';
import type { FaultKind, FaultScenarioName, SourceName } from './faults/catalog';
import { createScenario } from './scenario';
import type { Scenario, ScenarioName } from './scenario';

export type { SourceName };
export type Fault = FaultKind;
export { SLOW_DELAY_MS } from './faults/apply';

export interface MockScenarioDef {
  label: string;
  story: ScenarioName;
  faults: Partial<Record<SourceName, Fault>>;
}

const BASE_SCENARIOS = {
  incident: { label: 'Incident (default)', story: 'incident', faults: {} },
  healthy: { label: 'Healthy', story: 'healthy', faults: {} },
  empty: { label: 'Empty (nothing configured)', story: 'empty', faults: {} },
  slow: { label: 'Slow sources (3 s)', story: 'incident', faults: { 'capture-spine': 'slow', loki: 'slow', elasticsearch: 'slow' } },
  'capture-spine-down': { label: 'capture-spine down', story: 'incident', faults: { 'capture-spine': 'down' } },
  'hostile-logs': { label: 'Hostile log lines', story: 'incident', faults: { 'capture-spine': 'hostile', loki: 'hostile', elasticsearch: 'hostile' } },
  'all-500': { label: 'Every source: 500 with an HTML body', story: 'incident', faults: { 'capture-spine': 'html-500', loki: 'html-500', elasticsearch: 'html-500' } },
  'loki-2.9': { label: 'Loki 2.9 (no patterns or detected fields)', story: 'incident', faults: { loki: 'old-version' } },
  opensearch: { label: 'OpenSearch 2.10 as the Elasticsearch source', story: 'incident', faults: { elasticsearch: 'opensearch' } },
} as const satisfies Record<string, MockScenarioDef>;

export type MockScenarioName = keyof typeof BASE_SCENARIOS | FaultScenarioName;

export const SCENARIOS: Record<MockScenarioName, MockScenarioDef> = { ...BASE_SCENARIOS, ...faultScenarios() };

export const DEFAULT_SCENARIO: MockScenarioName = 'incident';

export function isMockScenario(name: string | null | undefined): name is MockScenarioName {
  return typeof name === 'string' && Object.hasOwn(SCENARIOS, name);
}

export interface MockController {
  current: () => MockScenarioName;
  set: (name: MockScenarioName) => void;
  scenario: () => Scenario;
  fault: (source: SourceName) => Fault | undefined;
  /** 0-based count of requests `source` received since the scenario was chosen (flapping uses it). */
  nextRequest: (source: SourceName) => number;
  now: () => number;
}

/** Holds the active scenario; the simulator itself is pure and anchored at `anchorMs`. */
export function createMockController(options: { scenario?: string | null; anchorMs: number; now?: () => number; seed?: number }): MockController {
  let name: MockScenarioName = isMockScenario(options.scenario) ? options.scenario : DEFAULT_SCENARIO;
  const cache = new Map<ScenarioName, Scenario>();
  const counts = new Map<SourceName, number>();
  const now = options.now ?? (() => Date.now());
  return {
    current: () => name,
    set: (next) => {
      name = next;
      counts.clear();
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
    fault: (source) => SCENARIOS[name].faults[source],
    nextRequest: (source) => {
      const n = counts.get(source) ?? 0;
      counts.set(source, n + 1);
      return n;
    },
    now,
  };
}
