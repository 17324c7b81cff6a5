/**
 * The Logs view's saved searches, through the whole page: with a console service behind it (the
 * in-memory one of src/service/testing) and without one (this browser's localStorage).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, useLocation } from 'react-router';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import type { ConsoleSettings } from '@/lib/console-settings';
import { SAVED_VIEWS_KEY } from '@/service/browser-saved-views';
import { createServiceConnection, READ_ONLY_REASON } from '@/service/service-connection';
import { ServiceConnectionContext } from '@/service/service-context';
import { createServiceApi, SERVICE_BASE, savedView } from '@/service/testing/service-fixtures';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';
import { setupMockServer } from '@/testing/msw-server';
import { createTestQueryClient, TEST_NOW } from '@/testing/render-with-providers';
import { LogsPage } from './logs-page';

const { server } = setupMockServer();
const spine: SourceInstance[] = [{ id: 'spine', kind: 'capture-spine', label: 'capture-spine (test)', config: { baseUrl: 'http://localhost/proxy/capture-spine' } }];

function serveAlerts() {
  const alerts = ['Connection refused to db-1', 'Queue depth 120 above threshold 100'].map((message, i) => ({
    timestamp: new Date(TEST_NOW - 10_000 * (i + 1)).toISOString(),
    level: 'ERROR',
    service: 'capture-spine-api',
    logger: 'app',
    message,
    exception: null,
  }));
  server.use(http.get('*/proxy/capture-spine/api/v1/monitoring/alerts', () => HttpResponse.json({ alerts, total_count: alerts.length, time_range_minutes: 60, has_critical: false, has_errors: true })));
}

function Where() {
  const { pathname, search } = useLocation();
  return <output aria-label="Location">{`${pathname}${search}`}</output>;
}

function renderLogs(url: string, { service }: { service?: ReturnType<typeof createServiceApi> } = {}) {
  const settings: ConsoleSettings = { range: { last: '1h' }, refresh: 'off', refreshMs: false, now: () => TEST_NOW, utc: true, basePath: '/' };
  const queryClient = createTestQueryClient();
  if (service) server.use(...service.handlers);
  const connection = service ? createServiceConnection({ baseUrl: SERVICE_BASE, queryClient }) : undefined;
  render(
    <MemoryRouter initialEntries={[url]}>
      <QueryClientProvider client={queryClient}>
        <ServiceConnectionContext.Provider value={connection}>
          <SourcesProvider sources={spine} now={settings.now}>
            <ConsoleSettingsContext.Provider value={settings}>
              <LogsPage />
              <Where />
            </ConsoleSettingsContext.Provider>
          </SourcesProvider>
        </ServiceConnectionContext.Provider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
  return { connection };
}

const location = () => screen.getByRole('status', { name: 'Location' }).textContent;
const logs = () => screen.getByRole('region', { name: 'Logs' });
const openList = async () => {
  await userEvent.click(within(logs()).getByRole('button', { name: 'Saved searches' }));
  return within(logs()).getByRole('dialog', { name: 'Saved searches' });
};
const saveAs = async (name: string) => {
  await userEvent.click(within(logs()).getByRole('button', { name: 'Save search' }));
  const dialog = within(logs()).getByRole('dialog', { name: 'Save search' });
  await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), `${name}{Enter}`);
  return dialog;
};

beforeAll(() => {
  // jsdom has no Element.scrollTo; the log list calls it.
  if (!Element.prototype.scrollTo) Element.prototype.scrollTo = () => {};
});
beforeEach(() => {
  localStorage.clear();
  serveAlerts();
});

