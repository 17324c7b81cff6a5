import { defineTile } from '@/tiles/tile-frame/define-tile';
import { ERRORS_TITLE, ErrorsTile } from './errors-tile';

export const errorsTile = defineTile({ id: 'errors', title: ERRORS_TITLE, capability: 'logs', Container: ErrorsTile });
