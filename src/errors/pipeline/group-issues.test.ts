import { describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '@/lib/model';
import { groupIssues } from './group-issues';
import { TOKEN_LINE, TOKEN_TRACEBACK, lokiEntries } from './test-lines';

const FROM = Date.UTC(2026, 0, 31, 0, 0, 0);
const HOUR = 3_600_000;
const range = { from: FROM, to: FROM + 24 * HOUR };
const pipe = (ms: number, level: string, logger: string, msg: string) =>
  `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',')} | ${level.padEnd(8)} | ${logger} | ${msg}`;

function corpus(): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < 30; i++) {
    const ms = FROM + i * 40 * 60_000;
    out.push(...lokiEntries([pipe(ms, 'ERROR', 'capture_spine.api.feeds', `Failed to fetch feed https://feeds.example.com/rss/${i % 7}.xml: Connection timeout after ${10 + (i % 4)}s`)], ms, '{service="api"}'));
    if (i % 3 === 0) out.push(...lokiEntries([TOKEN_LINE.replace('2026-01-31 10:15:30,123', pipe(ms + 5, 'X', 'x', 'x').slice(0, 23)), ...TOKEN_TRACEBACK], ms + 5, '{service="api"}'));
    out.push(...lokiEntries([pipe(ms + 9, 'INFO', 'capture_spine.api.feeds', `Listed ${i} feeds`)], ms + 9, '{service="api"}'));
    out.push(...lokiEntries([`INFO:     172.18.0.1:5${i}11 - "GET /api/v1/items/${i}?page=2 HTTP/1.1" ${i % 5 === 0 ? 500 : 200} OK`], ms + 11, '{service="api"}'));
  }
  out.push(...lokiEntries(['2026-01-31T05:00:00.000001Z [warning  ] heartbeat.missed peer=celery@w2 worker=celery@w1'], FROM + 5 * HOUR, '{service="worker"}'));
  return out.reverse();
}

describe('groupIssues', () => {
  const groups = groupIssues(corpus(), { range, sampleSize: 3 });
  const byTitle = (prefix: string) => groups.find((g) => g.title.startsWith(prefix));

  it('groups by fingerprint, sorted by count, dropping info lines', () => {
    expect(groups.map((g) => g.count)).toEqual([30, 10, 6, 1]);
    expect(groups.some((g) => g.title.includes('Listed'))).toBe(false);
  });

  it('titles: exception type + message template, templates with <*>', () => {
    expect(byTitle('TokenInvalidError')?.title).toBe('TokenInvalidError: Token is invalid or expired: Signature has expired');
    expect(byTitle('TokenInvalidError')?.exceptionType).toBe('TokenInvalidError');
        expect(byTitle('HTTP 500')?.title).toBe('HTTP 500 GET /api/v1/items/<*>');
    expect(byTitle('HTTP 500')?.level).toBe('error');
  });

  it('sparkline buckets sum to the count; first/last seen are the extremes', () => {
    for (const g of groups) {
      expect(g.sparkline).toHaveLength(24);
      expect(g.sparkline.reduce((a, b) => a + b, 0)).toBe(g.count);
    }
    const feed = byTitle('Failed');
    expect(feed?.firstSeenNs).toBe(`${FROM}000000`);
    expect(feed?.lastSeenNs).toBe(`${FROM + 29 * 40 * 60_000}000000`);
  });

  it('keeps the newest samples first, with frames of the newest one', () => {
    const tok = byTitle('TokenInvalidError');
    expect(tok?.samples).toHaveLength(3);
    const times = tok?.samples.map((s) => s.timeNs) ?? [];
    expect([...times].sort().reverse()).toEqual(times);
    expect(tok?.samples[0]?.entryIds).toHaveLength(1 + TOKEN_TRACEBACK.length);
    expect(tok?.frames.map((f) => f.fn)).toEqual(['__call__', 'get_current_user', 'decode_access_token']);
    expect(tok?.services).toEqual([{ name: 'spine-dev-api', count: 10 }]);
    expect(tok?.loggers).toEqual([{ name: 'capture_spine.api.auth', count: 10 }]);
  });

  it('collects slot values, most frequent first', () => {
    const feed = byTitle('Failed');
    const all = feed?.slotValues.flatMap((s) => s.values.map((v) => v.value)) ?? [];
    expect(feed?.template).toBe('Failed to fetch feed https://<*> Connection timeout after <*>');
    expect(all).toEqual(expect.arrayContaining(['feeds.example.com/rss/0.xml:', '10s', '13s']));
    expect(feed?.slotValues[1]?.values).toEqual([{ value: '10s', count: 8 }, { value: '11s', count: 8 }, { value: '12s', count: 7 }, { value: '13s', count: 7 }]);
    const counts = feed?.slotValues.map((s) => s.values.reduce((a, v) => a + v.count, 0));
    for (const c of counts ?? []) expect(c).toBe(30);
  });

  it('minLevel error drops warnings but keeps exceptions and 5xx', () => {
    const errs = groupIssues(corpus(), { range, minLevel: 'error' });
    expect(errs.map((g) => g.count)).toEqual([30, 10, 6]);
  });

  it('reports progress and is deterministic', () => {
    const onProgress = vi.fn();
    const again = groupIssues(corpus(), { range, sampleSize: 3 }, onProgress);
    expect(again.map((g) => [g.id, g.title])).toEqual(groups.map((g) => [g.id, g.title]));
    const last = onProgress.mock.calls.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
  });
});
