import { describe, expect, it } from 'vitest';
import feeds from './fixtures/feed-status.json';
import { feedStatusResponseSchema } from './api-schemas';
import { deriveFeedState, toFeedStatus } from './to-feed-status';

const now = Date.parse('2026-11-28T10:00:00.000Z');
const raw = feedStatusResponseSchema.parse(feeds);
type RawFeed = (typeof raw.feeds)[number];

function feed(overrides: Partial<RawFeed>): RawFeed {
  return { ...raw.feeds[3]!, ...overrides };
}

describe('toFeedStatus', () => {
  const report = toFeedStatus(raw, now);
  const byName = Object.fromEntries(report.feeds.map((f) => [f.name, f]));

  it('derives each feed state from its cadence and last run', () => {
    expect(Object.fromEntries(report.feeds.map((f) => [f.name, f.state]))).toEqual({
      'sec-rss': 'failing',
      'sec-daily-index': 'on_time',
      'sec-full-index': 'on_time',
      'hacker-news': 'on_time',
      'finnhub-news': 'running',
      'monthly-xbrl': 'disabled',
    });
  });

  it('keeps cadence, items and the last error with its exception type', () => {
    expect(byName['sec-rss']?.cadence).toEqual({ kind: 'cron', expression: '*/5 * * * *' });
    expect(byName['hacker-news']?.cadence).toEqual({ kind: 'interval', seconds: 600 });
    expect(byName['hacker-news']?.lastRun?.itemsNew).toBe(18);
    expect(byName['sec-rss']?.lastError).toBe(
      "HTTPStatusError: Client error '429 Too Many Requests' for url 'https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent'",
    );
    expect(byName['sec-rss']?.consecutiveFailures).toBe(3);
  });

  it('computes the next due time for cron feeds after their last run', () => {
    // last run today at 06:00: the next slot is tomorrow 06:00
    expect(byName['sec-full-index']?.nextDueAt).toBe('2026-11-29T06:00:00.000Z');
    expect(byName['sec-full-index']?.lagSeconds).toBe(0);
  });
});

describe('deriveFeedState', () => {
  const success = raw.feeds[3]!.last_run!;
  const ran = (minutesAgo: number) => ({ ...success, started_at: new Date(now - minutesAgo * 60_000).toISOString() });

  it('is late past a grace of 10% of the period and missed after a whole period', () => {
    expect(deriveFeedState(feed({ last_run: ran(10.5) }), now).state).toBe('on_time');
    expect(deriveFeedState(feed({ last_run: ran(12) }), now)).toMatchObject({ state: 'late', lagSeconds: 120 });
    expect(deriveFeedState(feed({ last_run: ran(25) }), now)).toMatchObject({ state: 'missed', lagSeconds: 900 });
  });

  it('keeps a failing feed failing while its retry runs, and gives disabled feeds no lag', () => {
    const retrying = feed({ consecutive_failures: 2, last_run: { ...ran(0.2), status: 'running', completed_at: null } });
    expect(deriveFeedState(retrying, now).state).toBe('failing');
    expect(deriveFeedState(feed({ consecutive_failures: 0, last_run: { ...ran(0.2), status: 'running', completed_at: null } }), now).state).toBe('running');
    expect(deriveFeedState(feed({ enabled: false, last_run: ran(500) }), now)).toEqual({ state: 'disabled', cadence: { kind: 'interval', seconds: 600 }, nextDueAt: null, lagSeconds: null });
  });

  it('keeps the last failure visible while a retry runs', () => {
    const retrying = feed({
      consecutive_failures: 1,
      last_run: { ...ran(0.2), status: 'running', completed_at: null },
      last_error: { at: new Date(now - 300_000).toISOString(), error_type: 'HTTPStatusError', message: "Client error '429 Too Many Requests'" },
    });
    const report = toFeedStatus({ ...raw, feeds: [retrying] }, now);
    expect(report.feeds[0]?.lastError).toBe("HTTPStatusError: Client error '429 Too Many Requests'");
  });

  it('uses next_poll_at when capture-spine provides it', () => {
    const f = feed({ last_run: ran(1), next_poll_at: new Date(now - 5 * 60_000).toISOString() });
    expect(deriveFeedState(f, now)).toMatchObject({ state: 'late', lagSeconds: 300 });
  });

  it('catches a cron feed that skipped its latest slot', () => {
    const f = feed({ schedule_cron: '*/5 * * * *', poll_interval_seconds: null, last_run: ran(17) });
    // slots at 9:45, 9:50, 9:55, 10:00 were all skipped
    expect(deriveFeedState(f, now).state).toBe('missed');
  });

  it('reports an unreadable cron as unknown with a warning naming the feed', () => {
    const result = deriveFeedState(feed({ schedule_cron: '*/5 * *' }), now);
    expect(result.state).toBe('unknown');
    expect(result.warning).toMatch(/Feed "hacker-news": .* must have 5 fields/);
  });

  it('never marks a feed with no cadence and no run as on time', () => {
    expect(deriveFeedState(feed({ schedule_cron: null, poll_interval_seconds: null, last_run: null }), now).state).toBe('unknown');
  });
});
