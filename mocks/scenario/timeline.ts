/**
 * The incident story, relative to the anchor. Everything here is a pure function of
 * (scenario name, anchorMs, t). `healthy` and `empty` have no incidents.
 */
import { DAY, HOUR, MINUTE } from './timefmt';
import type { ScenarioName, SimIncident } from './types';

/** Offsets from the anchor (ms). */
export const T = {
  /** TokenInvalidError baseline (a couple per hour) starts: the issue is "first seen" ~3 days ago. */
  tokenBaselineStart: -3 * DAY,
  pgStart: -95 * MINUTE,
  pgEnd: -80 * MINUTE,
  secLateStart: -70 * MINUTE,
  secFailStart: -50 * MINUTE,
  tokenBurstStart: -40 * MINUTE,
  tokenPlateauEnd: 30 * MINUTE,
  tokenBurstEnd: 60 * MINUTE,
  /** Recurring TokenInvalidError bursts after the anchor: every 4 h from anchor+4h, 20 min long. */
  tokenRecurFirst: 4 * HOUR,
  tokenRecurEvery: 4 * HOUR,
  tokenRecurLength: 20 * MINUTE,
  worker2Down: -35 * MINUTE,
  ollamaDown: -20 * MINUTE,
} as const;

export const TOKEN_BASELINE_PER_MIN = 2 / 60;
export const TOKEN_PEAK_PER_MIN = 12;
export const TOKEN_RECUR_PER_MIN = 6;
/** default-queue inflow vs. what worker-1 alone drains during the backlog (tasks/min). */
export const BACKLOG_INFLOW_PER_MIN = 20;
export const BACKLOG_DRAIN_PER_MIN = 8;

export const INCIDENT_IDS = {
  pg: 'pg-outage',
  sec: 'sec-rate-limit',
  token: 'token-invalid',
  worker: 'worker-down',
  ollama: 'ollama-down',
} as const;

export type SecPhase = 'ok' | 'late' | 'failing';

export interface Timeline {
  readonly active: boolean;
  incidents(): SimIncident[];
  pgDown(t: number): boolean;
  secPhase(t: number): SecPhase;
  worker2Down(t: number): boolean;
  /** Minutes the default-queue backlog has been building at t (0 when none). */
  backlogMinutes(t: number): number;
  ollamaDown(t: number): boolean;
  /** TokenInvalidError baseline rate (events/min) at t. */
  tokenBaselinePerMin(t: number): number;
  /** TokenInvalidError burst rate (events/min, on top of the baseline) at t. */
  tokenBurstPerMin(t: number): number;
}

const QUIET: Timeline = {
  active: false,
  incidents: () => [],
  pgDown: () => false,
  secPhase: () => 'ok',
  worker2Down: () => false,
  backlogMinutes: () => 0,
  ollamaDown: () => false,
  tokenBaselinePerMin: () => 0,
  tokenBurstPerMin: () => 0,
};

export function buildTimeline(name: ScenarioName, anchorMs: number): Timeline {
  if (name !== 'incident') return QUIET;
  const a = anchorMs;
  const rel = (t: number) => t - a;
  return {
    active: true,
    incidents: () => [
      { id: INCIDENT_IDS.pg, title: 'PostgreSQL down: ConnectionRefusedError [Errno 111] Connection refused', service: 'postgres', startMs: a + T.pgStart, endMs: a + T.pgEnd },
      { id: INCIDENT_IDS.sec, title: 'SEC EDGAR rate limiting (429 Too Many Requests): sec-rss late, then failing', service: 'spine-dev-celery-worker', startMs: a + T.secLateStart, endMs: null },
      { id: INCIDENT_IDS.token, title: 'TokenInvalidError burst in capture_spine.api.auth (recurs every 4 h)', service: 'spine-dev-api', startMs: a + T.tokenBurstStart, endMs: null },
      { id: INCIDENT_IDS.worker, title: 'celery@spine-dev-celery-worker-2 offline: backlog on queue default', service: 'spine-dev-celery-worker', startMs: a + T.worker2Down, endMs: null },
      { id: INCIDENT_IDS.ollama, title: 'Ollama service unavailable: genai-spine-api degraded', service: 'spine-ollama', startMs: a + T.ollamaDown, endMs: null },
    ],
    pgDown: (t) => rel(t) >= T.pgStart && rel(t) < T.pgEnd,
    secPhase: (t) => (rel(t) >= T.secFailStart ? 'failing' : rel(t) >= T.secLateStart ? 'late' : 'ok'),
    worker2Down: (t) => rel(t) >= T.worker2Down,
    backlogMinutes: (t) => Math.max(0, (rel(t) - T.worker2Down) / MINUTE),
    ollamaDown: (t) => rel(t) >= T.ollamaDown,
    tokenBaselinePerMin: (t) => (rel(t) >= T.tokenBaselineStart ? TOKEN_BASELINE_PER_MIN : 0),
    tokenBurstPerMin: (t) => tokenBurst(rel(t)),
  };
}

function tokenBurst(r: number): number {
  if (r < T.tokenBurstStart) return 0;
  if (r < 0) {
    const x = (r - T.tokenBurstStart) / -T.tokenBurstStart; // 0 → 1 over the 40 min ramp
    return 0.5 + (TOKEN_PEAK_PER_MIN - 0.5) * x * x;
  }
  if (r < T.tokenPlateauEnd) return TOKEN_PEAK_PER_MIN;
  if (r < T.tokenBurstEnd) {
    const x = (r - T.tokenPlateauEnd) / (T.tokenBurstEnd - T.tokenPlateauEnd);
    return TOKEN_PEAK_PER_MIN * (1 - x);
  }
  if (r >= T.tokenRecurFirst) {
    const phase = (r - T.tokenRecurFirst) % T.tokenRecurEvery;
    if (phase < T.tokenRecurLength) return TOKEN_RECUR_PER_MIN;
  }
  return 0;
}

/** Everything a generator needs: the scenario identity plus its timeline. */
export interface Ctx {
  readonly name: ScenarioName;
  readonly seed: number;
  readonly anchorMs: number;
  readonly tl: Timeline;
}

export function makeCtx(name: ScenarioName, seed: number, anchorMs: number): Ctx {
  return { name, seed, anchorMs, tl: buildTimeline(name, anchorMs) };
}
