import { Fragment, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { bandsLabel, bandTitle } from '@/components/ui/maintenance-bands';
import { useMaintenanceBands } from '@/lib/maintenance-bands';
import { Button } from '@/components/ui/button';
import { storedStateOf, withAliases } from '@/errors/lifecycle';
import type { IgnoreRule } from '@/errors/lifecycle';
import type { ObservableStore } from '@/errors/ui/issues-context';
import { IssueStatusBadge } from '@/errors/ui/issue-status';
import type { IssueWithState } from '@/errors/ui/issues-data';
import type { IndexedIssueDto } from '@/service/api-schemas';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatClock, formatCount, formatDateTime, formatDuration } from '@/lib/format';
import { nsToIso, nsToMs } from '@/lib/nanotime';
import { useCarriedSearch } from '@/lib/view-links';
import type { CapableSource } from '@/sources/sources-context';
import { AnsiText } from '@/components/ui/ansi-text';
import { searchTextFor } from './issues-filter';
import { IssueHistory } from './issue-history';

/** The template with each `<*>` slot drawn as a numbered chip. */
function TemplateText({ template }: { template: string }) {
  const parts = template.split('<*>');
  return (
    <code className="block whitespace-pre-wrap break-words rounded bg-surface-2 p-2 font-mono text-xs">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && (
            <span className="mx-0.5 rounded bg-accent/20 px-1 text-accent" title={`Variable slot ${i + 1}`}>
              ‹{i + 1}›
            </span>
          )}
        </Fragment>
      ))}
    </code>
  );
}

function Timeline({ issue }: { issue: IssueWithState }) {
  const max = Math.max(1, ...issue.sparkline);
  const from = issue.sparklineFromMs;
  const to = from + issue.sparkline.length * issue.bucketMs;
  const bands = useMaintenanceBands(from, to);
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-xs text-muted">Events over the range ({formatDuration(issue.bucketMs / 1000)} per bar)</figcaption>
      <div role="img" aria-label={`Timeline: ${issue.count} events, peak ${max} per bar${bandsLabel(bands)}`} className="relative flex h-20 items-end gap-px border-b border-line">
        {bands.map((b) => (
          <div
            key={`${b.windowId}-${b.from}`}
            title={bandTitle(b)}
            className="absolute inset-y-0 border-x border-dashed border-muted/50 bg-muted/15"
            style={{ left: `${((b.from - from) / (to - from)) * 100}%`, width: `${Math.max(0.5, ((b.to - b.from) / (to - from)) * 100)}%` }}
          />
        ))}
        {issue.sparkline.map((v, i) => (
          <div
            key={i}
            title={`${formatClock(issue.sparklineFromMs + i * issue.bucketMs)}: ${v}`}
            className="flex-1 rounded-t-sm bg-crit/70"
            style={{ height: `${(v / max) * 100}%`, minHeight: v > 0 ? 2 : 0 }}
          />
        ))}
      </div>
      <div className="flex justify-between text-[11px] text-muted">
        <span>{formatClock(issue.sparklineFromMs)}</span>
        <span>{formatClock(issue.sparklineFromMs + issue.sparkline.length * issue.bucketMs)}</span>
      </div>
    </figure>
  );
}

const IGNORES: { label: string; rule: (now: number) => IgnoreRule }[] = [
  { label: 'for 1 hour', rule: (now) => ({ kind: 'for-duration', untilMs: now + 3_600_000 }) },
  { label: 'for 24 hours', rule: (now) => ({ kind: 'for-duration', untilMs: now + 86_400_000 }) },
  { label: 'until 100 more events', rule: () => ({ kind: 'until-count', count: 100 }) },
  { label: 'until it escalates', rule: () => ({ kind: 'until-escalating' }) },
  { label: 'forever', rule: () => ({ kind: 'forever' }) },
];

type IndexedExtras = Pick<IndexedIssueDto, 'totalCount' | 'knownSinceNs' | 'merged'>;

