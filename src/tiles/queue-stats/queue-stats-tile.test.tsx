import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { queueStatsTile } from './index';
import { toDepthRows } from './queue-depth-chart';

const { server, mockController } = setupMockServer();
const Tile = queueStatsTile.Tile;
const QUEUES = '*/proxy/capture-spine/api/v1/queues/stats';

describe('Queue stats tile', () => {
  it('is busy with a skeleton while loading', () => {
    server.use(http.get(QUEUES, () => delay('infinite')));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Queue stats' });
    expect(region).toHaveAttribute('aria-busy', 'true');
  });

  it('shows the default backlog with the offline worker, rates and the oldest task', async () => {
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Queue stats' });
    const table = await within(region).findByRole('table');
    const names = within(table).getAllByRole('rowheader').map((r) => r.textContent);
    expect(names.join(' ')).toMatch(/realtime.*high.*default.*low.*slow.*celery/);
    const def = within(table).getByRole('rowheader', { name: /default/ }).closest('tr')!;
    expect(within(def).getByText('backlog')).toBeInTheDocument();
    expect(within(def).getByText(/spine-dev-celery-worker-2/)).toHaveTextContent('(offline)');
    expect(await within(region).findByRole('figure')).toBeInTheDocument();
    expect(within(region).getByText(/waiting · 2\/3 workers online/)).toBeInTheDocument();
  });

  it('says so when no queue exists', async () => {
    mockController.set('empty');
    renderWithProviders(<Tile />);
    expect(await screen.findByText('No queues reported')).toBeInTheDocument();
  });

  it('reports a timeout-like network failure with Retry', async () => {
    server.use(http.get(QUEUES, () => HttpResponse.error()));
    renderWithProviders(<Tile />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not reach capture-spine');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('keeps data and marks it stale when a refresh fails', async () => {
    const { queryClient } = renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Queue stats' });
    await within(region).findByRole('table');
    server.use(http.get(QUEUES, () => new HttpResponse('{"generated', { status: 200 })));
    await queryClient.refetchQueries();
    await waitFor(() => expect(within(region).getByText(/Stale since/)).toBeInTheDocument());
  });
});

describe('toDepthRows', () => {
  it('joins queue histories on time, oldest first', () => {
    const q = (name: string, points: [string, number][]) => ({
      name,
      depth: 0,
      active: 0,
      reserved: 0,
      workers: [],
      succeededPerMin: 0,
      failedPerMin: 0,
      oldestTaskAgeSeconds: null,
      depthHistory: points.map(([at, depth]) => ({ at, depth })),
    });
    const rows = toDepthRows([
      q('a', [['2026-11-28T10:01:00Z', 2], ['2026-11-28T10:00:00Z', 1]]),
      q('b', [['2026-11-28T10:00:00Z', 5]]),
    ]);
    expect(rows).toEqual([
      { at: Date.parse('2026-11-28T10:00:00Z'), a: 1, b: 5 },
      { at: Date.parse('2026-11-28T10:01:00Z'), a: 2 },
    ]);
  });
});
