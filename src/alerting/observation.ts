/**
 * What the evaluator sees: a snapshot of normalized data at one instant. Minimal shapes so it
 * can be fed from the app's query data (ServiceHealth, FeedStatus, QueueStats, log volume,
 * IssueGroup + issueState) and from the simulator alike. Times are epoch ms.
 * A field left out means "no data for it": rules needing it are skipped, incidents kept.
 */
import type { FeedState, HealthStatus, LogLevel } from '@/lib/model';

export interface CheckObs {
  at: number;
  status: HealthStatus;
}

export interface ServiceObs {
  id: string;
  name?: string;
  /** Current status; used as one check at `lastCheckAt` (or the observation time) when `checks` is absent. */
  status: HealthStatus;
  lastCheckAt?: number | null;
  /** Recent checks, oldest first (ServiceHealth.checks). Checks already seen are ignored. */
  checks?: CheckObs[];
  message?: string | null;
}

export interface FeedObs {
  id: string;
  name: string;
  state: FeedState;
  lagSeconds?: number | null;
  lastError?: string | null;
}

export interface QueueObs {
  name: string;
  depth: number;
  oldestTaskAgeSeconds: number | null;
  /** Workers consuming the queue (filtered by `workers[].online` when the observation has workers). */
  workers: string[];
}

export interface WorkerObs {
  name: string;
  online: boolean;
}

/** Lines of one service at one level in [from, to). Re-sending a bucket replaces it. */
export interface LogCountObs {
  from: number;
  to: number;
  service: string;
  level: LogLevel;
  count: number;
}

export type IssueStatusObs = 'new' | 'ongoing' | 'escalating' | 'regressed' | 'resolved' | 'ignored';

export interface IssueObs {
  id: string;
  title: string;
  status: IssueStatusObs;
  count: number;
  firstSeenAt?: number;
  lastSeenAt?: number;
  services?: string[];
  level?: LogLevel;
}

export interface Observation {
  at: number;
  services?: ServiceObs[];
  feeds?: FeedObs[];
  queues?: QueueObs[];
  workers?: WorkerObs[];
  /** Log counts; an empty array means "logs are watched and nothing came" (dead-man rules need it). */
  logs?: LogCountObs[];
  issues?: IssueObs[];
}
