/**
 * A grouping client whose work runs on a Node worker thread: the browser client's protocol
 * (src/errors/worker) over worker_threads, which speak EventEmitter rather than Web Worker.
 */
import { Worker } from 'node:worker_threads';
import { createGroupingClient } from '@/errors/worker';
import type { GroupingClient } from '@/errors/worker';

// The service runs its TypeScript through tsx; a worker thread registers tsx itself before loading
// its entry (execArgv's --import does not reach a worker's own entry module).
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(require('node:worker_threads').workerData.entry); })`;

/** The subset of the Web Worker interface the grouping client uses. */
function threadAsWorker(): globalThis.Worker {
  const thread = new Worker(BOOT, { eval: true, workerData: { entry: new URL('./group-thread.ts', import.meta.url).href } });
  const shim = {
    onmessage: null as ((ev: MessageEvent) => void) | null,
    onerror: null as ((ev: ErrorEvent) => void) | null,
    postMessage: (message: unknown) => thread.postMessage(message),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data) => shim.onmessage?.({ data } as MessageEvent));
  thread.on('error', (error) => shim.onerror?.({ message: error.message, preventDefault() {} } as unknown as ErrorEvent));
  // A thread that exits on its own (out of memory) fails what it was doing; the client starts a new one.
  thread.on('exit', (code) => {
    if (code !== 0 && code !== 1) shim.onerror?.({ message: `the grouping thread exited with code ${code}`, preventDefault() {} } as unknown as ErrorEvent);
  });
  thread.unref();
  return shim as unknown as globalThis.Worker;
}

export function createNodeGroupingClient(): GroupingClient {
  return createGroupingClient(threadAsWorker);
}
