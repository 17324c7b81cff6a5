import { defineTile } from '@/tiles/tile-frame/define-tile';
import { QUEUE_STATS_TITLE, QueueStatsTile } from './queue-stats-tile';

export const queueStatsTile = defineTile({ id: 'queue-stats', title: QUEUE_STATS_TITLE, capability: 'queueStats', Container: QueueStatsTile });
