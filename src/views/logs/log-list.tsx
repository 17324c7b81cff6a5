import { memo, useEffect, useRef } from 'react';
import type { LogEntry, LogLevel } from '@/lib/model';
import { isPlainText } from '@/lib/ansi';
import { AnsiText } from '@/components/ui/ansi-text';
import { useFixedRows } from './fixed-rows';

/** Must match `.log-row` in the stylesheet. */
const ROW_HEIGHT = 24;
/** Rows rendered beyond each edge of the viewport, so a fast scroll shows no blank rows. */
const OVERSCAN = 3;
/** Rows render at most this much of a line; the details panel shows the rest. */
const PREVIEW_CHARS = 200;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * `MM-DD HH:mm:ss.SSS` in UTC or local time. Rows call it for every line scrolled past, so it
 * works from the millisecond part of the string (no BigInt, no ISO string to slice).
 */
export function formatLogTime(timeNs: string, utc: boolean): string {
  const ms = timeNs.length > 6 ? Number(timeNs.slice(0, -6)) : 0;
  const d = new Date(ms);
  if (utc) return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}`;
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
}

/** The first line of a message, cut for the row, and how many more lines it has. */
export function firstLine(message: string): { text: string; more: number } {
  let nl = message.indexOf('\n');
  const head = nl === -1 ? message : message.slice(0, nl);
  let more = 0;
  while (nl !== -1) {
    more += 1;
    nl = message.indexOf('\n', nl + 1);
  }
  return { text: head.length > PREVIEW_CHARS ? `${head.slice(0, PREVIEW_CHARS)}…` : head, more };
}

/** Level labels padded to one width, so the columns line up in one run of monospace text. */
const LEVEL_LABEL: Record<LogLevel, string> = {
  critical: 'CRITICAL ',
  error: 'ERROR    ',
  warning: 'WARNING  ',
  info: 'INFO     ',
  debug: 'DEBUG    ',
  trace: 'TRACE    ',
  unknown: 'UNKNOWN  ',
};
/** Characters of the service column (the name is cut with "…" beyond it). */
const SERVICE_CHARS = 23;

/** The service column: the name cut to SERVICE_CHARS and padded, or "—" when unknown. Pure. */
export function serviceCell(service: string | null): string {
  const name = service ?? '—';
  return name.length > SERVICE_CHARS ? `${name.slice(0, SERVICE_CHARS - 1)}…` : name.padEnd(SERVICE_CHARS);
}

/** The row's fixed columns as one string: time, a space, the padded level and the service. Pure. */
export function rowPrefix(entry: LogEntry, utc: boolean): string {
  return `${formatLogTime(entry.timeNs, utc)} ${LEVEL_LABEL[entry.level]}${serviceCell(entry.service)}`;
}

/**
 * Where each column starts, in characters (`ch`), for the stylesheet's column colours: the time
 * is 18 characters and a space, the level label 9, the service 23.
 */
export const ROW_COLUMNS = { level: 19, service: 19 + 9, message: 19 + 9 + SERVICE_CHARS } as const;
const COLUMN_STYLE = {
  '--log-col-level': `${ROW_COLUMNS.level}ch`,
  '--log-col-service': `${ROW_COLUMNS.service}ch`,
  '--log-col-message': `${ROW_COLUMNS.message}ch`,
} as React.CSSProperties;

/**
 * One line. As few layout objects as possible, on purpose: scrolling replaces every row's text
 * many times a second, and what Blink allocates for each element and text run is what brings on
 * the browser's full garbage collections (see docs/PERFORMANCE.md).
 *  - An ordinary line is a single text node: time, level and service padded to fixed columns,
 *    then the message. The columns get their colours from a gradient clipped to the text
 *    (`.log-line` in the stylesheet), not from an element each; the level colour and bar come
 *    from `data-level` on the row.
 *  - Only a line with more lines (a traceback) or ANSI colours gets extra elements.
 *  - The text node always receives a new string, never the entry's own `message`: Blink
 *    externalizes an old-generation string it is given (moves its characters out of the JS
 *    heap), which, for every stored line scrolled past, brought on long pauses.
 */
const LogRow = memo(function LogRow({ entry, selected, utc, onSelect }: { entry: LogEntry; selected: boolean; utc: boolean; onSelect: (id: string) => void }) {
  const { text, more } = firstLine(entry.message);
  return (
    <button type="button" onClick={() => onSelect(entry.id)} aria-current={selected ? 'true' : undefined} className="log-line">
      {more === 0 && isPlainText(text) ? (
        `${rowPrefix(entry, utc)} ${text}`
      ) : (
        <>
          {rowPrefix(entry, utc)}
          {more > 0 && <span className="log-more">+{more} lines</span>}
          <AnsiText text={` ${text}`} />
        </>
      )}
    </button>
  );
});

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
 * A windowed list: only the rows in view (plus a few) are in the DOM, so 100,000 lines scroll
 * smoothly. Rows have one fixed height, so the window is arithmetic (see fixed-rows.ts).
 */
export function LogList({ entries, selectedId, utc, onSelect, footer, onScroll, scrollToTopKey }: LogListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = entries.length + (footer ? 1 : 0);
  const { start, end, totalHeight, scrollToIndex } = useFixedRows(scrollRef, count, ROW_HEIGHT, OVERSCAN);
  const selectedIndex = selectedId ? entries.findIndex((e) => e.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) scrollToIndex(selectedIndex);
    // scroll only when the selection itself changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);
  useEffect(() => {
    if (scrollToTopKey !== undefined) scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollToTopKey]);
  // Rows are keyed by their slot in the window (index modulo the window size), not by line: a row
  // scrolled out is reused for the row scrolled in, so scrolling updates text in place instead of
  // creating and destroying DOM nodes every frame (which made the garbage collector pause).
  const slots = Math.max(1, end - start);
  const rows: React.ReactNode[] = [];
  for (let index = start; index < end; index += 1) {
    const entry = entries[index];
    rows.push(
      <div key={entry ? index % slots : 'footer'} role="listitem" aria-setsize={entries.length} aria-posinset={index + 1} className="log-row" data-level={entry?.level} data-selected={entry && entry.id === selectedId ? '' : undefined}>
        {entry ? <LogRow entry={entry} selected={entry.id === selectedId} utc={utc} onSelect={onSelect} /> : footer}
      </div>,
    );
  }
  return (
    <div ref={scrollRef} onScroll={onScroll ? (e) => onScroll(e.currentTarget.scrollTop) : undefined} className="log-scroller h-[60vh] min-h-80 overflow-auto rounded-md border border-line bg-surface" tabIndex={0} role="group" aria-label="Log lines, scrollable">
      <div role="list" aria-label="Log lines" aria-rowcount={entries.length} style={{ ...COLUMN_STYLE, height: totalHeight, position: 'relative' }}>
        <div role="presentation" style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${start * ROW_HEIGHT}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
