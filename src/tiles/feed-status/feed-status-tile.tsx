import { SkeletonRows } from '@/components/ui/skeleton';
import { useConsoleSettings } from '@/lib/console-settings';
import { useSourcesFor } from '@/sources/sources-context';
import type { CapableSource } from '@/sources/sources-context';
import { TileFrame } from '@/tiles/tile-frame/tile-frame';
import { TileUnconfigured } from '@/tiles/tile-frame/tile-unconfigured';
import { useCapabilityQuery } from '@/tiles/tile-frame/use-capability-query';
import { FeedStatusView, summarizeFeeds } from './feed-status-view';

export const FEED_STATUS_TITLE = 'Feed status';

function FeedStatusBody({ source }: { source: CapableSource<'feedStatus'> }) {
  const { now } = useConsoleSettings();
  const { query, staleSince, staleReason } = useCapabilityQuery(source, 'feedStatus');
  const data = query.data;
  return (
    <TileFrame
      title={FEED_STATUS_TITLE}
      sourceLabel={source.instance.label}
      busy={query.isPending}
      staleSince={staleSince}
      staleReason={staleReason}
      updatedAt={query.dataUpdatedAt || null}
      summary={data && data.feeds.length > 0 ? summarizeFeeds(data.feeds) : null}
    >
      {data ? <FeedStatusView report={data} now={now()} /> : <SkeletonRows rows={6} label="Loading feed status" />}
    </TileFrame>
  );
}

export function FeedStatusTile() {
  const [source] = useSourcesFor('feedStatus');
  if (!source) return <TileUnconfigured title={FEED_STATUS_TITLE} what="feed status" />;
  return <FeedStatusBody source={source} />;
}
