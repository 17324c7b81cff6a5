/**
 * Deterministic, seeded simulator of the Spine ecosystem over time. Every fact is a pure
 * function of (scenario name, seed, anchorMs, time). The incident story lives in timeline.ts.
 */
export { createScenario, DEFAULT_SEED } from './scenario';
export { INCIDENT_IDS, T as INCIDENT_OFFSETS } from './timeline';
export { BUCKET_MS } from './logs';
export type {
  LogQueryOptions,
  Scenario,
  ScenarioName,
  ScenarioOptions,
  SimCheck,
  SimException,
  SimFeed,
  SimFeedRun,
  SimIncident,
  SimLevel,
  SimLogEvent,
  SimLogFormat,
  SimLogShape,
  SimQueue,
  SimService,
  SimStatus,
  SimWorker,
} from './types';
