import { setupServer } from 'msw/node';
import { createHandlers } from './handlers';
import { createMockController } from './scenarios';

/** Anchor of the node-side story: tests that need "now" use this fixed moment. */
export const TEST_ANCHOR_MS = Date.parse('2026-11-28T10:00:00.000Z');

export const mockController = createMockController({ anchorMs: TEST_ANCHOR_MS, now: () => TEST_ANCHOR_MS });
export const server = setupServer(...createHandlers(mockController));
