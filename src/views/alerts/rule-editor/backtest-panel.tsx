import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { backtest, HISTORY_LIMIT } from '@/alerting';
import type { Observation, Rule } from '@/alerting';
import { BACKTEST_SPANS, backtestableRule, historyKindOf, historyStepMs } from '@/alerting/history/coverage';
import type { BacktestSpan, RuleHistoryKind } from '@/alerting/history/coverage';
import { useAlerting, useAlertSnapshot } from '@/alerting/ui/alerting-context';
import { Button } from '@/components/ui/button';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatDuration } from '@/lib/format';
import type { LogLevel } from '@/lib/model';
import { logServicesQuery } from '@/sources/capability-query';
import { supports } from '@/sources/registry';
import { useSourceResolutions } from '@/sources/sources-context';
import type { CapableSource } from '@/sources/sources-context';
import type { ResolvedSource } from '@/sources/registry';
import type { ServiceClient } from '@/service/service-client';
import { useServiceConnection } from '@/service/service-context';
import { backtestQuery } from '@/service/service-queries';
import { BacktestChart } from './backtest-chart';
import { hasHistory, ruleHistoryQuery } from './history-queries';
import type { HistoryRequest } from './history-queries';

const KIND_TEXT: Record<RuleHistoryKind, string> = { logs: 'log volume', services: 'check', feeds: 'feed run', queues: 'queue depth' };
const MAX_LOG_SERVICES = 12;
const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

/** Services seen in this session's observations (logs and checks): who to count logs for when the rule names none. */
function seenServices(history: readonly Observation[]): string[] {
  const out = new Set<string>();
  for (const o of history.slice(-50)) {
    for (const l of o.logs ?? []) out.add(l.service);
    for (const s of o.services ?? []) out.add(s.id);
  }
  return [...out].sort();
}

function requestFor(rule: Rule, kind: RuleHistoryKind, span: BacktestSpan, known: string[], knownFrom = 'this console has seen'): { req: HistoryRequest; note: string | null } {
  const stepMs = historyStepMs(rule, span);
  if (kind !== 'logs') return { req: { kind, span, stepMs, services: kind === 'services' ? [...(rule.services ?? [])].sort() : [] }, note: null };
  const levels: LogLevel[] | undefined = rule.kind === 'error-rate' ? (rule.levels && rule.levels.length > 0 ? rule.levels : ['error', 'critical']) : undefined;
  const named = rule.services && rule.services.length > 0;
  const services = (named ? [...rule.services!] : known).sort().slice(0, MAX_LOG_SERVICES);
  const all = named ? rule.services!.length : known.length;
  const note = named ? (all > MAX_LOG_SERVICES ? `Counted for the first ${MAX_LOG_SERVICES} of ${all} services.` : null)
    : `The rule watches every service; counted for the ${services.length} services ${knownFrom}${all > services.length ? ` (of ${all})` : ''}: ${services.join(', ') || 'none yet'}.`;
  return { req: { kind, span, stepMs, services, ...(levels ? { levels: [...levels].sort() } : {}) }, note };
}

function SessionReplay({ rule, sourceLabel, kindText }: { rule: Rule; sourceLabel: string | null; kindText: string }) {
  const { store } = useAlerting();
  const { maintenance } = useAlertSnapshot();
  const history = store.history();
  const result = backtest({ ...rule, enabled: true } as Rule, history, { maintenance });
  const from = history[0]?.at ?? 0;
  const to = history.at(-1)?.at ?? 0;
  return (
    <div className="flex flex-col gap-1">
      <p role="note" className="text-xs text-warn">
        {sourceLabel ? `No history for this rule kind on ${sourceLabel}` : 'No source keeps history for this rule kind'} ({kindText}): backtest covers only what this console has observed.
      </p>
      <p role="status" className="text-sm">
        Over the {formatDuration(Math.max(0, to - from) / 1000)} this console has observed ({history.length} evaluations): {result.firings.length} {plural(result.firings.length, 'incident')}, {result.notifications} {plural(result.notifications, 'notification')}.
      </p>
      {history.length > 1 && <BacktestChart result={result} from={from} to={to} description="what this console has observed" />}
    </div>
  );
}

