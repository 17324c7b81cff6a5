import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { SkeletonRows } from '@/components/ui/skeleton';
import { useConsoleSettings } from '@/lib/console-settings';
import { resolveRange } from '@/lib/time-range';
import { supports } from '@/sources/registry';
import type { FieldFilter } from '@/sources/source-adapter';
import type { CapableSource } from '@/sources/sources-context';
import type { LogParams } from '../log-params';
import { DetectedFields } from './detected-fields';
import type { MinedPatterns } from './mine-patterns';
import { PanelFailure } from './panel-failure';
import { logPatternsQuery } from './patterns-queries';
import { PatternsView } from './patterns-view';
import { formatInt } from '@/lib/format';

export interface PatternsPanelProps {
  source: CapableSource<'logs'>;
  /**
   * The explorer's filters, the selected server-side pattern and field filters included. Detected
   * fields use them all (the fields of the lines shown); the patterns list leaves the pattern
   * out, so every pattern stays listed and can be switched.
   */
  params: LogParams;
  stepMs: number;
  /** Patterns of the loaded lines, for sources without `logPatterns`. */
  mined: MinedPatterns | null;
  loadedCount: number;
  selected: string;
  onSelect: (pattern: string) => void;
  /** A raw query is set: a server-side pattern filter would not apply to it. */
  rawActive: boolean;
  /** The field filters in the query (Detected fields tab). */
  fieldFilters: FieldFilter[];
  onToggleFieldFilter: (filter: FieldFilter) => void;
}

type Tab = 'patterns' | 'fields';

function ServerPatterns({ source, params, stepMs, selected, onSelect, rawActive }: Omit<PatternsPanelProps, 'mined' | 'loadedCount' | 'source' | 'fieldFilters' | 'onToggleFieldFilter'> & { source: CapableSource<'logPatterns'> }) {
  const { range, now } = useConsoleSettings();
  const query = useQuery(logPatternsQuery(source, params, stepMs, range, now));
  if (query.isPending) return <SkeletonRows rows={5} label="Loading patterns" />;
  if (query.isError && !query.data) return <PanelFailure error={query.error} what="Log patterns" label={source.instance.label} onRetry={() => void query.refetch()} />;
  if (query.data.patterns.length === 0) {
    return <EmptyState title="No patterns in this range">{source.instance.label} found no line patterns for this stream selector and time range.</EmptyState>;
  }
  const { from, to } = resolveRange(range, now());
  return (
    <PatternsView
      report={query.data}
      selected={selected}
      onSelect={onSelect}
      from={from}
      to={to}
      disabledReason={rawActive ? 'A raw LogQL query is set: add the pattern to it yourself (|> "…"), or clear it to filter by clicking a pattern.' : null}
    />
  );
}

function MinedPatternsView({ source, mined, loadedCount, selected, onSelect }: Pick<PatternsPanelProps, 'source' | 'mined' | 'loadedCount' | 'selected' | 'onSelect'>) {
  const { range, now } = useConsoleSettings();
  if (!mined || mined.report.patterns.length === 0) {
    return <EmptyState title="No patterns: no lines loaded">Patterns are mined from the lines the explorer has loaded; widen the range or clear the filters.</EmptyState>;
  }
  const { from, to } = resolveRange(range, now());
  return (
    <div className="flex flex-col gap-2">
      <p role="note" className="text-xs text-muted">
        {source.instance.label} has no pattern endpoint: these patterns are mined in the console from the {formatInt(loadedCount)} lines loaded (load older lines to widen them); a click filters those lines.
      </p>
      <PatternsView report={mined.report} selected={selected} onSelect={onSelect} from={from} to={to} disabledReason={null} />
    </div>
  );
}

/** The Patterns panel: log patterns (server-side or mined) and, where the source has them, detected fields. */
export function PatternsPanel(props: PatternsPanelProps) {
  const { source, params } = props;
  const withoutPattern = useMemo(() => ({ ...params, pattern: undefined }), [params]);
  const [tab, setTab] = useState<Tab>('patterns');
  const fields = supports(source.adapter, 'detectedFields') ? (source as unknown as CapableSource<'detectedFields'>) : null;
  const server = supports(source.adapter, 'logPatterns') ? (source as unknown as CapableSource<'logPatterns'>) : null;
  const current: Tab = fields ? tab : 'patterns';
  return (
    <section aria-label="Patterns" className="flex flex-col gap-2 rounded-md border border-line p-3">
      <div className="flex items-center gap-3">
        <h3 className="text-sm font-semibold">Patterns</h3>
        {fields && (
          <div role="tablist" aria-label="Patterns or fields" className="flex gap-1 text-xs">
            {(['patterns', 'fields'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={current === t}
                onClick={() => setTab(t)}
                className={`rounded px-2 py-0.5 ring-1 ring-inset ring-line ${current === t ? 'bg-surface-2 font-semibold' : 'text-muted'}`}
              >
                {t === 'patterns' ? 'Log patterns' : 'Detected fields'}
              </button>
            ))}
          </div>
        )}
      </div>
      <div role={fields ? 'tabpanel' : undefined} aria-label={fields ? (current === 'patterns' ? 'Log patterns' : 'Detected fields') : undefined}>
        {current === 'fields' && fields ? (
          <DetectedFields source={fields} params={params} filters={props.fieldFilters} onToggleFilter={props.onToggleFieldFilter} rawActive={props.rawActive} />
        ) : server ? (
          <ServerPatterns params={withoutPattern} stepMs={props.stepMs} selected={props.selected} onSelect={props.onSelect} rawActive={props.rawActive} source={server} />
        ) : (
          <MinedPatternsView {...props} />
        )}
      </div>
    </section>
  );
}

/** The active pattern filter, visible whether or not the panel is open. */
export function ActivePattern({ pattern, onClear }: { pattern: string; onClear: () => void }) {
  return (
    <span role="status" className="flex min-w-0 items-center gap-1 rounded-full bg-accent/15 px-2 py-0.5">
      <span className="shrink-0">Pattern:</span>
      <code className="min-w-0 max-w-md truncate font-mono" title={pattern}>
        {pattern}
      </code>
      <Button variant="ghost" className="px-1 py-0" aria-label="Clear pattern filter" onClick={onClear}>
        ✕
      </Button>
    </span>
  );
}
