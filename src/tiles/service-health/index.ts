import { defineTile } from '@/tiles/tile-frame/define-tile';
import { SERVICE_HEALTH_TITLE, ServiceHealthTile } from './service-health-tile';

export const serviceHealthTile = defineTile({
  id: 'service-health',
  title: SERVICE_HEALTH_TITLE,
  capability: 'serviceHealth',
  Container: ServiceHealthTile,
});
