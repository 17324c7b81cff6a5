import { useIsFetching } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CONSOLE_SCOPE } from './console-keys';

/**
 * True once no console query of the given capabilities is fetching (latched). Lower-priority
 * work waits for it so the health tiles get the network and the main thread first.
 */
export function useSettled(capabilities: readonly string[], maxWaitMs = 3000): boolean {
  const fetching = useIsFetching({
    predicate: (q) => {
      const key = q.queryKey[0] as { scope?: string; capability?: string } | undefined;
      return key?.scope === CONSOLE_SCOPE && capabilities.includes(key.capability ?? '');
    },
  });
  const [timedOut, setTimedOut] = useState(false);
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setTimedOut(true), maxWaitMs);
    return () => clearTimeout(t);
  }, [maxWaitMs]);
  useEffect(() => {
    if (fetching !== 0 || settled) return;
    // One task later, so queries that start in the same render are counted.
    const t = setTimeout(() => setSettled(true), 0);
    return () => clearTimeout(t);
  }, [fetching, settled]);
  return settled || timedOut;
}
