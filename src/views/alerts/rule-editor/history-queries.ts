/**
 * The backtest's history query: one source, one history kind, one span. The key holds what the
 * fetch reads (source, kind, services, step, symbolic span), never the thresholds, so tuning a
 * threshold replays the cached history instead of fetching it again.
 */
import { queryOptions } from '@tanstack/react-query';
import { buildObservations } from '@/alerting/history/observations';
import type { HistoryInput, ServiceLogVolume } from '@/alerting/history/observations';
import type { BacktestSpan, RuleHistoryKind } from '@/alerting/history/coverage';
import { BACKTEST_SPANS } from '@/alerting/history/coverage';
import type { Observation } from '@/alerting';
import { consoleKeys } from '@/lib/console-keys';
import type { LogLevel } from '@/lib/model';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';

export interface HistoryRequest {
  kind: RuleHistoryKind;
  span: BacktestSpan;
  stepMs: number;
  /** Services to count logs or checks for; for logs, required (a source counts per service on request). */
  services: string[];
  /** Log levels to count (absent: every level). */
  levels?: LogLevel[];
}

export interface RuleHistory {
  from: number;
  to: number;
  stepMs: number;
  observations: Observation[];
  warnings: string[];
}

/** True when the source keeps history of this kind. */
export function hasHistory(source: ResolvedSource, kind: RuleHistoryKind): boolean {
  return kind === 'logs' ? supports(source.adapter, 'logVolume') : supports(source.adapter, 'history');
}

/** Log sources count one service per query; this many at a time. */
const LOG_CONCURRENCY = 2;

export function ruleHistoryQuery(source: ResolvedSource, req: HistoryRequest, now: () => number) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'history', { ...req, range: { last: req.span } }),
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }): Promise<RuleHistory> => {
      const to = Math.floor(now() / req.stepMs) * req.stepMs;
      const from = to - BACKTEST_SPANS[req.span];
      const ctx = { signal, range: { from, to } };
      const input: HistoryInput = { from, to, stepMs: req.stepMs };
      const warnings: string[] = [];
      const { adapter, client } = source;
      if (req.kind === 'logs') {
        if (!supports(adapter, 'logVolume')) throw new Error(`${source.instance.label} has no log volume history.`);
        const todo = [...req.services];
        const logs: ServiceLogVolume[] = [];
        const worker = async () => {
          for (let service = todo.shift(); service !== undefined; service = todo.shift()) {
            const buckets = await adapter.capabilities.logVolume(client, { services: [service], ...(req.levels ? { levels: req.levels } : {}), stepMs: req.stepMs }, ctx);
            logs.push({ service, buckets });
          }
        };
        await Promise.all(Array.from({ length: LOG_CONCURRENCY }, worker));
        input.logs = logs.sort((a, b) => a.service.localeCompare(b.service));
      } else {
        if (!supports(adapter, 'history')) throw new Error(`${source.instance.label} has no ${req.kind} history.`);
        const h = await adapter.capabilities.history(client, { kinds: [req.kind], stepMs: req.stepMs, ...(req.services.length > 0 ? { services: req.services } : {}) }, ctx);
        warnings.push(...h.warnings);
        const part = h[req.kind];
        if (!part) throw new Error(`${source.instance.label} returned no ${req.kind} history.`);
        Object.assign(input, { [req.kind]: part });
      }
      return { from, to, stepMs: req.stepMs, observations: buildObservations(input), warnings };
    },
  });
}
