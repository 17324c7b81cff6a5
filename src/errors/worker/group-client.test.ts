import { describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { createGroupingClient } from './group-client';
import { handleGroupRequest } from './group-worker';
import type { GroupRequest, GroupResponse } from './protocol';

const T0 = Date.UTC(2026, 0, 31, 10, 0, 0);
const range = { from: T0, to: T0 + 3_600_000 };
const entries: LogEntry[] = [0, 1, 2].map((i) => {
  const line = `2026-01-31 10:0${i}:00,000 | ERROR    | capture_spine.api.feeds | Failed to fetch feed ${i}: Connection timeout`;
  return { id: `e${i}`, timeNs: `${T0 + i * 60_000}000000`, service: 'spine-dev-api', level: 'error', message: line, labels: {}, raw: line, streamId: 's' };
});

/** A fake Worker that answers through the real handler when `flush()` is called. */
class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((ev: MessageEvent<GroupResponse>) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  inbox: GroupRequest[] = [];
  terminated = false;
  constructor() {
    FakeWorker.created.push(this);
  }
  postMessage(req: GroupRequest) {
    this.inbox.push(structuredClone(req));
  }
  terminate() {
    this.terminated = true;
  }
  flush() {
    for (const req of this.inbox.splice(0)) handleGroupRequest(req, (m) => this.onmessage?.({ data: m } as MessageEvent<GroupResponse>));
  }
}
const createFake = () => new FakeWorker() as unknown as Worker;

describe('grouping client', () => {
  it('falls back to in-thread grouping when Workers are unavailable', async () => {
    const client = createGroupingClient(() => {
      throw new ReferenceError('Worker is not defined');
    });
    const onProgress = vi.fn();
    const groups = await client.group(entries, { range }, { onProgress });
    expect(client.mode).toBe('in-thread');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.count).toBe(3);
    expect(onProgress).toHaveBeenLastCalledWith(6, 6);
    expect(createGroupingClient(null).mode).toBe('in-thread');
  });

  it('in-thread: an aborted call rejects with AbortError', async () => {
    const client = createGroupingClient(null);
    const ctl = new AbortController();
    const p = client.group(entries, { range }, { signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('runs in the worker, forwarding progress and the result', async () => {
    FakeWorker.created = [];
    const client = createGroupingClient(createFake);
    const onProgress = vi.fn();
    const p = client.group(entries, { range }, { onProgress });
    FakeWorker.created[0]?.flush();
    const groups = await p;
    expect(groups[0]?.title).toMatch(/^Failed to fetch feed <\*>: Connection timeout$/);
    expect(onProgress).toHaveBeenCalledWith(6, 6);
  });

  it('abort terminates the worker, rejects that call and re-posts the others on a new worker', async () => {
    FakeWorker.created = [];
    const client = createGroupingClient(createFake);
    const ctl = new AbortController();
    const cancelled = client.group(entries, { range }, { signal: ctl.signal });
    const other = client.group(entries.slice(0, 1), { range });
    ctl.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeWorker.created[0]?.terminated).toBe(true);
    expect(FakeWorker.created).toHaveLength(2);
    FakeWorker.created[1]?.flush();
    expect((await other)[0]?.count).toBe(1);
  });

  it('worker errors become rejected promises', async () => {
    FakeWorker.created = [];
    const client = createGroupingClient(createFake);
    const p = client.group(entries, { range: undefined } as never);
    FakeWorker.created[0]?.flush();
    await expect(p).rejects.toThrow(/Grouping failed: Bad request/);
  });
});

describe('chunked transfer to the worker', () => {
  it('sends large inputs in chunks from separate tasks, and the worker groups them all', async () => {
    const { handleInbound } = await import('./group-worker');
    const posted: unknown[] = [];
    let onmessage: ((ev: MessageEvent) => void) | null = null;
    const fake = {
      postMessage(message: unknown) {
        posted.push(message);
        handleInbound(message as never, (reply) => setTimeout(() => onmessage?.({ data: reply } as MessageEvent), 0));
      },
      terminate() {},
      set onmessage(fn: ((ev: MessageEvent) => void) | null) {
        onmessage = fn;
      },
      set onerror(_fn: unknown) {},
    } as unknown as Worker;
    const client = createGroupingClient(() => fake);
    const entries = Array.from({ length: 9_000 }, (_, i) => ({
      id: `e${i}`,
      timeNs: `${1_700_000_000_000 + i}000000`,
      service: 'api',
      level: 'error' as const,
      message: `2023-11-14 22:13:20,000 | ERROR    | app.x | Failed to fetch feed ${i % 3}`,
      labels: {},
      raw: '',
      streamId: 's',
    }));
    const groups = await client.group(entries, { range: { from: 1_700_000_000_000, to: 1_700_000_009_000 } });
    const chunks = posted.filter((m) => (m as { type?: string }).type === 'chunk');
    expect(chunks.length).toBe(3);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(9_000);
  });
});
