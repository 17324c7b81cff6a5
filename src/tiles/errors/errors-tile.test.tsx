import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { IssuesProvider } from '@/errors/ui/issues-context';
import { renderWithProviders } from '@/testing/render-with-providers';
import { setupMockServer } from '@/testing/msw-server';
import { errorsTile } from './index';

const { server } = setupMockServer();
const ALERTS = '*/proxy/capture-spine/api/v1/monitoring/alerts';

/** capture-spine's monitoring-alerts shape (docs/capture-spine-api.md), inside the last hour of TEST_NOW (10:00Z). */
const alert = (minute: number, level: string, message: string, exception: string | null = null) => ({
  timestamp: `2026-11-28T09:${String(minute).padStart(2, '0')}:00.000Z`,
  level,
  service: 'billing',
  logger: 'billing.jobs',
  message,
  exception,
});
const ALERT_LINES = [
  alert(50, 'ERROR', 'Invoice 1001 failed', 'TimeoutError: upstream took 30 s'),
  alert(52, 'ERROR', 'Invoice 1002 failed', 'TimeoutError: upstream took 31 s'),
  alert(55, 'ERROR', 'Invoice 1003 failed', 'TimeoutError: upstream took 29 s'),
  alert(58, 'WARNING', 'Disk 91% full on /var/lib/billing'),
];
const useAlerts = (alerts: ReturnType<typeof alert>[]) =>
  server.use(http.get(ALERTS, () => HttpResponse.json({ alerts, total_count: alerts.length, time_range_minutes: 60, has_critical: false, has_errors: alerts.length > 0 })));

const renderTile = (options?: Parameters<typeof renderWithProviders>[1]) =>
  renderWithProviders(
    <IssuesProvider>
      <errorsTile.Tile />
    </IssuesProvider>,
    options,
  );
const region = () => screen.getByRole('region', { name: 'Errors' });

describe('Errors tile', () => {
  it('shows a skeleton while the lines load', () => {
    server.use(http.get(ALERTS, () => delay('infinite')));
    renderTile();
    expect(within(region()).getByRole('status', { name: 'Loading error issues' })).toBeInTheDocument();
  });

  it('groups the lines into issues, the largest first, each linking to its detail', async () => {
    useAlerts(ALERT_LINES);
    renderTile();
    const top = await within(region()).findByRole('list', { name: 'Top issues' }, { timeout: 10_000 });
    const items = within(top).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    // Titled by the message template, the invoice number a variable; every issue is new to this browser.
    expect(within(items[0]!).getByRole('link')).toHaveTextContent('Invoice <*> failed');
    expect(items[0]).toHaveTextContent(/new\s*billing.*3$/);
    expect(items[1]).toHaveTextContent(/Disk .*full.*1$/);
    expect(within(items[0]!).getByRole('link').getAttribute('href')).toMatch(/^\/issues\/[^/?]+\?source=capture-spine$/);
    expect(within(region()).getByText(/2 issues from 4 lines/)).toBeInTheDocument();
    expect(within(region()).getByRole('link', { name: 'all issues' })).toHaveAttribute('href', '/issues?source=capture-spine');
  });

  it('says so when the range has no error lines', async () => {
    useAlerts([]);
    renderTile();
    expect(await within(region()).findByText('No open error issues in this range', {}, { timeout: 10_000 })).toBeInTheDocument();
  });

  it('shows the error with the source, a hint and Retry when the lines cannot be read', async () => {
    server.use(http.get(ALERTS, () => HttpResponse.json({ detail: 'database is locked' }, { status: 500 })));
    renderTile();
    // The boundary's fallback is a new region: query the screen, not the region first rendered.
    const shown = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(shown).toHaveTextContent('capture-spine (test): /api/v1/monitoring/alerts answered HTTP 500: database is locked');
    expect(shown).toHaveTextContent(/logs \(spine-dev-api\) have the traceback/);
    expect(within(shown).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('recovers on Retry once the source answers again', async () => {
    let fail = true;
    server.use(http.get(ALERTS, () => (fail ? HttpResponse.json({ detail: 'database is locked' }, { status: 500 }) : HttpResponse.json({ alerts: ALERT_LINES, total_count: 4, time_range_minutes: 60, has_critical: false, has_errors: true }))));
    renderTile();
    const shown = await screen.findByRole('alert', {}, { timeout: 10_000 });
    fail = false;
    await userEvent.click(within(shown).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Errors' })).toHaveTextContent('2 issues from 4 lines'), { timeout: 10_000 });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows a configuration state when no source provides logs', () => {
    renderTile({ sources: [] });
    expect(within(region()).getByText('No source provides error logs')).toBeInTheDocument();
  });
});
