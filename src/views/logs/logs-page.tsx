import { useQuery } from '@tanstack/react-query';
import { lazy, memo, Suspense, useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { SkeletonRows } from '@/components/ui/skeleton';
import { useConsoleSettings } from '@/lib/console-settings';
import { supports } from '@/sources/registry';
import type { CapableSource } from '@/sources/sources-context';
import { useSourcesFor } from '@/sources/sources-context';
import { isSourceError } from '@/sources/source-error';
import { compareNs } from '@/lib/nanotime';
import { EXPORT_TYPES, exportLogs } from './export-logs';
import type { ExportFormat } from './export-logs';
import { LineDetails } from './line-details';
import { LogList } from './log-list';
import { useAfterPaint } from '@/lib/use-after-paint';
import { queryParams } from './log-params';
import { logServicesQuery } from '@/sources/capability-query';
import { logVolumeQuery, volumeStepMs } from './logs-queries';
import { LogsSavedSearches } from './logs-saved-searches';
import { LogsToolbar } from './logs-toolbar';
import { readLogsUrl, writeLogsUrl } from './logs-url';
import { ActiveFieldFilters } from './patterns/active-field-filters';
import { ActivePattern, PatternsPanel } from './patterns/patterns-panel';
import { sameFieldFilter, toggleFieldFilter } from './field-filters';
import { usePatternFilter } from './patterns/use-pattern-filter';
import { mergeLive, useLiveTail } from './use-live-tail';
import { useLogLines } from './use-log-lines';
import type { LogsUrlState } from './logs-url';
import { downloadText } from '@/lib/download';
import { formatInt } from '@/lib/format';

const VolumeHistogram = lazy(() => import('./volume-histogram'));


/**
 * Memoized: the explorer re-renders for every page of lines it loads, and redrawing the chart
 * each time made Recharts' garbage (about 15 MB over a 100,000-line load) that lived long enough
 * to reach the old generation (docs/PERFORMANCE.md).
 */
const Volume = memo(function Volume({ source, filters, utc, onZoom, ready }: { source: CapableSource<'logs'>; filters: Parameters<typeof logVolumeQuery>[1]; utc: boolean; onZoom: (from: number, to: number) => void; ready: boolean }) {
  const { range, now, refreshMs } = useConsoleSettings();
  const capable = supports(source.adapter, 'logVolume') ? (source as unknown as CapableSource<'logVolume'>) : null;
  const query = useQuery({ ...logVolumeQuery(capable ?? (source as unknown as CapableSource<'logVolume'>), filters, range, now), enabled: capable !== null && ready, refetchInterval: refreshMs });
  if (!capable) return <p className="text-xs text-muted">{source.instance.label} cannot count lines over time.</p>;
  if (query.isError) return <p className="text-xs text-warn">Volume unavailable: {query.error.message}</p>;
  if (!query.data) return <div className="h-32 animate-pulse rounded bg-surface-2" aria-hidden="true" />;
  return (
    <Suspense fallback={<div className="h-32 animate-pulse rounded bg-surface-2" aria-hidden="true" />}>
      <VolumeHistogram grid={query.data} utc={utc} onZoom={onZoom} />
    </Suspense>
  );
});

/** The source's own list of services where it has one; none (the loaded lines' services) otherwise. */
function useSourceServices(source: CapableSource<'logs'>): string[] {
  const { range, now } = useConsoleSettings();
  const capable = supports(source.adapter, 'logServices') ? (source as unknown as CapableSource<'logServices'>) : null;
  const query = useQuery({ ...logServicesQuery(capable ?? (source as unknown as CapableSource<'logServices'>), range, now), enabled: capable !== null });
  return query.data ?? NO_SERVICES;
}
const NO_SERVICES: string[] = [];

function LogsBody({ sources, source, state, update }: { sources: CapableSource<'logs'>[]; source: CapableSource<'logs'>; state: LogsUrlState; update: (patch: Partial<LogsUrlState>) => void }) {
  const { range } = useConsoleSettings();
  const sourceServices = useSourceServices(source);
  const [, setParams] = useSearchParams();
  // A pattern filters on the server only where the source computes patterns (Loki); see usePatternFilter.
  // queryParams would leave it out for another source anyway: blanking it here keeps `filters` (and
  // the live tail) unchanged when a mined pattern is picked.
  const serverPattern = supports(source.adapter, 'logPatterns') ? state.pattern : '';
  // Field filters come from the source's own detected fields (Loki); another source cannot apply them.
  const fieldsApply = supports(source.adapter, 'detectedFields');
  const fieldFilters = useMemo(() => (fieldsApply ? state.fields : []), [fieldsApply, state.fields]);
  const filters = useMemo(
    () => ({ text: state.text, raw: state.raw, services: state.services, levels: state.levels, pattern: serverPattern, fields: fieldFilters }),
    [state.text, state.raw, state.services, state.levels, serverPattern, fieldFilters],
  );
  const { pages: query, refresh } = useLogLines(source, filters, state.limit, state.live);
  const staleError = refresh.isError ? refresh.error : query.isError && query.data ? query.error : null;
  // The volume (a heavier aggregate) is asked for once the first lines are on screen.
  const linesPainted = useAfterPaint(!query.isPending);
  const queried = useMemo(() => query.data?.pages.flatMap((p) => p.entries) ?? [], [query.data]);
  const tail = useLiveTail(source, filters, state.live);
  const [topKey, setTopKey] = useState(0);
  // "Clear" in live mode hides every line up to the newest one shown; new lines keep coming.
  const [clearedNs, setClearedNs] = useState<string | null>(null);
  const unfiltered = useMemo(() => {
    if (!state.live) return queried;
    const merged = mergeLive(queried, tail.lines, Number.POSITIVE_INFINITY);
    return clearedNs ? merged.filter((e) => compareNs(e.timeNs, clearedNs) > 0) : merged;
  }, [state.live, queried, tail.lines, clearedNs]);
  const patternFilter = usePatternFilter(source, unfiltered, state.pattern, state.patterns, volumeStepMs(range));
  const entries = patternFilter.entries;
  const warnings = useMemo(() => [...new Set(query.data?.pages.flatMap((p) => p.warnings) ?? [])], [query.data]);
  const knownServices = useMemo(() => [...new Set([...sourceServices, ...entries.slice(0, 5000).flatMap((e) => (e.service ? [e.service] : []))])], [sourceServices, entries]);
  const selected = state.line ? entries.find((e) => e.id === state.line) ?? null : null;
  const lastPage = query.data?.pages.at(-1);
  const select = useCallback((id: string) => update({ line: id }), [update]);
  // Stable, so the memoized Volume does not redraw its chart each time a page of lines arrives.
  const zoom = useCallback(
    (from: number, to: number) =>
      setParams((p) => {
        const n = new URLSearchParams(p);
        n.delete('range');
        n.set('from', new Date(from).toISOString());
        n.set('to', new Date(to).toISOString());
        return n;
      }),
    [setParams],
  );
  const doExport = (format: ExportFormat) => downloadText(`spine-logs-${source.instance.id}.${format}`, exportLogs(entries, format), EXPORT_TYPES[format]);

  const footer = lastPage?.truncated ? (
    <div className="flex h-full items-center gap-3 border-t border-dashed border-warn/60 bg-warn/8 px-3 text-xs">
      <span role="note">
        Line limit reached: {formatInt(entries.length)} lines shown, older lines exist in this range.
      </span>
      <Button variant="secondary" disabled={query.isFetchingNextPage || !query.hasNextPage} onClick={() => void query.fetchNextPage()}>
        {query.isFetchingNextPage ? 'Loading…' : 'Load older'}
      </Button>
    </div>
  ) : undefined;

  return (
    <div className="flex flex-col gap-3">
      <LogsToolbar key={`${state.text}|${state.raw}`} sources={sources} sourceId={source.instance.id} state={state} knownServices={knownServices} onChange={update} />
      <Volume source={source} filters={filters} utc={state.utc} onZoom={zoom} ready={linesPainted} />
      {state.patterns && (
        <PatternsPanel
          source={source}
          params={queryParams(source, filters)}
          stepMs={volumeStepMs(range)}
          mined={patternFilter.mined}
          loadedCount={unfiltered.length}
          selected={state.pattern}
          onSelect={(pattern) => update({ pattern, line: null })}
          rawActive={state.raw !== ''}
          fieldFilters={fieldFilters}
          onToggleFieldFilter={(filter) => update({ fields: toggleFieldFilter(state.fields, filter), line: null })}
        />
      )}
      {warnings.length > 0 && (
        <ul role="status" className="rounded-md border border-warn/50 bg-warn/10 px-3 py-1.5 text-xs text-warn">
          {warnings.map((w) => (
            <li key={w}>Partial result: {w}</li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
        <Button variant={state.live ? 'primary' : 'secondary'} aria-pressed={state.live} onClick={() => update({ live: !state.live })}>
          {state.live ? '● Live' : 'Live tail'}
        </Button>
        <Button variant="secondary" aria-expanded={state.patterns} onClick={() => update({ patterns: !state.patterns })}>
          Patterns
        </Button>
        {state.pattern && <ActivePattern pattern={state.pattern} onClear={() => update({ pattern: '' })} />}
        <ActiveFieldFilters
          filters={state.fields}
          applied={fieldsApply}
          sourceLabel={source.instance.label}
          onRemove={(filter) => update({ fields: state.fields.filter((f) => !sameFieldFilter(f, filter)), line: null })}
          onClear={() => update({ fields: [], line: null })}
        />
        {state.live && (
          <span role="status" className="flex items-center gap-2">
            {tail.error ? (
              <>
                <span className="text-crit">
                  {tail.error.message} {tail.error.hint}
                </span>
                <Button variant="secondary" onClick={tail.retry}>
                  Reconnect
                </Button>
              </>
            ) : tail.paused ? (
              <>
                <span>Paused while you scroll: {tail.heldCount} new lines held back.</span>
                <Button
                  variant="secondary"
                  onClick={() => {
                    tail.resume();
                    setTopKey((k) => k + 1);
                  }}
                >
                  Resume
                </Button>
              </>
            ) : (
              <span>{tail.streaming ? 'Streaming new lines' : 'Polling for new lines every 2 s'} (window of the newest 10,000).</span>
            )}
            {tail.dropped > 0 && <span className="text-warn">{tail.dropped} lines dropped by the server.</span>}
            <Button
              variant="ghost"
              onClick={() => {
                tail.clear();
                setClearedNs(entries[0]?.timeNs ?? null);
              }}
            >
              Clear
            </Button>
          </span>
        )}
        <span aria-live="polite">
          {query.isPending ? 'Loading lines…' : `${formatInt(entries.length)} lines${lastPage?.truncated ? ' (more available)' : ''}`}
          {refresh.data.restarted && ` More than ${formatInt(state.limit)} new lines since the previous refresh: the list starts again at the newest; Load older continues from there.`}
        </span>
        {staleError && <span className="text-warn">Refresh failed: {staleError.message}</span>}
        <span className="ml-auto">Export</span>
        {(['json', 'csv', 'txt'] as const).map((f) => (
          <Button key={f} variant="secondary" disabled={entries.length === 0} onClick={() => doExport(f)} aria-label={`Export ${f.toUpperCase()}`}>
            {f.toUpperCase()}
          </Button>
        ))}
      </div>
      {query.isPending ? (
        <SkeletonRows rows={10} label="Loading log lines" />
      ) : query.isError && !query.data ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border border-crit/40 bg-crit/8 p-3">
          <p className="font-medium text-crit">
            {source.instance.label}: {query.error.message}
          </p>
          <p className="text-sm">{isSourceError(query.error) ? query.error.hint : 'Retry; if it keeps failing, check the Sources view.'}</p>
          <Button variant="primary" className="self-start" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      ) : entries.length === 0 ? (
        state.live ? (
          <EmptyState title="Waiting for new lines…">New lines that match appear here as they arrive.</EmptyState>
        ) : (
          <EmptyState title="No log lines match">Widen the time range, clear the filters or check the query.</EmptyState>
        )
      ) : (
        <div className={`grid gap-3 ${selected ? 'xl:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]' : ''}`}>
          <LogList
            entries={entries}
            selectedId={state.line}
            utc={state.utc}
            onSelect={select}
            footer={footer}
            scrollToTopKey={topKey}
            onScroll={state.live ? (top) => (top > 40 && !tail.paused ? tail.pause() : undefined) : undefined}
          />
          {selected && (
            <LineDetails
              entry={selected}
              source={source}
              utc={state.utc}
              onClose={() => update({ line: null })}
              onFilterService={(s, include) => update({ services: include ? [s] : knownServices.filter((x) => x !== s), line: null })}
              onFilterLevel={(l) => update({ levels: [l], line: null })}
            />
          )}
        </div>
      )}
    </div>
  );
}

export function LogsPage() {
  const sources = useSourcesFor('logs');
  const [params, setParams] = useSearchParams();
  const state = readLogsUrl(params);
  const update = useCallback((patch: Partial<LogsUrlState>) => setParams((p) => writeLogsUrl(p, patch)), [setParams]);
  const source = sources.find((s) => s.instance.id === state.source) ?? sources[0];
  return (
    <section aria-label="Logs" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-[15px] font-semibold">Logs</h2>
        {source && <LogsSavedSearches />}
      </div>
      {!source ? (
        <EmptyState title="No log source configured">Set LOKI_URL or ELASTICSEARCH_URL (or CAPTURE_SPINE_URL for its alerts) on the console server; see the README.</EmptyState>
      ) : (
        <LogsBody key={source.instance.id} sources={sources} source={source} state={state} update={update} />
      )}
    </section>
  );
}
