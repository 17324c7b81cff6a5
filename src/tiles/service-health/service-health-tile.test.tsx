import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { serviceHealthTile } from './index';

const { server } = setupMockServer();
const Tile = serviceHealthTile.Tile;
const DASHBOARD = '*/proxy/capture-spine/api/v1/system/dashboard';

type Status = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
/** A service in capture-spine's system-dashboard shape (docs/capture-spine-api.md), checked up to TEST_NOW (10:00Z). */
function service(name: string, status: Status, checks: Status[], over: Record<string, unknown> = {}) {
  return {
    name,
    display_name: null,
    critical: false,
    status,
    response_time_ms: status === 'unhealthy' ? null : 40,
    checked_at: '2026-11-28T10:00:00Z',
    error: null,
    history: checks.map((c, i) => ({ checked_at: new Date(Date.parse('2026-11-28T10:00:00Z') - (checks.length - 1 - i) * 30_000).toISOString(), status: c, response_time_ms: c === 'unhealthy' ? null : 40 })),
    ...over,
  };
}
const SERVICES = [
  service('api', 'healthy', ['healthy', 'healthy', 'healthy', 'healthy'], { display_name: 'Public API', critical: true, uptime_pct: 99.5 }),
  service('model-server', 'unhealthy', ['healthy', 'healthy', 'unhealthy', 'unhealthy'], { display_name: 'Model server', error: 'connection refused' }),
  service('cache', 'degraded', ['healthy', 'degraded']),
];
const useServices = (services: ReturnType<typeof service>[]) =>
  server.use(http.get(DASHBOARD, () => HttpResponse.json({ generated_at: '2026-11-28T10:00:00Z', services })));

describe('Service health tile', () => {
  it('shows a skeleton and aria-busy while the first load is pending', async () => {
    server.use(http.get(DASHBOARD, () => delay('infinite')));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Service health' });
    expect(region).toHaveAttribute('aria-busy', 'true');
    expect(within(region).getByRole('status', { name: 'Loading service health' })).toBeInTheDocument();
  });

  it('lists every service with status, heartbeat and uptime, problems first', async () => {
    useServices(SERVICES);
    renderWithProviders(<Tile />);
    const region = await screen.findByRole('region', { name: 'Service health' });
    const table = await within(region).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(region).toHaveAttribute('aria-busy', 'false');
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['down', 'degraded', 'up']);
    const model = rows[0]!;
    expect(within(model).getByRole('rowheader')).toHaveTextContent(/Model server.*model-server.*connection refused/);
    expect(within(model).getByRole('img', { name: 'Last 4 checks: 2 answered, 2 down' })).toBeInTheDocument();
    expect(model).toHaveTextContent('50.0%'); // from the checks when capture-spine sends no uptime
    expect(within(rows[2]!).getByRole('rowheader')).toHaveTextContent(/Public API\s*critical/);
    expect(rows[2]).toHaveTextContent('99.50%');
    expect(within(region).getByText('1 up · 1 degraded · 1 down')).toBeInTheDocument();
  });

  it('says so when no service is reported', async () => {
    useServices([]);
    renderWithProviders(<Tile />);
    expect(await screen.findByText('No services reported')).toBeInTheDocument();
  });

  it('shows the error with the source, a hint and Retry, and recovers on Retry', async () => {
    let fail = true;
    server.use(http.get(DASHBOARD, () => (fail ? HttpResponse.json({ detail: 'database is locked' }, { status: 500 }) : HttpResponse.json({ generated_at: '2026-11-28T10:00:00Z', services: SERVICES }))));
    renderWithProviders(<Tile />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('capture-spine');
    expect(alert).toHaveTextContent('HTTP 500: database is locked');
    expect(alert).toHaveTextContent(/logs \(spine-dev-api\) have the traceback/);
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    const region = screen.getByRole('region', { name: 'Service health' });
    expect(await within(region).findByRole('table')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps its data with a stale badge when a refresh fails', async () => {
    useServices(SERVICES);
    const { queryClient } = renderWithProviders(<Tile />);
    const region = await screen.findByRole('region', { name: 'Service health' });
    await within(region).findByRole('table');
    server.use(http.get(DASHBOARD, () => HttpResponse.error()));
    await queryClient.refetchQueries();
    await waitFor(() => expect(within(region).getByText(/Stale since \d\d:\d\d:\d\d, retrying/)).toBeInTheDocument());
    expect(within(region).getByRole('table')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a configuration state when no source provides service health', () => {
    renderWithProviders(<Tile />, { sources: [] });
    const region = screen.getByRole('region', { name: 'Service health' });
    expect(within(region).getByText('No source provides service health')).toBeInTheDocument();
  });
});
