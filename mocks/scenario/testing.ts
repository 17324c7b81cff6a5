/** Shared fixtures for the scenario tests (not exported from index.ts). */
import { createScenario } from './scenario';
import type { Scenario, ScenarioName } from './types';

/** A frozen anchor: 2026-01-31T18:45:00.000Z (a Saturday). */
export const ANCHOR = Date.UTC(2026, 0, 31, 18, 45, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function scenario(name: ScenarioName = 'incident', seed?: number): Scenario {
  return createScenario({ name, anchorMs: ANCHOR, ...(seed === undefined ? {} : { seed }) });
}

export function msOf(tsNs: string): number {
  return Number(tsNs.slice(0, -6));
}
