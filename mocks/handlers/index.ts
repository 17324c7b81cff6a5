import type { MockController } from '../scenarios';
import { captureSpineHandlers } from './capture-spine';

export function createHandlers(ctl: MockController) {
  return [...captureSpineHandlers(ctl)];
}
