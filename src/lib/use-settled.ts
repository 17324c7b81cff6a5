import { useIsFetching } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CONSOLE_SCOPE } from './console-keys';

/**
 * True once no console query of the given capabilities is fetching (latched). Lower-priority
 * work waits for it so the health tiles and the explorer get the network and the main thread
 * first. Not before `minDelayMs` after mount (a lazily loaded view may not have started its
 * queries yet), and at the latest after `maxWaitMs`.
 */
export function useSettled(capabilities: readonly string[], { minDelayMs = 0, maxWaitMs = 3000 }: { minDelayMs?: number; maxWaitMs?: number } = {}): boolean {
  const fetching = useIsFetching({
    predicate: (q) => {
      const key = q.queryKey[0] as { scope?: string; capability?: string } | undefined;
      return key?.scope === CONSOLE_SCOPE && capabilities.includes(key.capability ?? '');
    },
  });
  const [timedOut, setTimedOut] = useState(false);
  const [waited, setWaited] = useState(minDelayMs <= 0);
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setTimedOut(true), maxWaitMs);
    return () => clearTimeout(t);
  }, [maxWaitMs]);
  useEffect(() => {
    if (waited) return;
    const t = setTimeout(() => setWaited(true), minDelayMs);
    return () => clearTimeout(t);
  }, [minDelayMs, waited]);
  useEffect(() => {
    if (fetching !== 0 || settled || !waited) return;
    // One task later, so queries that start in the same render are counted.
    const t = setTimeout(() => setSettled(true), 0);
    return () => clearTimeout(t);
  }, [fetching, settled, waited]);
  return settled || timedOut;
}
