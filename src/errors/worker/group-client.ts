/**
 * Runs `groupIssues` in a Web Worker with progress and cancellation. Aborting a call terminates
 * the worker (grouping is synchronous inside it) and recreates it for the calls still pending.
 * Where Workers aren't available (jsdom, SSR, a worker that fails to load) it runs in-thread.
 */
import type { LogEntry } from '@/lib/model';
// Bundled with the page on purpose: the in-thread fallback must work when the worker cannot load
// (offline, a strict CSP, a host bundler that drops it), and a lazy chunk would fail the same way.
import { groupIssues } from '@/errors/pipeline/group-issues';
import type { GroupOptions, IssueGroup } from '@/errors/pipeline/group-issues';
import type { GroupRequest, GroupResponse } from './protocol';

export interface GroupCallOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface GroupingClient {
  group(entries: LogEntry[], options: GroupOptions, call?: GroupCallOptions): Promise<IssueGroup[]>;
  /** `worker` until a worker could not be created or failed to load. */
  readonly mode: 'worker' | 'in-thread';
  dispose(): void;
}

interface Pending {
  request: GroupRequest;
  resolve: (groups: IssueGroup[]) => void;
  reject: (error: unknown) => void;
  onProgress?: (done: number, total: number) => void;
}

/** Entries per message: copying one chunk takes a few milliseconds. */
const CHUNK = 4_000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function abortError(): Error {
  return typeof DOMException === 'function' ? new DOMException('Grouping was cancelled', 'AbortError') : Object.assign(new Error('Grouping was cancelled'), { name: 'AbortError' });
}

async function runInThread(entries: LogEntry[], options: GroupOptions, call: GroupCallOptions): Promise<IssueGroup[]> {
  await new Promise((r) => setTimeout(r, 0));
  if (call.signal?.aborted) throw abortError();
  return groupIssues(entries, options, (done, total) => {
    if (call.signal?.aborted) throw abortError();
    call.onProgress?.(done, total);
  });
}

export function createGroupingClient(createWorker?: (() => Worker) | null): GroupingClient {
  let mode: 'worker' | 'in-thread' = createWorker ? 'worker' : 'in-thread';
  let worker: Worker | null = null;
  let heardFrom = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const onMessage = (ev: MessageEvent<GroupResponse>) => {
    heardFrom = true;
    const m = ev.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') p.onProgress?.(m.done, m.total);
    else {
      pending.delete(m.id);
      if (m.type === 'result') p.resolve(m.groups);
      else p.reject(new Error(`Grouping failed: ${m.message}`));
    }
  };

  const drop = () => {
    worker?.terminate();
    worker = null;
  };

  const onError = (ev: ErrorEvent | Event) => {
    ev.preventDefault?.();
    const message = 'message' in ev && typeof ev.message === 'string' && ev.message ? ev.message : 'the grouping worker crashed';
    drop();
    const waiting = [...pending.values()];
    pending.clear();
    if (!heardFrom) {
      // The worker never started (bundling, CSP…): run here instead from now on.
      mode = 'in-thread';
      for (const p of waiting) runInThread(p.request.entries, p.request.options, { onProgress: p.onProgress }).then(p.resolve, p.reject);
    } else for (const p of waiting) p.reject(new Error(`Grouping failed: ${message}`));
  };

  const ensureWorker = (): Worker | null => {
    if (worker || mode === 'in-thread' || !createWorker) return worker;
    try {
      worker = createWorker();
      heardFrom = false;
      worker.onmessage = onMessage;
      worker.onerror = onError;
    } catch {
      mode = 'in-thread';
      worker = null;
    }
    return worker;
  };

  /** Sends the entries in chunks, one task each, then the request; stops if the call went away. */
  const post = async (w: Worker, p: Pending) => {
    const { id, entries, options } = p.request;
    try {
      if (entries.length <= CHUNK) return w.postMessage(p.request);
      for (let i = 0; i < entries.length; i += CHUNK) {
        if (pending.get(id) !== p || worker !== w) return;
        w.postMessage({ id, type: 'chunk', entries: entries.slice(i, i + CHUNK) });
        await nextTask();
      }
      if (pending.get(id) === p && worker === w) w.postMessage({ id, entries: [], options, chunked: true });
    } catch (e) {
      pending.delete(id);
      p.reject(e);
    }
  };

  return {
    get mode() {
      return mode;
    },
    group(entries, options, call = {}) {
      if (call.signal?.aborted) return Promise.reject(abortError());
      const w = ensureWorker();
      if (!w) return runInThread(entries, options, call);
      const id = nextId++;
      return new Promise<IssueGroup[]>((resolve, reject) => {
        const p: Pending = { request: { id, entries, options }, resolve, reject, onProgress: call.onProgress };
        pending.set(id, p);
        call.signal?.addEventListener(
          'abort',
          () => {
            if (!pending.delete(id)) return;
            reject(abortError());
            drop();
            // Restart the others on a fresh worker.
            const next = pending.size > 0 ? ensureWorker() : null;
            for (const other of pending.values()) {
              if (next) void post(next, other);
              else runInThread(other.request.entries, other.request.options, { onProgress: other.onProgress }).then(other.resolve, other.reject);
            }
            if (!next) pending.clear();
          },
          { once: true },
        );
        void post(w, p);
      });
    },
    dispose() {
      drop();
      for (const p of pending.values()) p.reject(abortError());
      pending.clear();
    },
  };
}
