/**
 * The warm-up: when the watcher starts with no recent cycle, it replays what the sources kept
 * over the last span (checks, feed states, queue depths, log volume) through the evaluator, so a
 * rule whose condition has held longer than its `for` fires at the first cycle, with the time
 * it really started, instead of starting its clock when the service did.
 */
import { buildObservations } from '@/alerting/history/observations';
import type { HistoryInput, ServiceLogVolume } from '@/alerting/history/observations';
import { parseDuration } from '@/alerting';
import type { Observation, Rule } from '@/alerting';
import type { HistoryKind } from '@/lib/model';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';

export interface HistoryRead {
  observations: Observation[];
  /** One line per part that could not be read (the replay goes on without it). */
  problems: string[];
}

/** How far back the warm-up looks: the longest `for` + window of the rules, at least 30 min, at most 6 h. */
export function warmUpSpanMs(rules: readonly Rule[]): number {
  let span = 30 * 60_000;
  for (const r of rules) {
    if (!r.enabled) continue;
    let need = parseDuration(r.for) + parseDuration(r.keepFiringFor);
    if (r.kind === 'error-rate') need += parseDuration(r.window);
    if (r.kind === 'dead-man') need += parseDuration(r.silence);
    span = Math.max(span, need * 2);
  }
  return Math.min(span, 6 * 3_600_000);
}

export async function readHistory(sources: readonly ResolvedSource[], rules: readonly Rule[], options: { now: number; stepMs: number; signal: AbortSignal }): Promise<HistoryRead> {
  const { stepMs, signal } = options;
  const to = Math.floor(options.now / stepMs) * stepMs;
  const from = to - Math.ceil(warmUpSpanMs(rules) / stepMs) * stepMs;
  const ctx = { signal, range: { from, to } };
  const input: HistoryInput = { from, to, stepMs };
  const problems: string[] = [];
  const kinds = new Set<HistoryKind>();
  for (const r of rules) {
    if (!r.enabled) continue;
    if (r.kind === 'service-down') kinds.add('services');
    if (r.kind === 'feed') kinds.add('feeds');
    if (r.kind === 'queue') kinds.add('queues');
  }
  const historySource = sources.find((s) => supports(s.adapter, 'history'));
  if (historySource && kinds.size > 0 && supports(historySource.adapter, 'history')) {
    try {
      const h = await historySource.adapter.capabilities.history(historySource.client, { kinds: [...kinds], stepMs }, ctx);
      if (h.services) input.services = h.services;
      if (h.feeds) input.feeds = h.feeds;
      if (h.queues) input.queues = h.queues;
    } catch (error) {
      problems.push(`${historySource.instance.label}: no history for the warm-up (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  // Log volume only for rules that name their services: a source counts one service per query.
  const logServices = new Set<string>();
  for (const r of rules) if (r.enabled && (r.kind === 'dead-man' || r.kind === 'error-rate') && r.services) for (const s of r.services) logServices.add(s);
  const volumeSource = sources.find((s) => supports(s.adapter, 'logVolume') && !supports(s.adapter, 'serviceHealth')) ?? sources.find((s) => supports(s.adapter, 'logVolume'));
  if (volumeSource && logServices.size > 0 && supports(volumeSource.adapter, 'logVolume')) {
    const logs: ServiceLogVolume[] = [];
    for (const service of [...logServices].sort()) {
      try {
        logs.push({ service, buckets: await volumeSource.adapter.capabilities.logVolume(volumeSource.client, { services: [service], stepMs }, ctx) });
      } catch (error) {
        problems.push(`${volumeSource.instance.label}: no log volume for ${service} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (logs.length) input.logs = logs;
  }
  if (!input.services && !input.feeds && !input.queues && !input.logs) return { observations: [], problems };
  return { observations: buildObservations(input), problems };
}
