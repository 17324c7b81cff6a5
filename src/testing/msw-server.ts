import { afterAll, afterEach, beforeAll } from 'vitest';
import { mockController, server } from '@mocks/node';

/** Starts the node mock server for a test file; any request without a handler fails the test. */
export function setupMockServer() {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    mockController.set('incident');
  });
  afterAll(() => server.close());
  return { server, mockController };
}
