/**
 * The console's normalized domain model. Every adapter maps its wire format into these
 * types; tiles and views only ever see these. Times are ISO-8601 strings (UTC) unless the
 * field says otherwise; log timestamps keep nanosecond precision as decimal strings.
 */

/* ------------------------------------------------------------------ health */

export type HealthStatus = 'up' | 'degraded' | 'down' | 'unknown';

export interface HealthCheck {
  /** When the check ran (ISO). */
  at: string;
  status: HealthStatus;
  /** Round-trip time of the probe, or null when it did not answer. */
  responseTimeMs: number | null;
}

export interface ServiceHealth {
  /** Stable id, e.g. the container name `spine-dev-api`. */
  id: string;
  /** Human name, e.g. "capture-spine API". */
  name: string;
  /** Grouping used by check-health.ps1: Core Applications, GenAI Spine, Monitoring… */
  group: string | null;
  status: HealthStatus;
  /** Marked critical in the ecosystem's health script: a down critical service pages. */
  critical: boolean;
  lastCheckAt: string | null;
  responseTimeMs: number | null;
  /** Uptime over the requested range, 0–100, null when no checks fell in it. */
  uptimePct: number | null;
  /** Recent checks, oldest first (the heartbeat bar). */
  checks: HealthCheck[];
  version: string | null;
  /** Last error or reason for a non-up status. */
  message: string | null;
}

export interface ServiceHealthReport {
  services: ServiceHealth[];
  /** When the source produced the report (ISO). */
  generatedAt: string;
  warnings: string[];
}

/* ------------------------------------------------------------------- feeds */

export type FeedCadence =
  | { kind: 'interval'; seconds: number }
  | { kind: 'cron'; expression: string };

/** Derived health of a feed against its cadence. */
export type FeedState = 'on_time' | 'late' | 'missed' | 'failing' | 'running' | 'disabled' | 'unknown';

export type FeedRunStatus = 'pending' | 'running' | 'success' | 'failed' | 'cancelled';

export interface FeedRunSummary {
  id: string;
  status: FeedRunStatus;
  startedAt: string;
  completedAt: string | null;
  itemsNew: number;
  itemsFailed: number;
  itemsProcessed: number;
  errorType: string | null;
  errors: string[];
}

export interface FeedStatus {
  id: string;
  name: string;
  /** rss, daily_index, full_index, monthly_xbrl, api… */
  type: string | null;
  enabled: boolean;
  cadence: FeedCadence | null;
  state: FeedState;
  lastRun: FeedRunSummary | null;
  /** When the next run was due (ISO), if known. */
  nextDueAt: string | null;
  /** Seconds past the due time (0 when on time); null when unknown. */
  lagSeconds: number | null;
  consecutiveFailures: number;
  /** Last error message, including the exception type when known. */
  lastError: string | null;
}

export interface FeedStatusReport {
  feeds: FeedStatus[];
  generatedAt: string;
  warnings: string[];
}

/* ------------------------------------------------------------------ queues */

export interface QueueDepthPoint {
  at: string;
  depth: number;
}

export interface QueueStats {
  name: string;
  depth: number;
  active: number;
  reserved: number;
  /** Names of the workers consuming this queue. */
  workers: string[];
  succeededPerMin: number;
  failedPerMin: number;
  /** Age of the oldest waiting task in seconds; null when the queue is empty or unknown. */
  oldestTaskAgeSeconds: number | null;
  /** Depth over the requested range, oldest first. */
  depthHistory: QueueDepthPoint[];
}

export interface WorkerInfo {
  name: string;
  status: 'online' | 'offline';
  queues: string[];
  active: number;
  lastHeartbeatAt: string | null;
}

export interface QueueStatsReport {
  queues: QueueStats[];
  workers: WorkerInfo[];
  generatedAt: string;
  warnings: string[];
}

/* ----------------------------------------------------------------- history */

/** Consecutive checks of one service with the same status (run-length encoded check history). */
export interface StatusSegment {
  /** First and last check of the run (ISO). */
  from: string;
  to: string;
  status: HealthStatus;
  /** Checks in the run, evenly spaced from `from` to `to`. */
  checks: number;
}

export interface ServiceCheckHistory {
  id: string;
  name: string;
  segments: StatusSegment[];
}

/** A feed's derived state at one instant of its history. */
export interface FeedStatePoint {
  at: string;
  state: FeedState;
  lagSeconds: number | null;
  lastError: string | null;
}

export interface FeedStateHistory {
  id: string;
  name: string;
  points: FeedStatePoint[];
}

export interface QueueDepthHistory {
  name: string;
  points: QueueDepthPoint[];
}

/** Kinds of history a source can replay for the alert backtest (log volume is the logVolume capability). */
export type HistoryKind = 'services' | 'feeds' | 'queues';

