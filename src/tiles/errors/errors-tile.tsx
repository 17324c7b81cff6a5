import { Link } from 'react-router';
import { SkeletonRows } from '@/components/ui/skeleton';
import { useErrorIssues } from '@/errors/ui/issues-data';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatCount } from '@/lib/format';
import { useCarriedSearch } from '@/lib/view-links';
import { preferredLogSource, useSourcesFor } from '@/sources/sources-context';
import type { CapableSource } from '@/sources/sources-context';
import { TileFrame } from '@/tiles/tile-frame/tile-frame';
import { TileUnconfigured } from '@/tiles/tile-frame/tile-unconfigured';
import { ErrorsView } from './errors-view';

export const ERRORS_TITLE = 'Errors';

function ErrorsBody({ source }: { source: CapableSource<'logs'> }) {
  const { now, basePath = '/' } = useConsoleSettings();
  // The Issues view opens on this tile's source, range and refresh.
  const search = useCarriedSearch()({ source: source.instance.id });
  // On the dashboard, grouping waits until the health tiles have painted.
  const { query, issues, progress } = useErrorIssues(source, { defer: true });
  const data = query.data;
  const staleSince = query.isError && data ? query.dataUpdatedAt : null;
  const summary = data ? (
    <span>
      {issues.length} issues from {formatCount(data.sampled)} lines{data.index ? ' (indexed)' : ''}
      {data.truncated ? ` (newest ${formatCount(data.sampled)}${data.total !== null ? ` of ${formatCount(data.total)}` : ''})` : ''} ·{' '}
      <Link to={{ pathname: `${basePath}issues`, search }}>all issues</Link>
    </span>
  ) : null;
  return (
    <TileFrame
      title={ERRORS_TITLE}
      sourceLabel={source.instance.label}
      busy={query.isPending}
      staleSince={staleSince}
      staleReason={query.error?.message}
      updatedAt={query.dataUpdatedAt || null}
      summary={summary}
    >
      {data ? (
        <ErrorsView issues={issues} basePath={basePath} search={search} now={now()} />
      ) : (
        <>
          {progress && <p className="mb-2 text-xs text-muted">Grouping {formatCount(progress.done)} / {formatCount(progress.total)} lines…</p>}
          <SkeletonRows rows={5} label="Loading error issues" />
        </>
      )}
    </TileFrame>
  );
}

export function ErrorsTile() {
  const source = preferredLogSource(useSourcesFor('logs'));
  if (!source) return <TileUnconfigured title={ERRORS_TITLE} what="error logs" />;
  return <ErrorsBody source={source} />;
}
