import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { serviceHealthTile } from './index';

const { server, mockController } = setupMockServer();
const Tile = serviceHealthTile.Tile;
const DASHBOARD = '*/proxy/capture-spine/api/v1/system/dashboard';

describe('Service health tile', () => {
  it('shows a skeleton and aria-busy while the first load is pending', async () => {
    server.use(http.get(DASHBOARD, () => delay('infinite')));
    renderWithProviders(<Tile />);
    const region = screen.getByRole('region', { name: 'Service health' });
    expect(region).toHaveAttribute('aria-busy', 'true');
    expect(within(region).getByRole('status', { name: 'Loading service health' })).toBeInTheDocument();
  });

  it('lists every service of the incident scenario with status, heartbeat and uptime', async () => {
    renderWithProviders(<Tile />);
    const region = await screen.findByRole('region', { name: 'Service health' });
    const table = await within(region).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(region).toHaveAttribute('aria-busy', 'false');
    const ollama = within(table).getByRole('rowheader', { name: /Ollama/ }).closest('tr')!;
    expect(within(ollama).getByText('down')).toBeInTheDocument();
    expect(within(ollama).getByRole('img', { name: /Last \d+ checks/ })).toBeInTheDocument();
    // problems sort first
    expect(within(rows[0]!).getByText('down')).toBeInTheDocument();
    expect(within(region).getByText(/\d+ up · \d+ degraded · \d+ down/)).toBeInTheDocument();
  });

  it('says so when no service is reported', async () => {
    mockController.set('empty');
    renderWithProviders(<Tile />);
    expect(await screen.findByText('No services reported')).toBeInTheDocument();
  });

  it('shows the error with the source, a hint and Retry, and recovers on Retry', async () => {
    server.use(http.get(DASHBOARD, () => HttpResponse.json({ detail: 'database is locked' }, { status: 500 })));
    renderWithProviders(<Tile />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('capture-spine');
    expect(alert).toHaveTextContent('HTTP 500: database is locked');
    expect(alert).toHaveTextContent(/logs \(spine-dev-api\) have the traceback/);
    server.resetHandlers();
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    const region = screen.getByRole('region', { name: 'Service health' });
    expect(await within(region).findByRole('table')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps its data with a stale badge when a refresh fails', async () => {
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