/** What a source kept over a range; a kind left out means the source has no such history. */
export interface SourceHistory {
  services?: ServiceCheckHistory[];
  feeds?: FeedStateHistory[];
  queues?: QueueDepthHistory[];
  warnings: string[];
}

/* -------------------------------------------------------------------- logs */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'critical' | 'unknown';

/**
 * One log event as any source returns it. `timeNs` is nanoseconds since the epoch as a
 * decimal string: it never passes through a JavaScript number (which loses precision
 * past 2^53).
 */
export interface LogEntry {
  /** Unique and stable within a source: stream id + timestamp + tie-breaker. */
  id: string;
  timeNs: string;
  service: string | null;
  level: LogLevel;
  message: string;
  /** Loki stream labels / Elasticsearch fields, flattened to strings. */
  labels: Record<string, string>;
  /** The line exactly as stored. */
  raw: string;
  /** Identity of the stream the line came from (Loki label set, ES index + service…). */
  streamId: string;
}

export interface LogPage {
  entries: LogEntry[];
  /** True when the source stopped at the line limit: older lines exist. */
  truncated: boolean;
  /** Opaque cursor for the next (older) page; null when there is none. */
  nextCursor: string | null;
  warnings: string[];
}

/**
 * The lines around one line in its own stream (the `logContext` capability), both lists oldest
 * first. The line itself is in neither; other lines at its nanosecond are, on the side their order
 * in the stream puts them.
 */
export interface LogContext {
  /** Lines before the line: the nearest one last. */
  before: LogEntry[];
  /** Lines after the line: the nearest one first. */
  after: LogEntry[];
  warnings: string[];
}

/** Volume by level over time, for the explorer's histogram. */
export interface LogVolumeBucket {
  /** Bucket start, ms since epoch. */
  at: number;
  counts: Partial<Record<LogLevel, number>>;
}

/* ------------------------------------------------------------ connections */

export interface ConnectionTest {
  ok: boolean;
  /** One line: "Reachable, capture-spine 0.3.1" or the cause of failure. */
  message: string;
  version: string | null;
  /** Round-trip time of the test, ms. */
  latencyMs: number | null;
  /**
   * What this server turned out to have of the adapter's capabilities, by capability name
   * (`logPatterns`), where it differs by server: an adapter lists what its kind can do, an older
   * server may not do all of it. A capability left out (or the whole field, for a source that does
   * not report it) is taken as provided.
   */
  capabilities?: Partial<Record<string, CapabilityStatus>>;
}

/** One capability on the server tested: there, not there (and why), or not known before it is used. */
export type CapabilityStatus =
  | { available: true }
  | {
      /** false: the server lacks it; null: the test cannot tell (it is tried when used). */
      available: false | null;
      /** A few words for the Sources view: "not on Loki 2.9.17: needs 3.0". */
      reason: string;
    };

/* ---------------------------------------------------------- log patterns */

/** Lines of one pattern per time step, for the sparkline. */
export interface LogPatternSample {
  /** Step start, ms since epoch. */
  at: number;
  count: number;
}

/**
 * A family of similar lines: Loki's pattern ingester (`<_>` marks a variable part) or the
 * console's own template miner over the lines it loaded (`<*>`).
 */
export interface LogPattern {
  pattern: string;
  /** Loki 3.6+ reports a level per pattern; null when the source does not. */
  level: LogLevel | null;
  /** Sum of the samples. */
  total: number;
  /** Oldest first. */
  samples: LogPatternSample[];
  /**
   * The source sent the pattern without its spaces (Loki does for lines that start with one), so
   * its text is shown as sent and its filter ignores spacing. Absent when the text is trusted.
   */
  spacesLost?: true;
}

export interface LogPatternReport {
  /** Most frequent first. */
  patterns: LogPattern[];
  warnings: string[];
}

/** A field Loki found by parsing lines (`/detected_fields`): what can be filtered on after a parser. */
export interface DetectedField {
  name: string;
  type: 'string' | 'int' | 'float' | 'boolean' | 'duration' | 'bytes';
  /** Approximate number of distinct values (Loki uses HyperLogLog). */
  cardinality: number;
  /** `json`, `logfmt`; empty for structured metadata. */
  parsers: string[];
  /**
   * Whether the console can filter on it: the label a filter compares (the name the parser gives
   * the field), or why it cannot (a name LogQL cannot express, a parser it does not know).
   */
  filter: { ok: true; label: string } | { ok: false; reason: string };
}

export interface DetectedFieldReport {
  /** Highest cardinality first. */
  fields: DetectedField[];
  warnings: string[];
}

/** The distinct values of one detected field (Loki `/detected_field/<name>/values`). */
export interface DetectedFieldValues {
  name: string;
  /** Distinct, in natural order (`2` before `10`). */
  values: string[];
  warnings: string[];
}
