import { describe, expect, it } from 'vitest';
import type { LogEntry, LogPage } from '@/lib/model';
import { newestPosition, trimOlderThan, withNewerLines } from './logs-queries';
import type { LogPages } from './logs-queries';

const e = (id: string, timeNs: string): LogEntry => ({ id, timeNs, service: 's', level: 'info', message: id, labels: {}, raw: id, streamId: 's' });
const page = (entries: LogEntry[], truncated = false, warnings: string[] = []): LogPage => ({ entries, truncated, nextCursor: truncated ? `after-${entries.at(-1)?.id}` : null, warnings });
const ids = (data: LogPages) => data.pages.map((p) => p.entries.map((x) => x.id));

/** Three pages, newest first: 90..70, 60..40, 30..10. */
const loaded: LogPages = {
  pages: [page([e('a90', '90'), e('b90', '90'), e('a80', '80'), e('a70', '70')], true), page([e('a60', '60'), e('a50', '50'), e('a40', '40')], true), page([e('a30', '30'), e('a20', '20'), e('a10', '10')], true)],
  pageParams: [null, 'after-a70', 'after-a40'],
};

describe('newestPosition', () => {
  it('is the newest line with every id shown at its nanosecond', () => {
    expect(newestPosition(loaded.pages)).toEqual({ timeNs: '90', seenIds: ['a90', 'b90'] });
    expect(newestPosition([page([])])).toBeNull();
  });
});

describe('withNewerLines', () => {
  it('puts the new lines on top of the first page, each once, and keeps the older pages', () => {
    const { data, refresh } = withNewerLines(loaded, page([e('a95', '95'), e('c90', '90'), e('b90', '90')]), '0');
    expect(ids(data)).toEqual([['a95', 'c90', 'a90', 'b90', 'a80', 'a70'], ['a60', 'a50', 'a40'], ['a30', 'a20', 'a10']]);
    expect(data.pageParams).toEqual(loaded.pageParams);
    expect(refresh).toEqual({ added: 2, restarted: false });
  });

  it('changes nothing when nothing is new', () => {
    expect(withNewerLines(loaded, page([]), '0').data).toBe(loaded);
  });

  it('adds a new warning once', () => {
    const once = withNewerLines(loaded, page([], false, ['partial']), '0').data;
    expect(once.pages[0]?.warnings).toEqual(['partial']);
    expect(withNewerLines(once, page([], false, ['partial']), '0').data).toBe(once);
  });

  it('restarts at a page cut at the limit, rather than show the lines below it past a gap', () => {
    const cut = page([e('a200', '200'), e('a190', '190')], true);
    const { data, refresh } = withNewerLines(loaded, cut, '0');
    expect(data).toEqual({ pages: [cut], pageParams: [null] });
    expect(refresh).toEqual({ added: 2, restarted: true });
  });

  it('trims the lines that slid out of the range, and the cursor past them', () => {
    const { data } = withNewerLines(loaded, page([e('a95', '95')]), '45');
    expect(ids(data)).toEqual([['a95', 'a90', 'b90', 'a80', 'a70'], ['a60', 'a50']]);
    expect(data.pageParams).toEqual([null, 'after-a70']);
    expect(data.pages[1]).toMatchObject({ truncated: false, nextCursor: null });
  });
});

describe('trimOlderThan', () => {
  it('keeps the pages as they are while every line is in range', () => {
    expect(trimOlderThan(loaded, '10')).toBe(loaded);
  });

  it('drops whole pages, then the older lines of the last one', () => {
    expect(ids(trimOlderThan(loaded, '61'))).toEqual([['a90', 'b90', 'a80', 'a70']]);
    expect(trimOlderThan(loaded, '61').pages[0]).toMatchObject({ truncated: false, nextCursor: null });
    expect(ids(trimOlderThan(loaded, '100'))).toEqual([[]]);
  });
});
