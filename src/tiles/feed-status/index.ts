import { defineTile } from '@/tiles/tile-frame/define-tile';
import { FEED_STATUS_TITLE, FeedStatusTile } from './feed-status-tile';

export const feedStatusTile = defineTile({ id: 'feed-status', title: FEED_STATUS_TITLE, capability: 'feedStatus', Container: FeedStatusTile });
