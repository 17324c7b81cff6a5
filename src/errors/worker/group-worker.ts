/**
 * Module Web Worker: `{ id, entries, options }` in; `progress` messages, then one `result` or
 * `error` out. Instantiate through `createGroupWorker()` (Vite's `new URL(…, import.meta.url)`).
 */
import { groupIssues } from '@/errors/pipeline/group-issues';
import type { GroupRequest, GroupResponse } from './protocol';

/** Handles one request; `post` is `self.postMessage` in the worker (a parameter for tests). */
export function handleGroupRequest(data: GroupRequest, post: (message: GroupResponse) => void): void {
  const id = data?.id ?? -1;
  try {
    if (!data || !Array.isArray(data.entries) || !data.options?.range) throw new Error('Bad request: expected { id, entries, options: { range } }');
    let lastPost = 0;
    const groups = groupIssues(data.entries, data.options, (done, total) => {
      const t = Date.now();
      if (t - lastPost < 50 && done < total) return;
      lastPost = t;
      post({ id, type: 'progress', done, total });
    });
    post({ id, type: 'result', groups });
  } catch (e) {
    post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

const scope = globalThis as unknown as {
  onmessage: ((ev: MessageEvent<GroupRequest>) => void) | null;
  postMessage: (message: GroupResponse) => void;
  document?: unknown;
};

// Only wire up inside a worker (no `document`): importing this module in tests is harmless.
if (typeof scope.document === 'undefined' && typeof scope.postMessage === 'function' && typeof window === 'undefined') {
  scope.onmessage = (ev) => handleGroupRequest(ev.data, (m) => scope.postMessage(m));
}
