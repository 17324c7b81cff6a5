/**
 * Wire-format-independent simulation facts for the Spine ecosystem. Mock HTTP handlers turn
 * these into capture-spine JSON, Loki streams or Elasticsearch hits. All times are epoch ms
 * unless a field says otherwise.
 */

export type ScenarioName = 'healthy' | 'incident' | 'empty';

export interface ScenarioOptions {
  name: ScenarioName;
  /** Noise seed; defaults to 42. */
  seed?: number;
  /** The moment the story is anchored to (incidents are placed relative to it). */
  anchorMs: number;
}

export interface SimService {
  /** Container name, e.g. `spine-dev-api`. */
  id: string;
  name: string;
  group: string;
  critical: boolean;
  url: string;
  version: string | null;
}

export type SimStatus = 'up' | 'degraded' | 'down';

export interface SimCheck {
  at: number;
  status: SimStatus;
  responseTimeMs: number | null;
  httpStatus: number | null;
  error: string | null;
}

export interface SimFeed {
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  cron: string | null;
  intervalSeconds: number | null;
  url: string;
}

export interface SimFeedRun {
  id: string;
  feedName: string;
  status: 'running' | 'success' | 'failed';
  startedAt: number;
  completedAt: number | null;
  itemsProcessed: number;
  itemsNew: number;
  itemsDuplicate: number;
  itemsFailed: number;
  errors: string[];
  errorType: string | null;
}

export interface SimQueue {
  name: string;
  depth: number;
  active: number;
  reserved: number;
  /** Online workers consuming the queue. */
  workers: string[];
  succeededPerMin: number;
  failedPerMin: number;
  oldestTaskAgeSeconds: number | null;
}

export interface SimWorker {
  name: string;
  online: boolean;
  queues: string[];
  active: number;
  lastHeartbeatAt: number | null;
}

export type SimLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export type SimLogFormat = 'pipe' | 'dash' | 'bracket' | 'uvicorn' | 'ecs-json' | 'structlog';

export interface SimException {
  type: string;
  message: string;
  traceback: string[];
}

export interface SimLogEvent {
  /** Nanoseconds since the epoch, decimal digits only. */
  tsNs: string;
  service: string;
  logger: string;
  level: SimLevel;
  message: string;
  exception: SimException | null;
  format: SimLogFormat;
  /** The event as its service writes it: first line + traceback lines (ecs-json: one line). */
  lines: string[];
  incidentId: string | null;
}

/**
 * A log event without its text, for counting: the event's first line is at ms·10⁶ + sub ns (its
 * `tsNs`), and its `lines` Loki entries at consecutive nanoseconds from there.
 */
export interface SimLogShape {
  ms: number;
  /** Sub-millisecond nanoseconds, 0..999999. */
  sub: number;
  service: string;
  level: SimLevel;
  /** Lines as Loki stores them (first line + traceback; ecs-json: 1). Elasticsearch: one document. */
  lines: number;
}

export interface SimIncident {
  id: string;
  title: string;
  service: string;
  startMs: number;
  endMs: number | null;
}

export interface LogQueryOptions {
  limit?: number;
  direction?: 'backward' | 'forward';
  filter?: (e: SimLogEvent) => boolean;
}

export interface Scenario {
  name: ScenarioName;
  anchorMs: number;
  seed: number;
  services(): SimService[];
  checkIntervalMs: number;
  checks(serviceId: string, fromMs: number, toMs: number): SimCheck[];
  checkAt(serviceId: string, atMs: number): SimCheck;
  feeds(): SimFeed[];
  feedRuns(feedId: string, fromMs: number, toMs: number): SimFeedRun[];
  lastRun(feedId: string, atMs: number): SimFeedRun | null;
  queues(atMs: number): SimQueue[];
  queueDepth(name: string, fromMs: number, toMs: number, stepMs: number): { at: number; depth: number }[];
  workers(atMs: number): SimWorker[];
  incidents(): SimIncident[];
  logs(fromMs: number, toMs: number, opts?: LogQueryOptions): SimLogEvent[];
  /**
   * The events of one-minute bucket `b` (epoch ms / BUCKET_MS) without their text, in the order
   * and with the timestamps `logs()` gives them: a cheap way to count log volume.
   */
  logShapes(b: number): readonly SimLogShape[];
  /**
   * The same events for counting only: unordered, times before nanosecond ties are broken (a tied
   * event's sub may be a few ns lower than in `logShapes`), the visited object reused. Returns how
   * many were visited.
   */
  visitLogShapes(b: number, visit: (s: Readonly<SimLogShape>) => void): number;
}
