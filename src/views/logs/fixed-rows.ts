/**
 * Windowing for rows of one fixed height: which rows are in view is arithmetic on scrollTop, so
 * nothing is stored per row. (A general virtualizer keeps a measurement object per row: 100,000
 * of them for a full explorer, rebuilt whenever the count changes, e.g. on every live-tail batch.)
 */
import { useCallback, useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
}

/** Rows [start, end) to render for a viewport, with `overscan` rows beyond each edge. Pure. */
export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}

/**
 * Where to scroll so row `index` is fully visible, moving as little as possible; null when it
 * already is. Pure.
 */
export function scrollTopToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

/** Before the first layout (and in jsdom, which has no layout): a viewport of this many rows. */
const FALLBACK_ROWS = 40;

/**
 * The rows of a scroll container to render. Re-renders only when the window of rows changes
 * (once per row height scrolled at most), not on every scroll event.
 */
export function useFixedRows(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number) {
  const [win, setWin] = useState<RowWindow>(() => rowWindow(0, FALLBACK_ROWS * rowHeight, rowHeight, count, overscan));

  const update = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const next = rowWindow(el.scrollTop, el.clientHeight || FALLBACK_ROWS * rowHeight, rowHeight, count, overscan);
    setWin((prev) => (prev.start === next.start && prev.end === next.end ? prev : next));
  }, [scrollRef, rowHeight, overscan, count]);

  // The first layout and every change of count (more pages, live tail): before paint.
  useLayoutEffect(update, [update]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    el.addEventListener('scroll', update, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      observer?.disconnect();
    };
  }, [scrollRef, update]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const top = scrollTopToReveal(index, rowHeight, el.scrollTop, el.clientHeight);
      if (top !== null) el.scrollTop = top;
      update();
    },
    [scrollRef, rowHeight, update],
  );

  // Until the layout effect runs after a count change, the window may reach past the end.
  return { start: Math.min(win.start, count), end: Math.min(win.end, count), totalHeight: count * rowHeight, scrollToIndex };
}
