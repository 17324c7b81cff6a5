import { SkeletonRows } from '@/components/ui/skeleton';
import { useSourcesFor } from '@/sources/sources-context';
import type { CapableSource } from '@/sources/sources-context';
import { TileFrame } from '@/tiles/tile-frame/tile-frame';
import { TileUnconfigured } from '@/tiles/tile-frame/tile-unconfigured';
import { useCapabilityQuery } from '@/tiles/tile-frame/use-capability-query';
import { QueueStatsView, summarizeQueues } from './queue-stats-view';

export const QUEUE_STATS_TITLE = 'Queue stats';

function QueueStatsBody({ source }: { source: CapableSource<'queueStats'> }) {
  const { query, staleSince, staleReason } = useCapabilityQuery(source, 'queueStats');
  const data = query.data;
  return (
    <TileFrame
      title={QUEUE_STATS_TITLE}
      sourceLabel={source.instance.label}
      busy={query.isPending}
      staleSince={staleSince}
      staleReason={staleReason}
      updatedAt={query.dataUpdatedAt || null}
      summary={data && data.queues.length > 0 ? summarizeQueues(data) : null}
    >
      {data ? <QueueStatsView report={data} /> : <SkeletonRows rows={6} label="Loading queue stats" />}
    </TileFrame>
  );
}

export function QueueStatsTile() {
  const [source] = useSourcesFor('queueStats');
  if (!source) return <TileUnconfigured title={QUEUE_STATS_TITLE} what="queue stats" />;
  return <QueueStatsBody source={source} />;
}
