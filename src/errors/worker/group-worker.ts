/**
 * Module Web Worker: `{ id, entries, options }` in; `progress` messages, then one `result` or
 * `error` out. Instantiate through `createGroupWorker()` (Vite's `new URL(…, import.meta.url)`).
 */
import { groupIssues } from '@/errors/pipeline/group-issues';
import type { LogEntry } from '@/lib/model';
import type { GroupInbound, GroupRequest, GroupResponse } from './protocol';

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

/** Entries received in chunks, per request id, until the request itself arrives. */
const buffers = new Map<number, LogEntry[]>();

/** Accepts chunks and requests; a chunked request is run on the entries gathered for its id. */
export function handleInbound(data: GroupInbound, post: (message: GroupResponse) => void): void {
  if (data && 'type' in data && data.type === 'chunk') {
    const buffer = buffers.get(data.id) ?? [];
    for (const e of data.entries) buffer.push(e);
    buffers.set(data.id, buffer);
    return;
  }
  const request = data as GroupRequest;
  if (request?.chunked) {
    const gathered = buffers.get(request.id) ?? [];
    buffers.delete(request.id);
    for (const e of request.entries ?? []) gathered.push(e);
    handleGroupRequest({ ...request, entries: gathered }, post);
    return;
  }
  handleGroupRequest(request, post);
}

const scope = globalThis as unknown as {
  onmessage: ((ev: MessageEvent<GroupInbound>) => void) | null;
  postMessage: (message: GroupResponse) => void;
  document?: unknown;
};

// Only wire up inside a worker (no `document`): importing this module in tests is harmless.
if (typeof scope.document === 'undefined' && typeof scope.postMessage === 'function' && typeof window === 'undefined') {
  scope.onmessage = (ev) => handleInbound(ev.data, (m) => scope.postMessage(m));
}
