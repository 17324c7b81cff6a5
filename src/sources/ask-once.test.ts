import { describe, expect, it, vi } from 'vitest';
import { askOnce } from './ask-once';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const signal = () => new AbortController().signal;

describe('askOnce', () => {
  it('asks once and shares the answer with every caller, then remembers it', async () => {
    const answer = deferred<{ value: string; keep: boolean }>();
    const ask = vi.fn(() => answer.promise);
    const get = askOnce('s', ask);
    const first = get(signal());
    const second = get(signal());
    answer.resolve({ value: '3.4.1', keep: true });
    await expect(Promise.all([first, second])).resolves.toEqual(['3.4.1', '3.4.1']);
    await expect(get(signal())).resolves.toBe('3.4.1');
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it("aborts only the caller's own wait: the others, and the next caller, still get the shared answer", async () => {
    const answer = deferred<{ value: string; keep: boolean }>();
    const ask = vi.fn(() => answer.promise);
    const get = askOnce('s', ask);
    const controller = new AbortController();
    const aborted = get(controller.signal);
    const other = get(signal());
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'cancelled', sourceId: 's' });
    answer.resolve({ value: 'v', keep: true });
    await expect(other).resolves.toBe('v');
    await expect(get(signal())).resolves.toBe('v');
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('rejects an already aborted caller without asking', async () => {
    const ask = vi.fn(async () => ({ value: 1, keep: true }));
    const controller = new AbortController();
    controller.abort();
    await expect(askOnce('s', ask)(controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks again after a rejection or an answer marked keep: false', async () => {
    const ask = vi
      .fn<() => Promise<{ value: string | null; keep: boolean }>>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce({ value: null, keep: false })
      .mockResolvedValue({ value: 'v', keep: true });
    const get = askOnce('s', ask);
    await expect(get(signal())).rejects.toThrow('down');
    await expect(get(signal())).resolves.toBeNull();
    await expect(get(signal())).resolves.toBe('v');
    await expect(get(signal())).resolves.toBe('v');
    expect(ask).toHaveBeenCalledTimes(3);
  });
});
