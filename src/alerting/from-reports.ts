/**
 * Observations from the sources' normalized reports: what the watcher (in the console service,
 * or in the tab when no service runs) evaluates. Pure, so both run the same conversion.
 */
import type { FeedStatusReport, LogLevel, QueueStatsReport, ServiceHealthReport } from '@/lib/model';
import type { IssueObs, IssueStatusObs, LogCountObs, Observation } from './observation';

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

export function healthObservation(r: ServiceHealthReport, at: number): Observation {
  return {
    at,
    services: r.services.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      lastCheckAt: ms(s.lastCheckAt),
      checks: s.checks.map((c) => ({ at: Date.parse(c.at), status: c.status })),
      message: s.message,
    })),
  };
}

export function feedsObservation(r: FeedStatusReport, at: number): Observation {
  return { at, feeds: r.feeds.map((f) => ({ id: f.id, name: f.name, state: f.state, lagSeconds: f.lagSeconds, lastError: f.lastError })) };
}

export function queuesObservation(r: QueueStatsReport, at: number): Observation {
  return {
    at,
    queues: r.queues.map((q) => ({ name: q.name, depth: q.depth, oldestTaskAgeSeconds: q.oldestTaskAgeSeconds, workers: q.workers })),
    workers: r.workers.map((w) => ({ name: w.name, online: w.status === 'online' })),
  };
}

/** The parts of a grouped issue (errors/pipeline IssueGroup + its lifecycle) the rules read. */
export interface IssueForAlerting {
  id: string;
  title: string;
  lifecycle: { status: IssueStatusObs };
  count: number;
  firstSeenNs: string;
  lastSeenNs: string;
  services: readonly { name: string; count: number }[];
  level: LogLevel;
  sparkline: readonly number[];
  sparklineFromMs: number;
  bucketMs: number;
}

/**
 * Issues, and per-service error counts spread over each issue's sparkline buckets in proportion
 * to its services (the sample's counts: an approximation the Alerts view states).
 */
export function issuesObservation(issues: readonly IssueForAlerting[], at: number): Observation {
  const logs: LogCountObs[] = [];
  const obs: IssueObs[] = issues.map((i) => {
    i.sparkline.forEach((n, b) => {
      if (n === 0) return;
      for (const s of i.services) logs.push({ from: i.sparklineFromMs + b * i.bucketMs, to: i.sparklineFromMs + (b + 1) * i.bucketMs, service: s.name, level: i.level, count: (n * s.count) / i.count });
    });
    return { id: i.id, title: i.title, status: i.lifecycle.status, count: i.count, firstSeenAt: Number(BigInt(i.firstSeenNs) / 1_000_000n), lastSeenAt: Number(BigInt(i.lastSeenNs) / 1_000_000n), services: i.services.map((s) => s.name), level: i.level };
  });
  // Buckets of one service and level add up across issues.
  const merged = new Map<string, LogCountObs>();
  for (const l of logs) {
    const key = `${l.service}|${l.level}|${l.from}`;
    const prev = merged.get(key);
    if (prev) prev.count += l.count;
    else merged.set(key, { ...l });
  }
  return { at, issues: obs, logs: [...merged.values()].map((l) => ({ ...l, count: Math.round(l.count) })) };
}

/** Several partial observations of one instant as one (each source reports its own part). */
export function mergeObservations(at: number, parts: readonly Observation[]): Observation {
  const out: Observation = { at };
  for (const p of parts) {
    const { at: _at, ...rest } = p;
    Object.assign(out, rest);
  }
  return out;
}
