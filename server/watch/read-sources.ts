/**
 * What one watcher cycle reads: the current health, feeds, queues and error issues from the
 * first source offering each, through the same adapters and conversions the tab uses. A source
 * that fails leaves its part out ("no data": its rules are skipped, their incidents kept).
 */
import { feedsObservation, healthObservation, issuesObservation, mergeObservations, queuesObservation } from '@/alerting/from-reports';
import type { LogCountObs, Observation, Rule } from '@/alerting';
import type { LogLevel } from '@/lib/model';
import { issueState, storedStateOf } from '@/errors/lifecycle';
import type { StoredIssueState } from '@/errors/lifecycle';
import type { IssueGroup } from '@/errors/pipeline';
import { sampleErrorIssues } from '@/errors/sample-issues';
import type { GroupingClient } from '@/errors/worker';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import type { Capability } from '@/sources/source-adapter';
import { toSourceError } from '@/sources/source-error';

export type WatchedPart = 'serviceHealth' | 'feedStatus' | 'queueStats' | 'issues' | 'logVolume';

export interface PartStatus {
  part: WatchedPart;
  sourceId: string;
  ok: boolean;
  /** The source's error message and hint; never credentials (SourceError redacts them). */
  message: string | null;
  at: number;
}

export interface ReadResult {
  observation: Observation;
  /** The issues part alone (null when unread or failed), for reuse by a later cycle. */
  issues: Observation | null;
  status: PartStatus[];
}

export interface ReadOptions {
  now: number;
  signal: AbortSignal;
  grouping: GroupingClient;
  /** Issue states (resolved, ignored) by source id and issue id, from the store. */
  issueStates: (sourceId: string) => Promise<Map<string, StoredIssueState>>;
  /** The range the error issues are sampled over (the tab's default view: 24 h). */
  issuesRangeMs?: number;
  /**
   * Services whose lines are counted exactly, per level, from the log source's volume (those
   * named by dead-man and error-rate rules); others' counts come from the sampled issues.
   */
  countedServices?: readonly string[];
  /** Reuse these issues (an earlier cycle's) instead of sampling and grouping again. */
  previousIssues?: Observation | null;
  /**
   * The issue index's issues of a source over a range (exact counts, first seen ever), or null
   * while it does not know the source yet: then the issues are sampled and grouped as the page does.
   */
  indexedIssues?: (sourceId: string, range: { from: number; to: number }) => Promise<IssueGroup[] | null>;
}

const STEP_MS = 60_000;

/** The services dead-man and error-rate rules name: counted from log volume, every level. */
export function countedServicesOf(rules: readonly Rule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) if (r.enabled && (r.kind === 'dead-man' || r.kind === 'error-rate') && r.services) for (const s of r.services) out.add(s);
  return [...out].sort();
}

/** The source a part is read from: the first with the capability, a dedicated log store first for issues. */
export function sourceFor(sources: readonly ResolvedSource[], capability: Capability, preferLogStore = false): ResolvedSource | undefined {
  const capable = sources.filter((s) => supports(s.adapter, capability));
  if (preferLogStore) return capable.find((s) => s.adapter.logStore === true) ?? capable[0];
  return capable[0];
}

export async function readSources(sources: readonly ResolvedSource[], options: ReadOptions): Promise<ReadResult> {
  const { now, signal } = options;
  const range = { from: now - 15 * 60_000, to: now };
  const status: PartStatus[] = [];
  const part = async (name: WatchedPart, source: ResolvedSource | undefined, read: (s: ResolvedSource) => Promise<Observation>): Promise<Observation | null> => {
    if (!source) return null;
    try {
      const obs = await read(source);
      status.push({ part: name, sourceId: source.instance.id, ok: true, message: null, at: now });
      return obs;
    } catch (error) {
      const e = toSourceError(error, source.instance.id);
      status.push({ part: name, sourceId: source.instance.id, ok: false, message: e.hint ? `${e.message} ${e.hint}` : e.message, at: now });
      return null;
    }
  };
  const ctx = { signal, range };
  const parts = await Promise.all([
    part('serviceHealth', sourceFor(sources, 'serviceHealth'), async (s) => {
      if (!supports(s.adapter, 'serviceHealth')) throw new Error('unreachable');
      return healthObservation(await s.adapter.capabilities.serviceHealth(s.client, {}, ctx), now);
    }),
    part('feedStatus', sourceFor(sources, 'feedStatus'), async (s) => {
      if (!supports(s.adapter, 'feedStatus')) throw new Error('unreachable');
      return feedsObservation(await s.adapter.capabilities.feedStatus(s.client, {}, ctx), now);
    }),
    part('queueStats', sourceFor(sources, 'queueStats'), async (s) => {
      if (!supports(s.adapter, 'queueStats')) throw new Error('unreachable');
      return queuesObservation(await s.adapter.capabilities.queueStats(s.client, {}, ctx), now);
    }),
    part('issues', sourceFor(sources, 'logs', true), async (s) => {
      if (!supports(s.adapter, 'logs')) throw new Error('unreachable');
      const issuesRange = { from: now - (options.issuesRangeMs ?? 86_400_000), to: now };
      const indexed = (await options.indexedIssues?.(s.instance.id, issuesRange)) ?? null;
      if (!indexed && options.previousIssues) return { ...options.previousIssues, at: now };
      const groups = indexed ?? (await sampleErrorIssues({ adapter: s.adapter, client: s.client }, issuesRange, options.grouping, { signal })).groups;
      const stored = await options.issueStates(s.instance.id);
      return issuesObservation(groups.map((g) => ({ ...g, lifecycle: issueState(g, storedStateOf(stored, g), now) })), now);
    }),
    part('logVolume', options.countedServices?.length ? sourceFor(sources, 'logVolume', true) : undefined, async (s) => {
      if (!supports(s.adapter, 'logVolume')) throw new Error('unreachable');
      const from = Math.floor(now / STEP_MS) * STEP_MS - 15 * STEP_MS;
      const logs: LogCountObs[] = [];
      for (const service of options.countedServices ?? []) {
        const buckets = await s.adapter.capabilities.logVolume(s.client, { services: [service], stepMs: STEP_MS }, { signal, range: { from, to: now } });
        for (const b of buckets) for (const [level, count] of Object.entries(b.counts)) if (count) logs.push({ from: b.at, to: b.at + STEP_MS, service, level: level as LogLevel, count });
      }
      return { at: now, logs };
    }),
  ]);
  const [health, feeds, queues, issues, volume] = parts;
  // Exact counts replace the sample's estimate for the services they cover.
  if (issues?.logs && volume?.logs) {
    const counted = new Set(options.countedServices);
    issues.logs = [...issues.logs.filter((l) => !counted.has(l.service)), ...volume.logs];
  }
  const merged = [health, feeds, queues, volume, issues].filter((p): p is Observation => p !== null);
  return { observation: mergeObservations(now, merged), status, issues };
}
