import { useEffect, useState } from 'react';

/**
 * True once the browser has been idle after the first render (or after `timeoutMs`). Heavy,
 * lower-priority work (grouping thousands of error lines) waits for it, so the health tiles
 * paint first.
 */
export function useIdle(timeoutMs = 1500): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof globalThis.requestIdleCallback === 'function') {
      const id = globalThis.requestIdleCallback(() => setIdle(true), { timeout: timeoutMs });
      return () => globalThis.cancelIdleCallback(id);
    }
    const t = setTimeout(() => setIdle(true), 50);
    return () => clearTimeout(t);
  }, [timeoutMs]);
  return idle;
}
