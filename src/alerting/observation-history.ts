/**
 * The history of evaluated observations that backs backtests of the rule kinds no source keeps
 * history for (issue rules): the browser keeps it in memory (ui/alert-store.ts), the console
 * service in its `observations` table. One bound for both, so the two backtests cover the same.
 */
import type { IssueObs, Observation, ServiceObs } from './observation';
import type { Rule, RuleKind } from './rule-schemas';

/** At most this many observations: each is a snapshot of services, feeds, queues and issues. */
export const HISTORY_LIMIT = 600;
/** And none older than this. */
export const HISTORY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type ObservationPart = Exclude<keyof Observation, 'at'>;

/** What each rule kind reads of an observation (conditions.ts); the rest never changes its incidents. */
const PARTS: Record<RuleKind, readonly ObservationPart[]> = {
  'service-down': ['services'],
  'error-rate': ['logs'],
  'dead-man': ['logs'],
  issue: ['issues'],
  feed: ['feeds'],
  queue: ['queues', 'workers'],
};

/** The parts of the observations a replay of `rules` reads: a backtest loads only those. */
export function partsReadBy(rules: readonly Rule[]): ObservationPart[] {
  return [...new Set(rules.flatMap((r) => PARTS[r.kind]))].sort();
}

/** The only issue statuses an issue rule can fire on (conditions.ts `issues`). */
const RULE_STATUSES: ReadonlySet<IssueObs['status']> = new Set(['new', 'regressed', 'escalating']);

const bucketKey = (l: { service: string; level: string; from: number; to: number; count: number }) => `${l.service}|${l.level}|${l.from}|${l.to}|${l.count}`;

/** The newest check of each service that the evaluator counted (it skips `unknown` ones). */
function checkCursors(prev: Observation): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of prev.services ?? []) {
    for (const c of s.checks ?? []) if (c.status !== 'unknown' && c.at > (out.get(s.id) ?? -Infinity)) out.set(s.id, c.at);
  }
  return out;
}

/**
 * `obs` without what no rule reads when a history is replayed in order, `prev` being the
 * observation just before it (null: keep every check and bucket):
 * - checks at or before `prev`'s newest: the evaluator already counted them (`c.at > lastCheckAt`);
 * - log buckets `prev` carried with the same count: re-sending a bucket replaces it with itself;
 * - issues in a status no issue rule fires on (ongoing, resolved, ignored), and their `lastSeenAt`.
 * A replay from `prev` on gives the same incidents either way; one that starts at `obs` (the
 * oldest row kept) sees only its new checks and buckets, so its first streaks start there.
 */
export function compactObservation(obs: Observation, prev: Observation | null): Observation {
  // A previous observation that is not older (the same cycle written again) is no reference.
  const before = prev && prev.at < obs.at ? prev : null;
  const out: Observation = { ...obs };
  if (obs.services) {
    const cursors = before ? checkCursors(before) : new Map<string, number>();
    out.services = obs.services.map((s): ServiceObs => {
      const cursor = cursors.get(s.id);
      return s.checks && cursor !== undefined ? { ...s, checks: s.checks.filter((c) => c.at > cursor) } : s;
    });
  }
  if (obs.logs) {
    const seen = new Set((before?.logs ?? []).map(bucketKey));
    // An empty list stays: it still says "logs are watched" (dead-man rules need it).
    out.logs = obs.logs.filter((l) => !seen.has(bucketKey(l)));
  }
  if (obs.issues) {
    out.issues = obs.issues.filter((i) => RULE_STATUSES.has(i.status)).map(({ lastSeenAt: _seen, ...i }) => i);
  }
  return out;
}
