import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { IssueStatusBadge, Sparkline } from '@/errors/ui/issue-status';
import type { IssueWithState } from '@/errors/ui/issues-data';
import { formatCount, formatRelative } from '@/lib/format';
import { nsToIso } from '@/lib/nanotime';

const RANK = { escalating: 0, regressed: 1, new: 2, ongoing: 3, resolved: 4, ignored: 5 } as const;

/** The issues worth looking at first: escalating and regressed, then by count; ignored last. */
export function topIssues(issues: IssueWithState[], n: number): IssueWithState[] {
  return [...issues]
    .filter((i) => i.lifecycle.status !== 'ignored' && i.lifecycle.status !== 'resolved')
    .sort((a, b) => RANK[a.lifecycle.status] - RANK[b.lifecycle.status] || b.count - a.count)
    .slice(0, n);
}

/** `search`: the query string of the links to an issue (the range, refresh and source to open it with). */
export function ErrorsView({ issues, basePath, search = '', now }: { issues: IssueWithState[]; basePath: string; search?: string; now: number }) {
  const top = topIssues(issues, 6);
  if (top.length === 0) {
    return <EmptyState title="No open error issues in this range">Nothing at warning level or above, or every issue is resolved or ignored.</EmptyState>;
  }
  return (
    <ul className="flex flex-col divide-y divide-line/60" aria-label="Top issues">
      {top.map((i) => (
        <li key={i.id} className="flex items-center gap-3 py-1.5">
          <div className="min-w-0 flex-1">
            <Link to={{ pathname: `${basePath}issues/${i.id}`, search }} className="block truncate font-medium" title={i.title}>
              {i.title}
            </Link>
            <div className="flex items-center gap-2 text-xs text-muted">
              <IssueStatusBadge status={i.lifecycle.status} reason={i.lifecycle.reason} />
              <span>{i.services.map((s) => s.name).slice(0, 2).join(', ')}</span>
              <span>last {formatRelative(nsToIso(i.lastSeenNs), now)}</span>
            </div>
          </div>
          <Sparkline values={i.sparkline} label={`${i.count} events over the range`} />
          <span className="w-14 text-right font-medium tabular-nums">{formatCount(i.count)}</span>
        </li>
      ))}
    </ul>
  );
}
