import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { LogList } from './log-list';
import { ROW_COLUMNS, rowPrefix } from './log-row-format';

function entries(n: number): LogEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    timeNs: String(1_795_000_000_000_000_000n - BigInt(i) * 1_000_000n),
    service: i % 2 ? 'capture-spine-api' : 'celery-worker',
    level: i % 10 === 0 ? 'error' : 'info',
    message: i === 3 ? 'Traceback (most recent call last):\n  File "x.py"\nValueError: bad' : `line ${i} \u001b[31mred\u001b[0m <script>alert(1)</script>`,
    labels: {},
    raw: '',
    streamId: 's',
  }));
}

const isScroller = (el: Element) => el.getAttribute('aria-label') === 'Log lines, scrollable';

/**
 * jsdom has no layout: give the scroll container a viewport of `height` px, the scroll height of
 * its list, and a scrollTo that scrolls and fires `scroll`, as a browser does.
 */
function withViewport(height: number) {
  vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return isScroller(this) ? parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '') || 0 : 0;
  });
  HTMLElement.prototype.scrollTo = function (this: HTMLElement, options?: ScrollToOptions | number) {
    if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
    fireEvent.scroll(this);
  } as HTMLElement['scrollTo'];
  return vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return isScroller(this) ? height : 0;
  });
}

