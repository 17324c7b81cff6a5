/**
 * Sentry-like issue states from group stats + stored user actions. Pure.
 * Precedence: ignored (while its rule holds) › resolved / regressed (the later of the two user
 * actions wins) › escalating › new (first seen within 7 days) › ongoing.
 */
import { cmpNs, nsToMsFast } from '@/errors/pipeline/ns';
import { countBetween, escalation } from './escalation';
import type { Escalation, EscalationOptions, IssueStats } from './escalation';

export type IssueStatus = 'new' | 'ongoing' | 'escalating' | 'regressed' | 'resolved' | 'ignored';

export type IgnoreRule =
  | { kind: 'forever' }
  | { kind: 'for-duration'; untilMs: number }
  | { kind: 'until-count'; count: number }
  | { kind: 'until-escalating' };

export interface StoredIssueState {
  /** When the user resolved the issue (epoch ms). */
  resolvedAtMs?: number;
  /** When and how the user ignored (archived) the issue. */
  ignored?: { atMs: number; rule: IgnoreRule };
  /** Earliest event ever seen, remembered across loads (ns string). */
  firstSeenNs?: string;
  updatedAtMs: number;
}

export interface IssueLifecycle {
  status: IssueStatus;
  /** One line for a tooltip: "Ignored until 10 more events (3 so far)". */
  reason: string;
  /** True when an ignore rule was stored but has expired: the issue is active again. */
  ignoreExpired: boolean;
  escalation: Escalation;
}

export interface LifecycleOptions extends EscalationOptions {
  /** An issue first seen less than this ago is `new`. Default 7 days. */
  newForMs?: number;
}

const DAY = 86_400_000;

function ignoreHolds(g: IssueStats, ig: NonNullable<StoredIssueState['ignored']>, now: number, esc: Escalation): [boolean, string] {
  const r = ig.rule;
  switch (r.kind) {
    case 'forever':
      return [true, 'Ignored forever'];
    case 'for-duration':
      return [now < r.untilMs, `Ignored until ${new Date(r.untilMs).toISOString()}`];
    case 'until-count': {
      const seen = Math.round(countBetween(g, ig.atMs, Number.POSITIVE_INFINITY));
      return [seen < r.count, `Ignored until ${r.count} more events (${seen} so far)`];
    }
    case 'until-escalating':
      return [!esc.escalating, 'Ignored until it escalates'];
  }
}

export function issueState(
  group: IssueStats,
  stored: StoredIssueState | undefined,
  now: number,
  options: LifecycleOptions = {},
): IssueLifecycle {
  const esc = escalation(group, options);
  const lastMs = nsToMsFast(group.lastSeenNs);
  const firstNs = stored?.firstSeenNs && cmpNs(stored.firstSeenNs, group.firstSeenNs) < 0 ? stored.firstSeenNs : group.firstSeenNs;
  let ignoreExpired = false;
  const resolvedAt = stored?.resolvedAtMs;
  const ig = stored?.ignored;
  if (ig && (resolvedAt === undefined || ig.atMs >= resolvedAt)) {
    const [holds, reason] = ignoreHolds(group, ig, now, esc);
    if (holds) return { status: 'ignored', reason, ignoreExpired: false, escalation: esc };
    ignoreExpired = true;
  } else if (resolvedAt !== undefined) {
    if (lastMs > resolvedAt) {
      return { status: 'regressed', reason: `Seen again after being resolved at ${new Date(resolvedAt).toISOString()}`, ignoreExpired, escalation: esc };
    }
    return { status: 'resolved', reason: `Resolved at ${new Date(resolvedAt).toISOString()}`, ignoreExpired, escalation: esc };
  }
  const expired = ignoreExpired ? ' (ignore expired)' : '';
  if (esc.escalating) {
    const reason = `${esc.recentCount} events in the last ${Math.round(esc.windowMs / 60_000)} min, ${esc.recentPerHour.toFixed(1)}/h vs ${esc.baselinePerHour.toFixed(1)}/h baseline`;
    return { status: 'escalating', reason: reason + expired, ignoreExpired, escalation: esc };
  }
  if (now - nsToMsFast(firstNs) < (options.newForMs ?? 7 * DAY)) {
    return { status: 'new', reason: 'First seen less than 7 days ago' + expired, ignoreExpired, escalation: esc };
  }
  return { status: 'ongoing', reason: 'Seen for more than 7 days' + expired, ignoreExpired, escalation: esc };
}
