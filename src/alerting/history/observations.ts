/**
 * Observation history from the sources: turns what a source kept over a range (log volume per
 * service and level, check history, feed-state history, queue-depth history) into the
 * time-ordered Observation[] the backtest replays. Pure: same input, same observations.
 *
 * One observation per step at t = from + k·step (k ≥ 1), carrying what happened in (t − step, t]:
 * - logs: the buckets that start in [t − step, t) (a bucket is [at, at + step));
 * - services: the checks in (t − step, t], status = the latest check so far;
 * - feeds and queues: the latest point at or before t.
 * A kind absent from the input is absent from every observation ("no data": rules needing it are
 * skipped), so a rule is never fed zeros that the source did not report.
 */
import type { FeedStateHistory, LogLevel, LogVolumeBucket, QueueDepthHistory, ServiceCheckHistory } from '@/lib/model';
import type { CheckObs, FeedObs, LogCountObs, Observation, QueueObs, ServiceObs } from '../observation';

export interface ServiceLogVolume {
  service: string;
  /** Buckets of width `stepMs`, `at` = bucket start (the logVolume contract). */
  buckets: readonly LogVolumeBucket[];
}

export interface HistoryInput {
  from: number;
  to: number;
  stepMs: number;
  logs?: readonly ServiceLogVolume[];
  services?: readonly ServiceCheckHistory[];
  feeds?: readonly FeedStateHistory[];
  queues?: readonly QueueDepthHistory[];
}

/** More steps than this is a mistake in the caller (a 7-day range at a 1-second step). */
export const MAX_HISTORY_STEPS = 20_000;

export class HistoryError extends Error {}

function checkRange({ from, to, stepMs }: HistoryInput): number {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) throw new HistoryError(`history range must have from < to (got ${from} → ${to})`);
  if (!Number.isFinite(stepMs) || stepMs <= 0) throw new HistoryError(`history step must be a positive number of ms (got ${stepMs})`);
  const steps = Math.floor((to - from) / stepMs);
  if (steps < 1) throw new HistoryError(`history range (${to - from} ms) is shorter than one step (${stepMs} ms)`);
  if (steps > MAX_HISTORY_STEPS) throw new HistoryError(`history of ${steps} steps is too long (at most ${MAX_HISTORY_STEPS}); use a larger step`);
  return steps;
}

/** Every check of a run-length encoded history, oldest first. */
export function expandChecks(history: ServiceCheckHistory): CheckObs[] {
  const out: CheckObs[] = [];
  for (const seg of history.segments) {
    const a = Date.parse(seg.from);
    const b = Date.parse(seg.to);
    if (Number.isNaN(a) || Number.isNaN(b) || b < a || !(seg.checks >= 1)) throw new HistoryError(`service ${history.id}: bad segment ${seg.from} → ${seg.to} (${seg.checks} checks)`);
    const n = Math.floor(seg.checks);
    for (let i = 0; i < n; i++) out.push({ at: n === 1 ? a : Math.round(a + (i * (b - a)) / (n - 1)), status: seg.status });
  }
  return out.sort((x, y) => x.at - y.at);
}

/** Index of the last element with at ≤ t in a time-sorted list, moving a cursor forward. */
function advance<T>(list: readonly T[], atOf: (x: T) => number, cursor: number, t: number): number {
  let i = cursor;
  while (i + 1 < list.length && atOf(list[i + 1]!) <= t) i++;
  return i >= 0 && atOf(list[i]!) <= t ? i : -1;
}

export function buildObservations(input: HistoryInput): Observation[] {
  const steps = checkRange(input);
  const { from, stepMs } = input;

  const logs = input.logs?.map((s) => ({ service: s.service, buckets: [...s.buckets].sort((a, b) => a.at - b.at), next: 0 }));
  const services = input.services?.map((s) => ({ id: s.id, name: s.name, checks: expandChecks(s), next: 0, last: -1 }));
  const feeds = input.feeds?.map((f) => {
    const points = f.points.map((p) => ({ ...p, ms: Date.parse(p.at) })).sort((a, b) => a.ms - b.ms);
    return { id: f.id, name: f.name, points, cursor: -1 };
  });
  const queues = input.queues?.map((q) => ({ name: q.name, points: q.points.map((p) => ({ ms: Date.parse(p.at), depth: p.depth })).sort((a, b) => a.ms - b.ms), cursor: -1 }));

  const out: Observation[] = [];
  for (let k = 1; k <= steps; k++) {
    const t = from + k * stepMs;
    const obs: Observation = { at: t };
    if (logs) {
      const counts: LogCountObs[] = [];
      for (const s of logs) {
        while (s.next < s.buckets.length && s.buckets[s.next]!.at < t) {
          const b = s.buckets[s.next++]!;
          if (b.at < t - stepMs) continue; // before the range (or a finer step than asked): not ours
          for (const [level, n] of Object.entries(b.counts) as [LogLevel, number | undefined][]) {
            if (n && n > 0) counts.push({ from: b.at, to: b.at + stepMs, service: s.service, level, count: n });
          }
        }
      }
      obs.logs = counts;
    }
    if (services) {
      obs.services = services.map((s): ServiceObs => {
        const checks: CheckObs[] = [];
        while (s.next < s.checks.length && s.checks[s.next]!.at <= t) {
          const c = s.checks[s.next++]!;
          if (c.at > t - stepMs) checks.push(c);
          s.last = s.next - 1;
        }
        const latest = s.last >= 0 ? s.checks[s.last]! : null;
        return { id: s.id, name: s.name, status: latest?.status ?? 'unknown', lastCheckAt: latest?.at ?? null, checks };
      });
    }
    if (feeds) {
      const list: FeedObs[] = [];
      for (const f of feeds) {
        f.cursor = advance(f.points, (p) => p.ms, f.cursor, t);
        const p = f.cursor >= 0 ? f.points[f.cursor]! : null;
        if (p) list.push({ id: f.id, name: f.name, state: p.state, lagSeconds: p.lagSeconds, lastError: p.lastError });
      }
      obs.feeds = list;
    }
    if (queues) {
      const list: QueueObs[] = [];
      for (const q of queues) {
        q.cursor = advance(q.points, (p) => p.ms, q.cursor, t);
        const p = q.cursor >= 0 ? q.points[q.cursor]! : null;
        // Depth only: the history has no task ages or workers (see backtestableRule).
        if (p) list.push({ name: q.name, depth: p.depth, oldestTaskAgeSeconds: null, workers: [] });
      }
      obs.queues = list;
    }
    out.push(obs);
  }
  return out;
}
