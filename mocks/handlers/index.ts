import type { MockController } from '../scenarios';
import { captureSpineHandlers } from './capture-spine';
import { elasticsearchHandlers } from './elasticsearch';
import { lokiHandlers } from './loki';

export function createHandlers(ctl: MockController) {
  return [...captureSpineHandlers(ctl), ...lokiHandlers(ctl), ...elasticsearchHandlers(ctl)];
}
