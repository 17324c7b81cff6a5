/**
 * An ordinary log line is one text node, because scrolling rewrites every row each frame and
 * Blink allocates layout objects for every element and text run: with a span per column the
 * logs bench spent about 30% more main-thread CPU per frame (docs/PERFORMANCE.md#one-text-node-per-row).
 *
 * Time, level and service are padded to fixed columns, then the message. The columns get their
 * colours from a gradient clipped to the text (`.log-line` in the stylesheet), not from an
 * element each; the level colour and bar come from `data-level` on the row. Only a line with
 * more lines (a traceback) or ANSI colours gets extra elements.
 */
import { memo } from 'react';
import type { LogEntry } from '@/lib/model';
import { isPlainText } from '@/lib/ansi';
import { AnsiText } from '@/components/ui/ansi-text';
import { firstLine, ROW_COLUMNS, rowPrefix } from './log-row-format';

/** The column edges for `.log-line`'s gradient, set once on the list. */
export const COLUMN_STYLE = {
  '--log-col-level': `${ROW_COLUMNS.level}ch`,
  '--log-col-service': `${ROW_COLUMNS.service}ch`,
  '--log-col-message': `${ROW_COLUMNS.message}ch`,
} as React.CSSProperties;

/**
 * One line, as a button that selects it. Its text is a string built here, never `entry.message`
 * itself: Blink externalizes an old-generation string the DOM is handed (moves its characters out
 * of the JS heap), which for every stored line scrolled past brought the next collection sooner.
 */
export const LogRow = memo(function LogRow({ entry, selected, utc, onSelect }: { entry: LogEntry; selected: boolean; utc: boolean; onSelect: (id: string) => void }) {
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
