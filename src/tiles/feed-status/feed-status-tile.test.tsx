import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { feedStatusTile } from './index';

const { server } = setupMockServer();
const Tile = feedStatusTile.Tile;
const FEEDS = '*/proxy/capture-spine/api/v1/feeds/status';

/** A feed in capture-spine's feed-status shape (docs/capture-spine-api.md), at TEST_NOW (10:00Z). */
function feed(name: string, over: { every?: number; cron?: string; failures?: number; run?: { at: string; status: 'success' | 'failed'; error?: string } }) {
  const { every = null, cron = null, failures = 0, run } = over;
  return {
    feed_id: `feed-${name}`,
    name,
    feed_type: 'rss',
    enabled: true,
    schedule_cron: cron,
    poll_interval_seconds: every,
    consecutive_failures: failures,
    last_run: run
      ? {
          id: `run-${name}`,
          feed_name: name,
          status: run.status,
          started_at: run.at,
          completed_at: run.at,
          items_processed: 10,
          items_new: run.status === 'success' ? 4 : 0,
          items_failed: 0,
          errors: run.error ? [run.error] : [],
          error_type: run.error ? 'HTTPStatusError' : null,
        }
      : null,
  };
}
const reply = (feeds: ReturnType<typeof feed>[]) => HttpResponse.json({ generated_at: '2026-11-28T10:00:00Z', feeds });
const onTime = feed('daily-index', { cron: '0 6 * * *', run: { at: '2026-11-28T06:00:00Z', status: 'success' } });
const rateLimited = feed('filings-rss', { cron: '*/5 * * * *', failures: 3, run: { at: '2026-11-28T09:55:00Z', status: 'failed', error: "Client error '429 Too Many Requests'" } });
const useFeeds = (...feeds: ReturnType<typeof feed>[]) => server.use(http.get(FEEDS, () => reply(feeds)));

describe('Feed status tile', () => {
  it('is busy with a skeleton while loading', () => {
    server.use(http.get(FEEDS, () => delay('infinite')));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    expect(region).toHaveAttribute('aria-busy', 'true');
    expect(within(region).getByRole('status', { name: 'Loading feed status' })).toBeInTheDocument();
  });

  it('shows a failing feed first, with its cadence, failures in a row and the last error', async () => {
    useFeeds(onTime, rateLimited);
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    const table = await within(region).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['filings-rssrss', 'daily-indexrss']);
    const rss = rows[0]!;
    expect(within(rss).getByText('failing')).toBeInTheDocument();
    expect(within(rss).getByText('every 5 min')).toBeInTheDocument();
    expect(within(rss).getByText('3 failures in a row')).toBeInTheDocument();
    expect(rss).toHaveTextContent(/HTTPStatusError: Client error '429 Too Many Requests'/);
    expect(within(rows[1]!).getByText('on time')).toBeInTheDocument();
    expect(within(region).getByText('1 of 2 feeds need attention')).toBeInTheDocument();
  });

  it('shows every feed on time when all ran on schedule', async () => {
    useFeeds(onTime, feed('news-api', { every: 600, run: { at: '2026-11-28T09:56:00Z', status: 'success' } }));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    await within(region).findByRole('table');
    expect(within(region).queryByText('failing')).not.toBeInTheDocument();
    expect(within(region).getAllByText('on time')).toHaveLength(2);
    expect(within(region).getByText('2 feeds, all on schedule')).toBeInTheDocument();
  });

  it('says "No feeds configured" when capture-spine has none', async () => {
    useFeeds();
    renderWithProviders(<Tile />);
    expect(await screen.findByText('No feeds configured')).toBeInTheDocument();
  });

  it('explains schema drift as an error with Retry', async () => {
    server.use(http.get(FEEDS, () => HttpResponse.json({ generated_at: '2026-11-28T10:00:00Z', feeds: [{ name: 'sec-rss' }] })));
    renderWithProviders(<Tile />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Unexpected feed status response: feeds\.0\.feed_id/);
    expect(alert).toHaveTextContent(/docs\/capture-spine-api\.md/);
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Details' }));
    expect(alert).toHaveTextContent('parse');
  });

  it('keeps data and marks it stale when a refresh fails', async () => {
    useFeeds(onTime);
    const { queryClient } = renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    await within(region).findByRole('table');
    server.use(http.get(FEEDS, () => new HttpResponse('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })));
    await queryClient.refetchQueries();
    await waitFor(() => expect(within(region).getByText(/Stale since/)).toBeInTheDocument());
    expect(within(region).getByRole('table')).toBeInTheDocument();
  });
});
