import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { feedStatusTile } from './index';

const { server, mockController } = setupMockServer();
const Tile = feedStatusTile.Tile;
const FEEDS = '*/proxy/capture-spine/api/v1/feeds/status';

describe('Feed status tile', () => {
  it('is busy with a skeleton while loading', () => {
    server.use(http.get(FEEDS, () => delay('infinite')));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    expect(region).toHaveAttribute('aria-busy', 'true');
    expect(within(region).getByRole('status', { name: 'Loading feed status' })).toBeInTheDocument();
  });

  it('shows sec-rss failing on SEC 429s with cadence, lag and the last error', async () => {
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    const table = await within(region).findByRole('table');
    const rss = within(table).getByRole('rowheader', { name: /sec-rss/ }).closest('tr')!;
    expect(within(rss).getByText('failing')).toBeInTheDocument();
    expect(within(rss).getByText('every 5 min')).toBeInTheDocument();
    expect(rss).toHaveTextContent(/429/);
    expect(within(table).getByRole('rowheader', { name: /sec-full-index/ })).toBeInTheDocument();
    expect(within(region).getByText(/of \d+ feeds need attention/)).toBeInTheDocument();
  });

  it('shows every feed on time in the healthy scenario', async () => {
    mockController.set('healthy');
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    await within(region).findByRole('table');
    expect(within(region).queryByText('failing')).not.toBeInTheDocument();
    expect(within(region).getAllByText('on time').length).toBeGreaterThan(3);
  });

  it('says "No feeds configured" when capture-spine has none', async () => {
    mockController.set('empty');
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
    const { queryClient } = renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Feed status' });
    await within(region).findByRole('table');
    server.use(http.get(FEEDS, () => new HttpResponse('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } })));
    await queryClient.refetchQueries();
    await waitFor(() => expect(within(region).getByText(/Stale since/)).toBeInTheDocument());
    expect(within(region).getByRole('table')).toBeInTheDocument();
  });
});
