import { errorsTile } from '@/tiles/errors';
import { feedStatusTile } from '@/tiles/feed-status';
import { queueStatsTile } from '@/tiles/queue-stats';
import { serviceHealthTile } from '@/tiles/service-health';

const ServiceHealth = serviceHealthTile.Tile;
const FeedStatus = feedStatusTile.Tile;
const QueueStats = queueStatsTile.Tile;
const Errors = errorsTile.Tile;

export function DashboardPage() {
  return (
    <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)]">
      <div className="flex flex-col gap-4">
        <ServiceHealth />
        <Errors />
      </div>
      <div className="flex flex-col gap-4">
        <FeedStatus />
        <QueueStats />
      </div>
    </div>
  );
}
