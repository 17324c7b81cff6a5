import { useEffect, useRef, useState } from 'react';
import { useConsoleSettings } from '@/lib/console-settings';
import type { LogEntry } from '@/lib/model';
import { compareNs } from '@/lib/nanotime';
import { supports } from '@/sources/registry';
import type { CapableSource } from '@/sources/sources-context';
import type { TailHandlers } from '@/sources/source-adapter';
import { withoutSeen } from '@/sources/without-seen';
import { toSourceError } from '@/sources/source-error';
import type { SourceError } from '@/sources/source-error';
import { queryParams } from './log-params';
import type { LogFilters } from './log-params';

/** The live window keeps at most this many lines; older ones fall off. */
export const LIVE_WINDOW = 10_000;
const POLL_MS = 2_000;

/** Newest first, deduplicated by id, bounded. Pure, so it is tested on its own. */
export function mergeLive(current: LogEntry[], incoming: LogEntry[], max = LIVE_WINDOW): LogEntry[] {
  if (incoming.length === 0) return current;
  // A duplicate has the same timestamp as its original, so only the newest current lines (down to
  // the oldest incoming one) are compared: not every id of the window (see without-seen.ts).
  let oldest = incoming[0]!.timeNs;
  for (const e of incoming) if (compareNs(e.timeNs, oldest) < 0) oldest = e.timeNs;
  const recentIds: string[] = [];
  for (const e of current) {
    if (compareNs(e.timeNs, oldest) < 0) break;
    recentIds.push(e.id);
  }
  const fresh = withoutSeen(incoming, recentIds).sort((a, b) => compareNs(b.timeNs, a.timeNs));
  if (fresh.length === 0) return current;
  const merged = fresh.length && current.length && compareNs(fresh.at(-1)!.timeNs, current[0]!.timeNs) >= 0 ? [...fresh, ...current] : [...fresh, ...current].sort((a, b) => compareNs(b.timeNs, a.timeNs));
  return merged.length > max ? merged.slice(0, max) : merged;
}

/** A tail for sources without a streaming API: poll for lines newer than the newest seen. */
function pollTail(source: CapableSource<'logs'>, filters: LogFilters, sinceMs: number, handlers: TailHandlers, signal: AbortSignal, now: () => number) {
  let from = sinceMs;
  const tick = async () => {
    if (signal.aborted) return;
    const to = now();
    try {
      const page = await source.adapter.capabilities.logs(source.client, { ...queryParams(source, filters), limit: 1000, direction: 'forward' }, { signal, range: { from, to } });
      if (page.entries.length > 0) handlers.onEntries(page.entries);
      from = to;
    } catch (error) {
      const e = toSourceError(error, source.instance.id);
      if (e.code !== 'cancelled') handlers.onError(e);
      return;
    }
    if (!signal.aborted) setTimeout(() => void tick(), POLL_MS);
  };
  void tick();
}

/** Live tail state: lines (newest first), pause with a count of held-back lines, clear, errors. */
export function useLiveTail(source: CapableSource<'logs'>, filters: LogFilters, enabled: boolean) {
  const { now } = useConsoleSettings();
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [held, setHeld] = useState<LogEntry[]>([]);
  const [paused, setPaused] = useState(false);
  const [error, setError] = useState<SourceError | null>(null);
  const [dropped, setDropped] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const pausedRef = useRef(paused);
  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const handlers: TailHandlers = {
      onEntries: (entries) => {
        setError(null);
        if (pausedRef.current) setHeld((h) => mergeLive(h, entries));
        else setLines((l) => mergeLive(l, entries));
      },
      onError: (e) => setError(e),
      onDropped: (n) => setDropped((d) => d + n),
    };
    const since = now() - 60_000;
    if (supports(source.adapter, 'tail')) source.adapter.capabilities.tail(source.client, { ...queryParams(source, filters), limit: 500, sinceMs: since }, handlers, controller.signal);
    else pollTail(source, filters, since, handlers, controller.signal, now);
    return () => controller.abort();
  }, [enabled, source, filters, now, attempt]);

  return {
    lines,
    heldCount: held.length,
    paused,
    error,
    dropped,
    streaming: supports(source.adapter, 'tail'),
    pause: () => setPaused(true),
    resume: () => {
      setLines((l) => mergeLive(l, held));
      setHeld([]);
      setPaused(false);
    },
    clear: () => {
      setLines([]);
      setHeld([]);
      setDropped(0);
    },
    retry: () => {
      setError(null);
      setAttempt((a) => a + 1);
    },
  };
}
