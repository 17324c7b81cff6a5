import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribeToChanges } from './service-events';

/** A stand-in EventSource the test drives: open, message, error (with the state the browser would set). */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((m: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  send(data: string) {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  /** `gaveUp`: the browser will not retry (the stream answered an error); else it reconnects itself. */
  fail(gaveUp: boolean) {
    this.readyState = gaveUp ? 2 : 0;
    this.onerror?.();
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

const latest = () => FakeEventSource.all.at(-1)!;
const subscribe = (onChange = vi.fn(), extra: Parameters<typeof subscribeToChanges>[2] = {}) =>
  subscribeToChanges('/api/events', onChange, { EventSource: FakeEventSource as unknown as typeof EventSource, ...extra });

describe('subscribeToChanges', () => {
  beforeEach(() => {
    FakeEventSource.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('passes on change events and ignores anything else', () => {
    const onChange = vi.fn();
    subscribe(onChange);
    latest().open();
    latest().send(JSON.stringify({ topic: 'incidents', at: 1 }));
    latest().send('not json');
    latest().send(JSON.stringify({ topic: 'weather', at: 2 }));
    latest().send(JSON.stringify({ topic: 'config' }));
    latest().send(JSON.stringify({ topic: 'issue-states', at: 3 }));
    expect(onChange.mock.calls.map(([e]) => e)).toEqual([
      { topic: 'incidents', at: 1 },
      { topic: 'issue-states', at: 3 },
    ]);
    expect(latest().url).toBe('/api/events');
  });

  it('leaves a dropped stream to the browser, and asks for a refetch when it is back', () => {
    const onReconnect = vi.fn();
    const onConnectionChange = vi.fn();
    subscribe(vi.fn(), { onReconnect, onConnectionChange });
    latest().open();
    expect(onReconnect).not.toHaveBeenCalled();
    latest().fail(false);
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.all).toHaveLength(1);
    latest().open();
    expect(onReconnect).toHaveBeenCalledTimes(1);
    expect(onConnectionChange.mock.calls.map(([c]) => c)).toEqual([true, false, true]);
  });

  it('reopens a stream the browser gave up on, backing off, and stops when closed', () => {
    const onReconnect = vi.fn();
    const close = subscribe(vi.fn(), { onReconnect, retryMs: { first: 1000, max: 4000 } });
    latest().fail(true);
    expect(latest().closed).toBe(true);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.all).toHaveLength(2);
    latest().fail(true);
    vi.advanceTimersByTime(2000);
    expect(FakeEventSource.all).toHaveLength(3);
    latest().open();
    // Never opened before: nothing was missed that the first fetch did not already read.
    expect(onReconnect).not.toHaveBeenCalled();
    latest().fail(true);
    vi.advanceTimersByTime(1000);
    expect(FakeEventSource.all).toHaveLength(4);
    latest().open();
    expect(onReconnect).toHaveBeenCalledTimes(1);
    close();
    expect(latest().closed).toBe(true);
    latest().fail(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.all).toHaveLength(4);
  });

  it('does nothing without EventSource (polling still runs)', () => {
    const close = subscribeToChanges('/api/events', vi.fn(), { EventSource: undefined });
    expect(typeof close).toBe('function');
    close();
  });
});
