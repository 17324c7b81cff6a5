/** Creates the grouping worker the Vite way (bundled as a separate module chunk). */
export function createGroupWorker(): Worker {
  return new Worker(new URL('./group-worker.ts', import.meta.url), { type: 'module' });
}
