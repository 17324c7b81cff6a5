/**
 * Links from one view to another keep the range, the auto-refresh and the demo scenario (and the
 * source, where the target view has a source picker), as the navigation bar does; the view's own
 * parameters (a sort, a filter) stay behind. Over the demo mocks, from a 24 h view.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { createAlertStore } from '@/alerting/ui/alert-store';
import { AlertingContext } from '@/alerting/ui/alerting-context';
import { AlertBanner } from '@/alerting/ui/alert-banner';
import { IssuesProvider } from '@/errors/ui/issues-context';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';
import { setupMockServer } from '@/testing/msw-server';
import { createTestQueryClient, TEST_NOW, testSources } from '@/testing/render-with-providers';
import { errorsTile } from '@/tiles/errors';
import { IssuesPage } from '@/views/issues/issues-page';

setupMockServer();
const now = () => TEST_NOW;
const sources: SourceInstance[] = [...testSources, { id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki' } }];
const CARRIED = 'range=24h&refresh=1m&scenario=incident';

/** Where a link led: the path and its parameters. */
function Landed() {
  const { pathname, search } = useLocation();
  return <output aria-label="Landed on">{`${pathname}${search}`}</output>;
}

function renderAt(url: string, home: ReactNode, alerting = createAlertStore(null)) {
  const notifications = { enabled: false, permission: 'unsupported' as const, enable: async () => {}, disable: () => {} };
  render(
    <MemoryRouter initialEntries={[url]}>
      <QueryClientProvider client={createTestQueryClient()}>
        <SourcesProvider sources={sources} now={now}>
          <ConsoleSettingsContext.Provider value={{ range: { last: '24h' }, refresh: '1m', refreshMs: false, now, utc: true, basePath: '/' }}>
            <IssuesProvider>
              <AlertingContext.Provider value={{ store: alerting, notifications }}>
                <Routes>
                  <Route index element={home} />
                  <Route path="issues" element={<IssuesPage />} />
                  <Route path="issues/:issueId" element={<IssuesPage />} />
                  <Route path="logs" element={<Landed />} />
                  <Route path="alerts" element={<Landed />} />
                </Routes>
              </AlertingContext.Provider>
            </IssuesProvider>
          </ConsoleSettingsContext.Provider>
        </SourcesProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}

/** Where the last link led. */
async function landedParams(): Promise<{ pathname: string; params: URLSearchParams }> {
  const landed = await screen.findByLabelText('Landed on');
  const url = new URL(landed.textContent ?? '', 'http://console');
  return { pathname: url.pathname, params: url.searchParams };
}

describe('links between views keep the range and refresh', () => {
  it('the Errors tile opens an issue, and all issues, on its source with the range and refresh', async () => {
    renderAt(`/?${CARRIED}`, <errorsTile.Tile />);
    const tile = screen.getByRole('region', { name: 'Errors' });
    const top = await within(tile).findByRole('list', { name: 'Top issues' }, { timeout: 10_000 });
    const first = within(top).getAllByRole('link')[0]!;
    const href = new URL(first.getAttribute('href') ?? '', 'http://console');
    expect(href.pathname).toMatch(/^\/issues\/.+/);
    expect(href.search).toBe(`?${CARRIED}&source=loki`);
    expect(within(tile).getByRole('link', { name: 'all issues' })).toHaveAttribute('href', `/issues?${CARRIED}&source=loki`);

    await userEvent.click(first);
    const detail = await screen.findByRole('region', { name: 'Issue detail' }, { timeout: 10_000 });
    expect(within(screen.getByRole('region', { name: 'Issues' })).getByRole('combobox', { name: 'Source' })).toHaveValue('loki');
    expect(detail).toBeInTheDocument();
  });

  it('"Show in Logs →" keeps the range, refresh and source of the Issues view, not its sort', async () => {
    renderAt(`/issues?${CARRIED}&source=loki&sort=last`, null);
    const issues = screen.getByRole('region', { name: 'Issues' });
    const rows = await within(issues).findAllByRole('row', {}, { timeout: 10_000 });
    await userEvent.click(within(rows[1]!).getAllByRole('link')[0]!);
    const detail = await screen.findByRole('region', { name: 'Issue detail' });
    await userEvent.click(within(detail).getByRole('link', { name: 'Show in Logs →' }));

    const { pathname, params } = await landedParams();
    expect(pathname).toBe('/logs');
    expect(params.get('range')).toBe('24h');
    expect(params.get('refresh')).toBe('1m');
    expect(params.get('scenario')).toBe('incident');
    expect(params.get('source')).toBe('loki');
    expect(params.get('q')).not.toBe('');
    expect(params.get('service')).not.toBeNull();
    expect(params.has('sort')).toBe(false);
  });

  it('"Show in Logs →" keeps an absolute range', async () => {
    const from = new Date(TEST_NOW - 6 * 3_600_000).toISOString();
    const to = new Date(TEST_NOW).toISOString();
    renderAt(`/issues?${new URLSearchParams({ from, to, source: 'loki' }).toString()}`, null);
    const issues = screen.getByRole('region', { name: 'Issues' });
    const rows = await within(issues).findAllByRole('row', {}, { timeout: 10_000 });
    await userEvent.click(within(rows[1]!).getAllByRole('link')[0]!);
    const detail = await screen.findByRole('region', { name: 'Issue detail' });
    await userEvent.click(within(detail).getByRole('link', { name: 'Show in Logs →' }));

    const { params } = await landedParams();
    expect([params.get('from'), params.get('to'), params.get('range')]).toEqual([from, to, null]);
  });

  it('the alert banner\'s "View alerts" keeps the range and refresh', async () => {
    const alerting = createAlertStore(null);
    for (let i = 7; i >= 0; i--) {
      const at = TEST_NOW - i * 30_000;
      alerting.observe({ at, services: [{ id: 'spine-ollama', status: 'down', lastCheckAt: at }] }, at);
    }
    renderAt(`/?${CARRIED}`, <AlertBanner />, alerting);
    const banner = screen.getByRole('region', { name: 'Active alerts' });
    await userEvent.click(within(banner).getByRole('link', { name: 'View alerts' }));
    await waitFor(async () => expect(await landedParams()).toEqual({ pathname: '/alerts', params: new URLSearchParams(CARRIED) }));
  });
});