/**
 * In service mode this tab evaluates nothing: the console service replays the rule over the
 * observations it stored (its last 24 h, at most as many as a tab keeps).
 */
function ServiceReplay({ rule, client, sourceLabel, kindText }: { rule: Rule; client: ServiceClient; sourceLabel: string | null; kindText: string }) {
  const query = useQuery(backtestQuery(client, rule));
  // The console's default keeps the previous rule's answer while the new one loads: not a figure to show.
  const data = query.isPlaceholderData ? undefined : query.data;
  return (
    <div className="flex flex-col gap-1" aria-busy={query.isFetching}>
      <p role="note" className="text-xs text-warn">
        {sourceLabel ? `No history for this rule kind on ${sourceLabel}` : 'No source keeps history for this rule kind'} ({kindText}): backtest covers what the console service has observed (its last 24 h, at most {HISTORY_LIMIT} evaluations).
      </p>
      {data ? (
        data.evaluations === 0 || data.from === null || data.to === null ? (
          <p role="status" className="text-sm">The console service has observed nothing yet: this backtest fills in as it watches.</p>
        ) : (
          <>
            <p role="status" className="text-sm">
              Over the {formatDuration((data.to - data.from) / 1000)} the console service has observed ({data.evaluations} {plural(data.evaluations, 'evaluation')}): <strong>{data.firings.length}</strong> {plural(data.firings.length, 'incident')}, <strong>{data.notifications}</strong> {plural(data.notifications, 'notification')}
              {data.firings.some((f) => f.end === null) ? ' (still firing at the end)' : ''}.
            </p>
            {data.evaluations > 1 && <BacktestChart result={data} from={data.from} to={data.to} description="what the console service has observed" />}
          </>
        )
      ) : query.isError ? (
        <p role="alert" className="text-sm text-crit">Could not backtest on the console service: {query.error instanceof Error ? query.error.message : String(query.error)}</p>
      ) : (
        <p role="status" aria-busy="true" className="text-sm text-muted">Replaying the rule on what the console service has observed…</p>
      )}
    </div>
  );
}

function HistoryReplay({ rule, source, kind, span }: { rule: Rule; source: ResolvedSource; kind: RuleHistoryKind; span: BacktestSpan }) {
  const { store } = useAlerting();
  const { maintenance } = useAlertSnapshot();
  const { now } = useConsoleSettings();
  // Services seen by this tab's evaluations, else (service mode, a fresh tab) the source's own list.
  const seen = seenServices(store.history());
  const listable = kind === 'logs' && seen.length === 0 && !(rule.services && rule.services.length > 0) && supports(source.adapter, 'logServices');
  const listed = useQuery({ ...logServicesQuery(source as unknown as CapableSource<'logServices'>, { last: span }, now), enabled: listable });
  const { req, note } = seen.length > 0 || !listable ? requestFor(rule, kind, span, seen) : requestFor(rule, kind, span, listed.data ?? [], `${source.instance.label} lists`);
  const query = useQuery({ ...ruleHistoryQuery(source, req, now), enabled: kind !== 'logs' || req.services.length > 0 });
  const replay = useMemo(() => backtestableRule(rule, req.stepMs), [rule, req.stepMs]);
  const result = useMemo(() => (query.data && replay.rule ? backtest(replay.rule, query.data.observations, { maintenance }) : null), [query.data, replay.rule, maintenance]);
  const description = `the last ${span === '24h' ? '24 h' : '7 d'} on ${source.instance.label}`;
  return (
    <div className="flex flex-col gap-1" aria-busy={query.isFetching}>
      {[listable && listed.isPending ? null : note, ...replay.notes, ...(query.data?.warnings ?? [])].filter(Boolean).map((n) => (
        <p key={n} role="note" className="text-xs text-muted">{n}</p>
      ))}
      {listable && listed.isPending ? (
        <p role="status" className="text-sm text-muted">Reading the services {source.instance.label} has logs for…</p>
      ) : !replay.rule ? (
        <p role="status" className="text-sm">Nothing of this rule can be replayed on {KIND_TEXT[kind]} history.</p>
      ) : query.isPending && query.fetchStatus === 'idle' ? (
        <p role="status" className="text-sm">Name the services to watch to backtest on {source.instance.label}.</p>
      ) : query.isPending ? (
        <p role="status" className="text-sm text-muted">Fetching {span} of {KIND_TEXT[kind]} history from {source.instance.label}…</p>
      ) : query.isError ? (
        <p role="alert" className="text-sm text-crit">Could not fetch the history: {query.error.message}</p>
      ) : result ? (
        <>
          <p role="status" className="text-sm">
            Over {description}: <strong>{result.firings.length}</strong> {plural(result.firings.length, 'incident')}, <strong>{result.notifications}</strong> {plural(result.notifications, 'notification')}
            {result.firings.some((f) => f.end === null) ? ' (still firing at the end)' : ''}. One point per {formatDuration(req.stepMs / 1000)}.
          </p>
          <BacktestChart result={result} from={query.data.from} to={query.data.to} description={description} />
        </>
      ) : null}
    </div>
  );
}

