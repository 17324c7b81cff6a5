import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { SkeletonRows } from '@/components/ui/skeleton';
import { IssueStatusBadge, Sparkline } from '@/errors/ui/issue-status';
import { useErrorIssues } from '@/errors/ui/issues-data';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatCount, formatDateTime, formatRelative } from '@/lib/format';
import { nsToIso } from '@/lib/nanotime';
import { preferredLogSource, useSourcesFor } from '@/sources/sources-context';
import type { CapableSource } from '@/sources/sources-context';
import { isSourceError } from '@/sources/source-error';
import { IssueDetail } from './issue-detail';
import { IssuesSavedSearches } from './issues-saved-searches';
import { filterIssues, readIssueFilters, SORTS, STATUSES } from './issues-filter';
import { downloadText } from '@/lib/download';


function IssuesBody({ sources, source }: { sources: CapableSource<'logs'>[]; source: CapableSource<'logs'> }) {
  const { now, basePath = '/' } = useConsoleSettings();
  const { issueId } = useParams();
  const [params, setParams] = useSearchParams();
  const filters = readIssueFilters(params);
  // The filter text as typed; it follows the URL when that changes from elsewhere (a saved search, Back).
  const [draft, setDraft] = useState(filters.text);
  const [urlText, setUrlText] = useState(filters.text);
  if (filters.text !== urlText) {
    setUrlText(filters.text);
    setDraft(filters.text);
  }
  const { query, issues, progress, store } = useErrorIssues(source, { throwErrors: false });
  const [importResult, setImportResult] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const set = (key: string, value: string) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (value) n.set(key, value);
      else n.delete(key);
      return n;
    });
  const data = query.data;
  const shown = filterIssues(issues, filters);
  const services = [...new Set(issues.flatMap((i) => i.services.map((s) => s.name)))].sort();
  // An old link may name an id the issue had before (its stack id): its aliases keep it working.
  const selected = issueId ? (issues.find((i) => i.id === issueId) ?? issues.find((i) => i.aliases?.includes(issueId))) : undefined;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1.5">
          <span className="text-muted">Source</span>
          <select aria-label="Source" className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line" value={source.instance.id} onChange={(e) => set('source', e.target.value)}>
            {sources.map((s) => (
              <option key={s.instance.id} value={s.instance.id}>
                {s.instance.label}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Filter issues"
          placeholder="Filter by text"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            set('q', e.target.value);
          }}
          className="min-w-48 flex-1 rounded-md bg-surface px-2.5 py-1 ring-1 ring-inset ring-line"
        />
        <select aria-label="Sort" className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line" value={filters.sort} onChange={(e) => set('sort', e.target.value === 'count' ? '' : e.target.value)}>
          {Object.entries(SORTS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
        <select aria-label="State" className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line" value={filters.status} onChange={(e) => set('status', e.target.value === 'open' ? '' : e.target.value)}>
          <option value="open">Open (not resolved or ignored)</option>
          <option value="all">All states</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select aria-label="Service" className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line" value={filters.service} onChange={(e) => set('service', e.target.value)}>
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select aria-label="Level" className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line" value={filters.level} onChange={(e) => set('level', e.target.value)}>
          <option value="">All levels</option>
          {['critical', 'error', 'warning'].map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
        {data && data.index ? (
          <span>
            From the console service's issue index: all {formatCount(data.sampled)} warning-and-above lines of the range, each grouped once as it arrived; first seen is
            first seen since the index began on {formatDateTime(nsToIso(data.index.knownSinceNs))}. Counts are per whole hour.
          </span>
        ) : data ? (
          <span>
            Grouped {formatCount(data.sampled)} warning-and-above lines
            {data.truncated ? `: the newest ${formatCount(data.sampled)}${data.total !== null ? ` of ${formatCount(data.total)}` : ''} in the range (sampled)` : ' (all of them)'}
            .
          </span>
        ) : null}
        {progress && (
          <span role="status">
            Grouping {formatCount(progress.done)} / {formatCount(progress.total)} lines…
          </span>
        )}
        <span className="ml-auto">Issue states</span>
        <Button variant="secondary" onClick={() => downloadText(`spine-console-issue-states-${source.instance.id}.json`, store.store.export(), 'application/json')}>
          Export states
        </Button>
        <Button variant="secondary" disabled={!!store.readOnly?.()} title={store.readOnly?.() ?? undefined} onClick={() => fileRef.current?.click()}>
          Import states
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          aria-label="Import issue states file"
          className="hidden"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            const r = store.store.import(await file.text());
            store.update('__import__', undefined);
            setImportResult(r.errors.length ? `Import failed: ${r.errors.join('; ')}` : `Imported: ${r.added} added, ${r.changed} changed.`);
            e.target.value = '';
          }}
        />
      </div>
      {importResult && <p role="status" className="text-sm">{importResult}</p>}
      {store.problems.length > 0 && <p role="status" className="text-sm text-warn">{store.problems.join(' ')}</p>}
      {data?.warnings.map((w) => (
        <p key={w} className="text-xs text-warn">
          Partial result: {w}
        </p>
      ))}
      {query.isPending ? (
        <SkeletonRows rows={8} label="Loading issues" />
      ) : query.isError && !data ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border border-crit/40 bg-crit/8 p-3">
          <p className="font-medium text-crit">
            {source.instance.label}: {query.error.message}
          </p>
          <p className="text-sm">{isSourceError(query.error) ? query.error.hint : 'Retry.'}</p>
          <Button variant="primary" className="self-start" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      ) : (
        <div className={`grid gap-3 ${selected ? 'xl:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]' : ''}`}>
          {shown.length === 0 ? (
            <EmptyState title="No issues match">Change the filters, or widen the time range.</EmptyState>
          ) : (
            <table className="text-sm">
              <thead className="text-xs text-muted">
                <tr className="border-b border-line">
                  <th scope="col" className="py-1.5 pr-3">Issue</th>
                  <th scope="col" className="py-1.5 pr-3">Trend</th>
                  <th scope="col" className="py-1.5 pr-3 text-right">Events</th>
                  <th scope="col" className="py-1.5 pr-3">First seen</th>
                  <th scope="col" className="py-1.5">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((i) => (
                  <tr key={i.id} className={`border-b border-line/60 align-top last:border-0 ${i === selected ? 'bg-accent/10' : ''}`}>
                    <th scope="row" className="max-w-[48ch] py-1.5 pr-3 font-normal">
                      <Link to={{ pathname: `${basePath}issues/${i.id}`, search: params.toString() }} className="line-clamp-2 break-words font-medium">
                        {i.title}
                      </Link>
                      <div className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-muted">
                        <IssueStatusBadge status={i.lifecycle.status} reason={i.lifecycle.reason} />
                        <span className="uppercase">{i.level}</span>
                        <span>{i.services.map((s) => s.name).join(', ')}</span>
                      </div>
                    </th>
                    <td className="py-1.5 pr-3">
                      <Sparkline values={i.sparkline} label={`Trend of ${i.title}`} />
                    </td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{formatCount(i.count)}</td>
                    <td className="whitespace-nowrap py-1.5 pr-3 text-xs" title={formatDateTime(nsToIso(i.firstSeenNs))}>
                      {formatRelative(nsToIso(i.firstSeenNs), now())}
                    </td>
                    <td className="whitespace-nowrap py-1.5 text-xs" title={formatDateTime(nsToIso(i.lastSeenNs))}>
                      {formatRelative(nsToIso(i.lastSeenNs), now())}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {issueId && (selected ? <IssueDetail issue={selected} source={source} store={store} /> : <EmptyState title="Issue not found in this range">It has no events in the selected range; widen the range to find it.</EmptyState>)}
        </div>
      )}
    </div>
  );
}

export function IssuesPage() {
  const sources = useSourcesFor('logs');
  const [params] = useSearchParams();
  const wanted = params.get('source');
  const source = sources.find((s) => s.instance.id === wanted) ?? preferredLogSource(sources);
  return (
    <section aria-label="Issues" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-[15px] font-semibold">Issues</h2>
        {source && <IssuesSavedSearches />}
      </div>
      {source ? <IssuesBody key={source.instance.id} sources={sources} source={source} /> : <EmptyState title="No log source configured">Issues are grouped from error logs: configure Loki, Elasticsearch or capture-spine.</EmptyState>}
    </section>
  );
}
