import { useEffect, useState } from 'react';

/**
 * Turns true once `ready` is true and the browser has painted the frame that shows it (one
 * animation frame, then one task). Secondary queries wait for it, so the first frame with data
 * is not held back by work they cause (parsing, or the demo's in-page mocks computing them).
 * Latched: stays true afterwards.
 */
export function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