describe('Logs saved searches, with the console service', () => {
  it("saves the search's parameters only (no line, live tail or range) and shows who saved it", async () => {
    const service = createServiceApi({ actor: 'alice' });
    renderLogs('/logs?range=24h&refresh=1m&q=refused&level=error&line=l-1&live=1&limit=500&tz=utc', { service });
    await saveAs('Timeouts');
    expect(await within(logs()).findByText('Saved “Timeouts”.')).toBeInTheDocument();
    await waitFor(() => expect(service.state.savedViews).toHaveLength(1));
    expect(service.state.savedViews[0]).toMatchObject({ view: 'logs', name: 'Timeouts', query: 'q=refused&level=error&limit=500&tz=utc', createdBy: 'alice' });
    const list = await openList();
    const open = await within(list).findByRole('button', { name: 'Timeouts' });
    expect(open).toHaveAccessibleDescription('saved just now by alice · shown now');
    expect(within(list).queryByText(/in this browser only/)).toBeNull();
  });

  it('opens a saved search over the current range, dropping the selected line', async () => {
    const service = createServiceApi({ savedViews: [savedView({ name: 'Refused', query: 'q=refused&level=error', createdBy: 'bob' })] });
    renderLogs('/logs?range=6h&q=other&line=l-9', { service });
    const list = await openList();
    await userEvent.click(await within(list).findByRole('button', { name: 'Refused' }));
    expect(location()).toBe('/logs?range=6h&q=refused&level=error');
    expect(await within(logs()).findByRole('searchbox', { name: 'Search logs' })).toHaveValue('refused');
    expect(within(logs()).getByRole('button', { name: 'error' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('asks before replacing a name, then replaces it for everyone', async () => {
    const service = createServiceApi({ savedViews: [savedView({ id: 'sv-1', name: 'Refused', query: 'q=old' })] });
    renderLogs('/logs?q=new', { service });
    await openList();
    await within(logs()).findByRole('button', { name: 'Refused' });
    const dialog = await saveAs('Refused');
    const confirm = within(dialog).getByRole('group', { name: 'Replace saved search' });
    expect(confirm).toHaveTextContent('by alice');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Replace' }));
    await waitFor(() => expect(service.state.savedViews).toEqual([expect.objectContaining({ id: 'sv-1', name: 'Refused', query: 'q=new' })]));
  });

  it('deletes after a confirmation', async () => {
    const service = createServiceApi({ savedViews: [savedView({ id: 'sv-1', name: 'Refused' }), savedView({ id: 'sv-2', name: 'Other' })] });
    renderLogs('/logs', { service });
    const list = await openList();
    await userEvent.click(await within(list).findByRole('button', { name: 'Delete Refused' }));
    await userEvent.click(within(within(list).getByRole('group', { name: 'Delete Refused?' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(service.state.savedViews.map((v) => v.id)).toEqual(['sv-2']));
    await waitFor(() => expect(within(list).queryByRole('button', { name: 'Refused' })).toBeNull());
  });

  it("lists only this view's searches", async () => {
    const service = createServiceApi({ savedViews: [savedView({ id: 'sv-1', name: 'Refused' }), savedView({ id: 'sv-2', view: 'issues', name: 'New issues' })] });
    renderLogs('/logs', { service });
    const list = await openList();
    expect(await within(list).findByRole('button', { name: 'Refused' })).toBeInTheDocument();
    expect(within(list).queryByRole('button', { name: 'New issues' })).toBeNull();
  });

  it('opens a garbage query without breaking the view', async () => {
    const service = createServiceApi({ savedViews: [savedView({ name: 'Broken', query: '%%%E0%A4%A&&==&limit=lots&level=nope&field=%ZZ&source=missing&panel=<script>' })] });
    renderLogs('/logs', { service });
    const list = await openList();
    await userEvent.click(await within(list).findByRole('button', { name: 'Broken' }));
    // The unknown source falls back to the first, the bad level and limit to their defaults.
    expect(await within(logs()).findByText('2 lines')).toBeInTheDocument();
    expect(within(logs()).getByRole('combobox', { name: 'Source' })).toHaveValue('spine');
    expect(within(logs()).getByRole('combobox', { name: 'Line limit' })).toHaveValue('1000');
  });

  it('while the service cannot reach its database: says why and does not save', async () => {
    const service = createServiceApi({ savedViews: [savedView({ name: 'Refused' })] });
    service.state.storeDown = 'connect ECONNREFUSED 127.0.0.1:5432';
    renderLogs('/logs', { service });
    const list = await openList();
    expect(await within(list).findByRole('alert')).toHaveTextContent('Saved searches unavailable');
    expect(within(list).getByRole('note')).toHaveTextContent(READ_ONLY_REASON);
    await userEvent.click(within(logs()).getByRole('button', { name: 'Save search' }));
    const dialog = within(logs()).getByRole('dialog', { name: 'Save search' });
    expect(within(dialog).getByRole('note')).toHaveTextContent(READ_ONLY_REASON);
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(service.state.writes).toEqual([]);
  });

  it('says what the service answered when a save fails', async () => {
    const service = createServiceApi();
    renderLogs('/logs?q=x', { service });
    // The per-test override comes first: install it after the service's handlers.
    server.use(http.post(`${SERVICE_BASE}/api/saved-views`, () => HttpResponse.json({ error: 'internal', message: 'The console service failed on this request; its log has the details.' }, { status: 500 })));
    const dialog = await saveAs('Mine');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/^Not saved: .*failed on this request/);
  });
});

describe('Logs saved searches, without the console service', () => {
  it('keeps them in localStorage, says so, and opens them', async () => {
    renderLogs('/logs?range=24h&q=refused&line=l-1');
    await userEvent.click(within(logs()).getByRole('button', { name: 'Save search' }));
    const dialog = within(logs()).getByRole('dialog', { name: 'Save search' });
    expect(within(dialog).getByText(/^Saved in this browser only/)).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Mine{Enter}');
    await waitFor(() => expect(JSON.parse(localStorage.getItem(SAVED_VIEWS_KEY)!)).toEqual({ views: [expect.objectContaining({ view: 'logs', name: 'Mine', query: 'q=refused', createdBy: null })] }));
    const list = await openList();
    expect(within(list).getByText(/^Saved in this browser only/)).toBeInTheDocument();
    await userEvent.click(within(list).getByRole('button', { name: 'Mine' }));
    expect(location()).toBe('/logs?range=24h&q=refused');
  });

  it('drops corrupt storage with a note, and the next save replaces it', async () => {
    localStorage.setItem(SAVED_VIEWS_KEY, '{"views": [{"id": 1}, "nonsense"]');
    renderLogs('/logs?q=refused');
    let list = await openList();
    expect(within(list).getByRole('status')).toHaveTextContent('could not be read (not JSON) and are ignored');
    expect(within(list).getByText(/No saved searches yet/)).toBeInTheDocument();
    await saveAs('Fresh');
    list = await openList();
    expect(within(list).queryByText(/could not be read/)).toBeNull();
    expect(within(list).getByRole('button', { name: 'Fresh' })).toBeInTheDocument();
  });
});
