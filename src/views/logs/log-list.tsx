import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogEntry } from '@/lib/model';
import { COLUMN_STYLE, LogRow } from './one-text-node-row';
import { slotKey } from './row-slot-key';

/** Must match `.log-row` in the stylesheet. */
const ROW_HEIGHT = 24;
/** Rows rendered beyond each edge of the viewport, so a fast scroll shows no blank rows. */
const OVERSCAN = 3;

export interface LogListProps {
  entries: LogEntry[];
  selectedId: string | null;
  utc: boolean;
  onSelect: (id: string) => void;
  /** Set when the source stopped at the line limit: older lines exist. */
  footer?: React.ReactNode;
  /** Called on scroll with the distance from the top (live tail pauses when it is not 0). */
  onScroll?: (scrollTop: number) => void;
  /** Changing it scrolls back to the newest line. */
  scrollToTopKey?: number;
}

/**
 * A windowed list (@tanstack/react-virtual): only the rows in view, plus a few, are in the DOM,
 * so 100,000 lines scroll smoothly. Rows have one fixed height and are never measured.
 */
export function LogList({ entries, selectedId, utc, onSelect, footer, onScroll, scrollToTopKey }: LogListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = entries.length + (footer ? 1 : 0);
  // No React Compiler here (vite.config.ts), so nothing memoizes what the virtualizer returns.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: OVERSCAN });
  const selectedIndex = selectedId ? entries.findIndex((e) => e.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex);
    // scroll only when the selection itself changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);
  useEffect(() => {
    if (scrollToTopKey !== undefined) scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollToTopKey]);
  const items = virtualizer.getVirtualItems();
  const rows: React.ReactNode[] = [];
  for (const { index } of items) {
    const entry = entries[index];
    rows.push(
      <div key={entry ? slotKey(index, items.length) : 'footer'} role="listitem" aria-setsize={entries.length} aria-posinset={index + 1} className="log-row" data-level={entry?.level} data-selected={entry && entry.id === selectedId ? '' : undefined}>
        {entry ? <LogRow entry={entry} selected={entry.id === selectedId} utc={utc} onSelect={onSelect} /> : footer}
      </div>,
    );
  }
  return (
    <div ref={scrollRef} onScroll={onScroll ? (e) => onScroll(e.currentTarget.scrollTop) : undefined} className="log-scroller h-[60vh] min-h-80 overflow-auto rounded-md border border-line bg-surface" tabIndex={0} role="group" aria-label="Log lines, scrollable">
      <div role="list" aria-label="Log lines" aria-rowcount={entries.length} style={{ ...COLUMN_STYLE, height: virtualizer.getTotalSize(), position: 'relative' }}>
        <div role="presentation" style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
