/** Public API of the alerting engine (pure TypeScript; the UI lives elsewhere). */
export * from './rule-schemas';
export { ConfigError, SEVERITY_COLOURS, SEVERITY_RANK, defaultRules, defineRule, diffRules, exportConfig, importConfig, maxSeverity } from './rules';
export type { FieldError, ImportResult, RuleDiff } from './rules';
export type * from './observation';
export { applyAction, evaluate, initialState, openIncidents } from './evaluate';
export type { AlertEvent, AlertEventType, AlertState, EvaluateOptions, EvaluateResult, Incident, IncidentAction } from './evaluate';
export { activeMaintenance, isMuted, maintenanceBands } from './maintenance';
export type { MaintenanceBand } from './maintenance';
export { backtest, firingsOf } from './backtest';
export { compactObservation, HISTORY_LIMIT, HISTORY_MAX_AGE_MS, partsReadBy } from './observation-history';
export type { ObservationPart } from './observation-history';
export type { BacktestOptions, BacktestResult, Firing } from './backtest';
export { buildDigest, digestMarkdown } from './digest';
export type { Digest, DigestInput } from './digest';
export { alertName, exportLokiRules } from './loki-ruler';
export type { LokiExport, LokiExportOptions } from './loki-ruler';
export { formatDuration, parseDuration } from './duration';