export function IssueDetail({ issue, source, store }: { issue: IssueWithState; source: CapableSource<'logs'>; store: ObservableStore }) {
  const { now, basePath = '/' } = useConsoleSettings();
  const carried = useCarriedSearch();
  const [ignoreChoice, setIgnoreChoice] = useState(0);
  // A state stored under an id the issue had before (an old stack id) still applies; acting
  // writes it under the current id.
  const stored = storedStateOf(store.store, issue);
  const aliased = useMemo<ObservableStore>(() => ({ ...store, store: withAliases(store.store, issue) }), [store, issue]);
  const status = issue.lifecycle.status;
  const act = (next: Parameters<ObservableStore['update']>[1]) => store.update(issue.id, next);
  // With the console service down, states stay readable and changes wait (the banner says why).
  const readOnly = store.readOnly?.() ?? null;
  const locked = readOnly ? { disabled: true, title: readOnly } : {};
  const sample = issue.samples[0];
  // Fields only the console service's issue index sends (absent for an issue grouped in the page).
  const indexed = issue as IssueWithState & Partial<IndexedExtras>;
  // The same range, refresh and source as the issue was grouped over, so Logs shows its lines.
  const logsLink = { pathname: `${basePath}logs`, search: carried({ source: source.instance.id, q: searchTextFor(issue), service: issue.services[0]?.name }) };
  return (
    <section aria-label="Issue detail" className="flex min-w-0 flex-col gap-3 rounded-lg border border-line p-3">
      <header className="flex flex-col gap-1">
        <h3 className="break-words font-semibold">{issue.title}</h3>
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
          <IssueStatusBadge status={status} reason={issue.lifecycle.reason} />
          <span>{issue.lifecycle.reason}</span>
        </div>
      </header>
      <div className="flex flex-wrap items-center gap-2">
        {status === 'resolved' || status === 'ignored' ? (
          <Button variant="secondary" {...locked} onClick={() => act({ ...stored, resolvedAtMs: undefined, ignored: undefined, updatedAtMs: now() })}>
            Reopen
          </Button>
        ) : (
          <Button variant="primary" {...locked} onClick={() => act({ ...stored, resolvedAtMs: Math.max(now(), nsToMs(issue.lastSeenNs)), ignored: undefined, updatedAtMs: now() })}>
            Resolve
          </Button>
        )}
        {status !== 'ignored' && (
          <>
            <select aria-label="Ignore rule" className="rounded-md bg-surface px-2 py-1 text-sm ring-1 ring-inset ring-line" value={ignoreChoice} onChange={(e) => setIgnoreChoice(Number(e.target.value))}>
              {IGNORES.map((o, i) => (
                <option key={o.label} value={i}>
                  {o.label}
                </option>
              ))}
            </select>
            <Button variant="secondary" {...locked} onClick={() => act({ ...stored, ignored: { atMs: now(), rule: IGNORES[ignoreChoice]!.rule(now()) }, updatedAtMs: now() })}>
              Ignore
            </Button>
          </>
        )}
        <Link to={logsLink} className="ml-auto text-sm">
          Show in Logs →
        </Link>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-sm">
        <dt className="text-muted">Events</dt>
        <dd className="tabular-nums">
          {formatCount(issue.count)}
          {indexed?.totalCount !== undefined && indexed.totalCount !== issue.count ? ` in the range, ${formatCount(indexed.totalCount)} since the index began` : ''}
        </dd>
        <dt className="text-muted">First seen</dt>
        <dd>
          {formatDateTime(nsToIso(stored?.firstSeenNs && stored.firstSeenNs < issue.firstSeenNs ? stored.firstSeenNs : issue.firstSeenNs))}
          {indexed?.knownSinceNs ? <span className="text-xs text-muted"> (the issue index has known this source since {formatDateTime(nsToIso(indexed.knownSinceNs))})</span> : null}
        </dd>
        <dt className="text-muted">Last seen</dt>
        <dd>{formatDateTime(nsToIso(issue.lastSeenNs))}</dd>
        <dt className="text-muted">Services</dt>
        <dd>{issue.services.map((s) => `${s.name} (${formatCount(s.count)})`).join(', ')}</dd>
        {issue.loggers.length > 0 && (
          <>
            <dt className="text-muted">Loggers</dt>
            <dd className="font-mono text-xs">{issue.loggers.map((l) => l.name).join(', ')}</dd>
          </>
        )}
      </dl>
      {indexed?.merged && indexed.merged.length > 0 && (
        <div className="flex flex-col gap-1 text-sm">
          <h4 className="text-xs font-semibold text-muted">Merged into this issue</h4>
          <ul aria-label="Issues merged into this one" className="flex flex-col gap-0.5 text-xs">
            {indexed.merged.map((m) => (
              <li key={`${m.fromId}|${m.at}`}>
                <span className="font-mono">{m.title}</span> ({formatCount(m.count)} events), {formatDateTime(m.at)}: its template turned out to be this one's
              </li>
            ))}
          </ul>
        </div>
      )}
      <IssueHistory issue={issue} source={source} store={aliased} />
      <Timeline issue={issue} />
      <div className="flex flex-col gap-1">
        <h4 className="text-xs font-semibold text-muted">Template</h4>
        <TemplateText template={issue.template} />
        {issue.slotValues.length > 0 && (
          <ul className="flex flex-col gap-1 text-xs" aria-label="Values seen in the variable slots">
            {issue.slotValues.map((s) => (
              <li key={s.index} className="flex flex-wrap items-center gap-1">
                <span className="rounded bg-accent/20 px-1 text-accent">‹{s.index + 1}›</span>
                {s.values.map((v) => (
                  <span key={v.value} className="max-w-[40ch] truncate rounded bg-surface-2 px-1.5 font-mono" title={`${v.value}: ${v.count}`}>
                    {v.value} <span className="text-muted">×{v.count}</span>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </div>
      {issue.frames.length > 0 && issue.framelessCount > 0 && (
        <p role="note" className="text-xs text-muted">
          {formatCount(issue.framelessCount)} of {formatCount(issue.count)} events came without a traceback (logged without exc_info, or split from it by the
          shipper); they are grouped here by exception type and message.
        </p>
      )}
      {issue.stacks.length > 1 && (
        <div className="flex flex-col gap-1">
          <h4 className="text-xs font-semibold text-muted">Raised from {issue.stacks.length} stacks</h4>
          <ul className="flex flex-col gap-0.5 font-mono text-xs" aria-label="Stack variants">
            {issue.stacks.map((v) => (
              <li key={v.id}>
                {v.frames.join(' ← ')} <span className="text-muted">×{formatCount(v.count)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {issue.frames.length > 0 && (
        <div className="flex flex-col gap-1">
          <h4 className="text-xs font-semibold text-muted">Stack trace (newest event with a traceback; in-app frames highlighted)</h4>
          <ol className="flex flex-col rounded bg-surface-2 p-2 font-mono text-xs" aria-label="Stack frames">
            {issue.frames.map((f, i) => (
              <li key={i} className={f.inApp ? 'border-l-2 border-accent pl-2 text-fg' : 'pl-2.5 text-muted'}>
                {f.file}:{f.line} in <strong className="font-semibold">{f.fn}</strong>
                {f.inApp && <span className="sr-only"> (in-app)</span>}
                {f.code && <div className="pl-4 opacity-80">{f.code}</div>}
              </li>
            ))}
          </ol>
        </div>
      )}
      {sample && (
        <div className="flex flex-col gap-1">
          <h4 className="text-xs font-semibold text-muted">Latest sample ({formatDateTime(nsToIso(sample.timeNs))}, {sample.service ?? 'unknown service'})</h4>
          <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded bg-surface-2 p-2 font-mono text-xs" tabIndex={0} aria-label="Sample event">
            <AnsiText text={sample.text.length > 20_000 ? `${sample.text.slice(0, 20_000)}…` : sample.text} />
          </pre>
        </div>
      )}
    </section>
  );
}