describe('LogList', () => {
  afterEach(() => {
    delete (HTMLElement.prototype as Partial<HTMLElement>).scrollTo;
  });

  it('renders only a window of rows, with the full count for assistive technology', () => {
    withViewport(240);
    render(<LogList entries={entries(100_000)} selectedId={null} utc onSelect={() => {}} />);
    const list = screen.getByRole('list', { name: 'Log lines' });
    expect(list).toHaveAttribute('aria-rowcount', '100000');
    const items = within(list).getAllByRole('listitem');
    expect(items.length).toBeLessThan(60);
    expect(items[0]).toHaveAttribute('aria-posinset', '1');
    expect(items[0]).toHaveAttribute('aria-setsize', '100000');
    // The spacer keeps the scrollbar true to the whole list.
    expect(list.style.height).toBe(`${100_000 * 24}px`);
  });

  it('moves the window when scrolled', () => {
    withViewport(240);
    render(<LogList entries={entries(100_000)} selectedId={null} utc onSelect={() => {}} />);
    const scroller = screen.getByRole('group', { name: 'Log lines, scrollable' });
    act(() => {
      scroller.scrollTop = 24 * 50_000;
      fireEvent.scroll(scroller);
    });
    const items = within(screen.getByRole('list', { name: 'Log lines' })).getAllByRole('listitem');
    const positions = items.map((i) => Number(i.getAttribute('aria-posinset')));
    expect(positions).toContain(50_001);
    expect(Math.min(...positions)).toBeGreaterThan(49_900);
    expect(screen.getByText(/line 50000 /)).toBeInTheDocument();
  });

  it('reuses row elements while scrolling instead of creating new ones', () => {
    withViewport(240);
    render(<LogList entries={entries(100_000)} selectedId={null} utc onSelect={() => {}} />);
    const list = screen.getByRole('list', { name: 'Log lines' });
    const scroller = screen.getByRole('group', { name: 'Log lines, scrollable' });
    const scrollTo = (row: number) =>
      act(() => {
        scroller.scrollTop = 24 * row;
        fireEvent.scroll(scroller);
      });
    scrollTo(1000);
    const before = new Set(within(list).getAllByRole('listitem'));
    scrollTo(1007);
    const after = within(list).getAllByRole('listitem');
    expect(after).toHaveLength(before.size);
    expect(after.every((el) => before.has(el))).toBe(true);
    // Still in order, showing the new lines: 3 rows of overscan above row 1007.
    expect(after.map((el) => Number(el.getAttribute('aria-posinset')))).toEqual(after.map((_, i) => 1007 - 3 + i + 1));
    expect(screen.getByText(/line 1018 /)).toBeInTheDocument();
  });

  it('shows level, service, the first line of a traceback with a count, and inert text', () => {
    withViewport(240);
    const onSelect = vi.fn();
    render(<LogList entries={entries(20)} selectedId="e1" utc onSelect={onSelect} />);
    const rows = within(screen.getByRole('list', { name: 'Log lines' })).getAllByRole('listitem');
    const row = (i: number) => rows[i] as HTMLElement;
    expect(rows[0]).toHaveTextContent('ERROR');
    expect(rows[1]).toHaveTextContent('capture-spine-api');
    expect(rows[3]).toHaveTextContent('Traceback (most recent call last):');
    expect(rows[3]).toHaveTextContent('+2 lines');
    // Markup in a line is text; the ANSI colour is applied, the escape is gone.
    expect(rows[0]).toHaveTextContent('<script>alert(1)</script>');
    expect(document.querySelector('script')).toBeNull();
    expect(row(0).textContent).not.toContain('\u001b');
    expect(within(row(1)).getByRole('button')).toHaveAttribute('aria-current', 'true');
    fireEvent.click(within(row(2)).getByRole('button'));
    expect(onSelect).toHaveBeenCalledWith('e2');
  });

  it('scrolls a selected line into view', () => {
    withViewport(240);
    const list = entries(10_000);
    const { rerender } = render(<LogList entries={list} selectedId={null} utc onSelect={() => {}} />);
    rerender(<LogList entries={list} selectedId="e5000" utc onSelect={() => {}} />);
    const scroller = screen.getByRole('group', { name: 'Log lines, scrollable' });
    expect(scroller.scrollTop).toBe(5000 * 24 + 24 - 240);
    expect(screen.getByText(/line 5000 /)).toBeInTheDocument();
  });

  it('renders the footer as the last row', () => {
    withViewport(240);
    render(<LogList entries={entries(5)} selectedId={null} utc onSelect={() => {}} footer={<span>Line limit reached</span>} />);
    const rows = within(screen.getByRole('list', { name: 'Log lines' })).getAllByRole('listitem');
    expect(rows).toHaveLength(6);
    expect(rows[5]).toHaveTextContent('Line limit reached');
  });

  it('drops rows past the end at once when the list shrinks', () => {
    withViewport(240);
    const { rerender } = render(<LogList entries={entries(1000)} selectedId={null} utc onSelect={() => {}} />);
    rerender(<LogList entries={entries(3)} selectedId={null} utc onSelect={() => {}} />);
    expect(within(screen.getByRole('list', { name: 'Log lines' })).getAllByRole('listitem')).toHaveLength(3);
  });

  it('puts an ordinary line in one text node, with the level and selection on the row', () => {
    withViewport(240);
    const list = entries(20);
    list[1] = { ...list[1]!, message: 'GET /health 200 <b>ok</b>' };
    render(<LogList entries={list} selectedId="e1" utc onSelect={() => {}} />);
    const rows = within(screen.getByRole('list', { name: 'Log lines' })).getAllByRole('listitem');
    expect(rows[1]).toHaveTextContent(/^\d\d-\d\d [\d:.]+ INFO +capture-spine-api +GET \/health 200 <b>ok<\/b>$/);
    const line = within(rows[1] as HTMLElement).getByRole('button');
    expect(line.childNodes).toHaveLength(1);
    expect(line.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(rows[1]).toHaveAttribute('data-level', 'info');
    expect(rows[1]).toHaveAttribute('data-selected');
    expect(rows[0]).toHaveAttribute('data-level', 'error');
    expect(rows[0]).not.toHaveAttribute('data-selected');
    // A traceback keeps its "+n lines" badge; ANSI colours keep their spans.
    expect(within(rows[3] as HTMLElement).getByText('+2 lines').tagName).toBe('SPAN');
    expect(within(rows[0] as HTMLElement).getByText('red').tagName).toBe('SPAN');
  });

  it('lays the prefix out on the columns the stylesheet colours', () => {
    const entry = entries(1)[0]!;
    const prefix = rowPrefix({ ...entry, level: 'warning', service: 'a-service-name-longer-than-the-column' }, true);
    expect(prefix).toHaveLength(ROW_COLUMNS.message);
    expect(prefix.slice(ROW_COLUMNS.level, ROW_COLUMNS.service).trimEnd()).toBe('WARNING');
    expect(prefix.slice(ROW_COLUMNS.service)).toBe('a-service-name-longer-…');
    expect(prefix.slice(0, ROW_COLUMNS.level)).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} $/);
    expect(rowPrefix({ ...entry, level: 'critical', service: null }, false).slice(ROW_COLUMNS.service).trimEnd()).toBe('—');
  });
});
