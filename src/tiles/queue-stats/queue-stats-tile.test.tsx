import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { queueStatsTile } from './index';
import { toDepthRows } from './queue-depth-chart';

const { server } = setupMockServer();
const Tile = queueStatsTile.Tile;
const QUEUES = '*/proxy/capture-spine/api/v1/queues/stats';

/** capture-spine's queue-stats shape (docs/capture-spine-api.md) at TEST_NOW (10:00Z). */
const queue = (name: string, messages: number, consumers: string[], over: Record<string, unknown> = {}) => ({
  name,
  messages,
  active: 1,
  reserved: 0,
  consumers,
  succeeded_per_minute: 6.2,
  failed_per_minute: 0,
  oldest_message_age_seconds: null,
  history: [
    { t: '2026-11-28T09:58:00Z', messages: Math.floor(messages / 2) },
    { t: '2026-11-28T09:59:00Z', messages },
  ],
  ...over,
});
const worker = (hostname: string, status: 'online' | 'offline', queues: string[]) => ({ hostname, status, queues, active: 0, last_heartbeat: '2026-11-28T09:59:58Z' });
const STATS = {
  generated_at: '2026-11-28T10:00:00Z',
  queues: [
    queue('fast', 0, ['celery@w1']),
    queue('default', 120, ['celery@w1'], { oldest_message_age_seconds: 1260, failed_per_minute: 0.8 }),
    queue('bulk', 4, []),
  ],
  workers: [worker('celery@w1', 'online', ['fast', 'default']), worker('celery@w2', 'offline', ['default', 'bulk'])],
};
const useStats = (body: object = STATS) => server.use(http.get(QUEUES, () => HttpResponse.json(body)));

describe('Queue stats tile', () => {
  it('is busy with a skeleton while loading', () => {
    server.use(http.get(QUEUES, () => delay('infinite')));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Queue stats' });
    expect(region).toHaveAttribute('aria-busy', 'true');
  });

  it('shows a backlog with the offline worker, rates and the oldest task, queues in the order sent', async () => {
    useStats();
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Queue stats' });
    const table = await within(region).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['fast', 'defaultbacklog', 'bulkno worker online']);
    const def = rows[1]!;
    expect(within(def).getByText('w2')).toHaveTextContent('(offline)');
    expect(within(def).getByText('w1')).not.toHaveTextContent('(offline)');
    expect(def).toHaveTextContent(/6\.2\/min.*0\.8\/min.*21m/);
    expect(within(rows[0]!).queryByText('w2')).not.toBeInTheDocument();
    expect(await within(region).findByRole('figure')).toBeInTheDocument();
    expect(within(region).getByText('124 waiting · 1/2 workers online')).toBeInTheDocument();
  });

  it('says so when no queue exists', async () => {
    useStats({ generated_at: '2026-11-28T10:00:00Z', queues: [], workers: [] });
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
    useStats();
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
