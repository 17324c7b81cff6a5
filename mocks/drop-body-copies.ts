/**
 * Cancels the copy of every response body that MSW's worker sends the page for its response
 * events: nothing reads it, and unread each copy stays buffered in the worker and holds a stream
 * and its message port in the page for good (docs/PERFORMANCE.md#the-demos-unread-body-copies).
 */
import type { SetupWorker } from 'msw/browser';

export function dropUnreadBodyCopies(worker: SetupWorker): void {
  const drop = ({ response }: { response: Response }) => {
    response.body?.cancel().catch(() => undefined);
  };
  worker.events.on('response:mocked', drop);
  worker.events.on('response:bypass', drop);
}
