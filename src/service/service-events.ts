/**
 * The console service's change stream (GET /api/events, Server-Sent Events): which collection
 * changed, so the page refetches it at once instead of at the next poll. The browser reconnects
 * a dropped stream by itself; when it gives up (the stream answered an error: a restart, a proxy
 * that closed it, too many streams) this reconnects with backoff. Anything that is not a
 * changeEventSchema message is ignored. Without EventSource it does nothing: polling still runs.
 */
import { changeEventSchema } from './api-schemas';
import type { ChangeEvent } from './api-schemas';

export interface ChangeStreamOptions {
  /** Called when the stream opens again after being down: refetch what may have been missed. */
  onReconnect?: () => void;
  /** Whether the stream is open now. */
  onConnectionChange?: (connected: boolean) => void;
  /** First and longest wait before reopening a stream the browser gave up on; 1 s and 30 s. */
  retryMs?: { first?: number; max?: number };
  /** The EventSource constructor; the global one by default. */
  EventSource?: typeof EventSource;
}

const CLOSED = 2;

/** Subscribes to `url`; returns the function that closes the stream for good. */
export function subscribeToChanges(url: string, onChange: (event: ChangeEvent) => void, options: ChangeStreamOptions = {}): () => void {
  const Source = options.EventSource ?? (globalThis as { EventSource?: typeof EventSource }).EventSource;
  if (!Source) return () => undefined;
  const first = options.retryMs?.first ?? 1_000;
  const max = options.retryMs?.max ?? 30_000;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;
  let openedBefore = false;
  let connected = false;
  let closed = false;

  const setConnected = (next: boolean) => {
    if (next === connected) return;
    connected = next;
    options.onConnectionChange?.(next);
  };

  const open = () => {
    timer = null;
    if (closed) return;
    const es = new Source(url);
    source = es;
    es.onopen = () => {
      attempts = 0;
      setConnected(true);
      if (openedBefore) options.onReconnect?.();
      openedBefore = true;
    };
    es.onmessage = (message: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const parsed = changeEventSchema.safeParse(data);
      if (parsed.success) onChange(parsed.data);
    };
    es.onerror = () => {
      setConnected(false);
      if (es.readyState !== CLOSED || closed) return; // CONNECTING: the browser retries by itself
      es.close();
      if (source === es) source = null;
      timer = setTimeout(open, Math.min(max, first * 2 ** attempts));
      attempts += 1;
    };
  };

  open();
  return () => {
    closed = true;
    if (timer !== null) clearTimeout(timer);
    source?.close();
    source = null;
    setConnected(false);
  };
}