/**
 * The editor's backtest: the rule as it stands (debounced), replayed over a source's 24 h or 7 d
 * history, or, for what no source keeps, over what this tab (or the console service) observed. While `updating` (the form changed since `rule`), no figure is shown: it would be the
 * previous rule's.
 */
export function BacktestPanel({ rule, updating = false }: { rule: Rule | null; updating?: boolean }) {
  const service = useServiceConnection();
  const resolutions = useSourceResolutions();
  const sources = resolutions.flatMap((r) => (r.ok ? [r.source] : []));
  const [span, setSpan] = useState<BacktestSpan>('24h');
  const [picked, setPicked] = useState<string | null>(null);
  const kind = rule ? historyKindOf(rule) : null;
  const capable = kind ? sources.filter((s) => hasHistory(s, kind)) : [];
  const source = sources.find((s) => s.instance.id === picked) ?? capable[0] ?? sources[0] ?? null;
  return (
    <section aria-label="Backtest" className="flex flex-col gap-2 rounded-md border border-line bg-surface-2/50 p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h4 className="font-semibold">Backtest</h4>
        <div role="group" aria-label="Backtest span" className="flex gap-1">
          {(Object.keys(BACKTEST_SPANS) as BacktestSpan[]).map((s) => (
            <Button key={s} variant={s === span ? 'primary' : 'secondary'} aria-pressed={s === span} onClick={() => setSpan(s)}>
              {s === '24h' ? 'Last 24 h' : 'Last 7 d'}
            </Button>
          ))}
        </div>
        <label className="ml-auto flex items-center gap-1.5 text-xs text-muted">
          History from
          <select className="rounded border border-line bg-surface px-1.5 py-0.5 text-sm text-fg" value={source?.instance.id ?? ''} onChange={(e) => setPicked(e.target.value)}>
            {sources.map((s) => (
              <option key={s.instance.id} value={s.instance.id}>
                {s.instance.label}
                {kind && !hasHistory(s, kind) ? ' (no history for this rule)' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {updating ? (
        <p role="status" aria-busy="true" className="text-sm text-muted">Updating the backtest for your changes…</p>
      ) : !rule ? (
        <p role="status" className="text-sm text-muted">Fix the rule's errors to backtest it.</p>
      ) : kind && source && hasHistory(source, kind) ? (
        <HistoryReplay rule={rule} source={source} kind={kind} span={span} />
      ) : service ? (
        <ServiceReplay rule={rule} client={service.client} sourceLabel={source?.instance.label ?? null} kindText={kind ? `${KIND_TEXT[kind]} history` : 'issues are grouped by the console'} />
      ) : (
        <SessionReplay rule={rule} sourceLabel={source?.instance.label ?? null} kindText={kind ? `${KIND_TEXT[kind]} history` : 'issues are grouped by the console'} />
      )}
    </section>
  );
}
