import type { IssueStatus } from '@/errors/lifecycle';
import type { IssueWithState } from '@/errors/ui/issues-data';
import { compareNs } from '@/lib/nanotime';

export type IssueSort = 'count' | 'last' | 'first';
export const SORTS: Record<IssueSort, string> = { count: 'Most events', last: 'Last seen', first: 'First seen' };
export const STATUSES: IssueStatus[] = ['escalating', 'regressed', 'new', 'ongoing', 'resolved', 'ignored'];

/** What a saved search of issues keeps: the filters and sort, not the open issue or the time range (see SAVED_LOGS_PARAMS). */
export const SAVED_ISSUE_PARAMS = ['source', 'q', 'sort', 'status', 'service', 'level'] as const;

export interface IssueFilters {
  sort: IssueSort;
  status: IssueStatus | 'open' | 'all';
  service: string;
  level: string;
  text: string;
}

export function readIssueFilters(p: URLSearchParams): IssueFilters {
  const sort = p.get('sort');
  const status = p.get('status');
  return {
    sort: sort === 'last' || sort === 'first' ? sort : 'count',
    status: status === 'all' || (STATUSES as string[]).includes(status ?? '') ? (status as IssueFilters['status']) : 'open',
    service: p.get('service') ?? '',
    level: p.get('level') ?? '',
    text: p.get('q') ?? '',
  };
}

/** Pure filtering and sorting of the issue list; "open" hides resolved and ignored issues. */
export function filterIssues(issues: IssueWithState[], f: IssueFilters): IssueWithState[] {
  const text = f.text.toLowerCase();
  const out = issues.filter((i) => {
    const s = i.lifecycle.status;
    if (f.status === 'open' && (s === 'resolved' || s === 'ignored')) return false;
    if (f.status !== 'open' && f.status !== 'all' && s !== f.status) return false;
    if (f.service && !i.services.some((x) => x.name === f.service)) return false;
    if (f.level && i.level !== f.level) return false;
    if (text && !i.title.toLowerCase().includes(text) && !(i.exceptionType ?? '').toLowerCase().includes(text)) return false;
    return true;
  });
  if (f.sort === 'count') out.sort((a, b) => b.count - a.count);
  else if (f.sort === 'last') out.sort((a, b) => compareNs(b.lastSeenNs, a.lastSeenNs));
  else out.sort((a, b) => compareNs(a.firstSeenNs, b.firstSeenNs));
  return out;
}

/** A literal the log explorer can search for to find this issue's lines. */
export function searchTextFor(issue: Pick<IssueWithState, 'exceptionType' | 'template'>): string {
  if (issue.exceptionType) return issue.exceptionType;
  const parts = issue.template.split('<*>').map((s) => s.trim());
  return parts.reduce((best, p) => (p.length > best.length ? p : best), '');
}
