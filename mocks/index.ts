/**
 * `spine-console/mocks`: the demo's MSW handlers and scenario controls, so a host can run the
 * embedded console offline. Nothing here runs on import: a host calls `startMocks()` (which
 * registers a service worker at the URL it names) or builds its own worker from `createHandlers`.
 * Requires the optional peer dependency `msw` (2.x) and its worker script (`npx msw init public/`).
 */
export { createHandlers } from './handlers';
export { createMockController, DEFAULT_SCENARIO, isMockScenario, SCENARIOS } from './scenarios';
export type { Fault, MockController, MockScenarioDef, MockScenarioName, SourceName } from './scenarios';
export { startMocks } from './browser';
export type { StartMocksOptions, StartedMocks } from './browser';
export { DEMO_SOURCES } from '@/sources/demo-sources';
