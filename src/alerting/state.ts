/** The evaluator's JSON-serialisable state and incident model. */
import type { LogLevel } from '@/lib/model';
import type { RuleKind, Severity } from './rule-schemas';

export type IncidentStatus = 'firing' | 'resolved';

export interface Incident {
  /** `${ruleId}|${subject}|${startedAt}`: one incident per rule × subject while it lasts. */
  id: string;
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  /** Service id, feed name, queue name or issue id. */
  subject: string;
  /** Human label of the subject (issue title, service name…). */
  subjectLabel: string;
  services: string[];
  severity: Severity;
  status: IncidentStatus;
  /** Kind-specific state: down | flapping | late | missed | failing | backlog… */
  condition: string;
  /** When the condition first held (before `for` elapsed). */
  pendingSince: number;
  startedAt: number;
  lastSeenAt: number;
  resolvedAt?: number;
  /** `scenario-changed`: the demo's simulated story was switched under it. */
  resolvedBy?: 'condition' | 'user' | 'rule-removed' | 'scenario-changed';
  /** Evaluations that found it firing. */
  count: number;
  summary: string;
  acknowledgedAt?: number;
  /** Who acknowledged it (the service's trusted user header); absent in the browser-only mode. */
  acknowledgedBy?: string;
  snoozedUntil?: number;
  /** Opened (or still) inside a maintenance window. */
  muted: boolean;
  /** A notification was sent for it (open or after its maintenance ended). */
  notified: boolean;
}

export interface SubjectTracker {
  pendingSince?: number;
  openId?: string;
  /** Resolved by hand while still true: wait for the condition to clear before opening again. */
  blockedUntilClear?: boolean;
}

export interface CheckTracker {
  lastCheckAt: number;
  fails: number;
  goods: number;
  down: boolean;
  lastRaw: 'up' | 'down' | null;
  /** Times of raw up↔down changes inside the flapping window. */
  changes: number[];
}

export interface LogBucket {
  from: number;
  to: number;
  counts: Partial<Record<LogLevel, number>>;
}

export interface AlertState {
  version: 1;
  incidents: Incident[];
  trackers: Record<string, SubjectTracker>;
  checks: Record<string, CheckTracker>;
  logs: {
    /** First observation that carried logs: the dead man's clock starts there. */
    since: number | null;
    buckets: Record<string, LogBucket[]>;
    lastSeen: Record<string, number>;
  };
}

/** Resolved incidents kept for the inbox. */
export const RESOLVED_KEPT = 500;

export function initialState(): AlertState {
  return { version: 1, incidents: [], trackers: {}, checks: {}, logs: { since: null, buckets: {}, lastSeen: {} } };
}

export function subjectKey(ruleId: string, subject: string): string {
  return `${ruleId}|${subject}`;
}
