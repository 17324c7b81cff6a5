/**
 * The demo banner's scenario picker: on its own it switches this page's mocks; with the console
 * service it switches the service's watcher too, and follows a switch made in another page.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { createServiceApi, SERVICE_BASE, serviceStatus } from '@/service/testing/service-fixtures';
import { setupMockServer } from '@/testing/msw-server';
import { createTestQueryClient, TEST_NOW, testSources } from '@/testing/render-with-providers';
import { DemoBanner } from './demo-banner';
import { SpineConsole } from './spine-console';

const { server } = setupMockServer();
const pageFetch: typeof fetch = (input, init) => globalThis.fetch(new URL(String(input), SERVICE_BASE), init);
const SCENARIOS = [
  { name: 'incident', label: 'Incident (default)' },
  { name: 'healthy', label: 'Healthy' },
  { name: 'empty', label: 'Empty (nothing configured)' },
];

/** The service's demo story, switchable by PUT /api/demo/scenario as the real one is. */
function demoService(initial: string) {
  const api = createServiceApi({ status: serviceStatus({ mode: 'demo', demoScenario: initial }) });
  const puts: string[] = [];
  server.use(
    http.put(`${SERVICE_BASE}/api/demo/scenario`, async ({ request }) => {
      const { scenario } = (await request.json()) as { scenario: string };
      puts.push(scenario);
      api.state.status = { ...api.state.status, demoScenario: scenario };
      return HttpResponse.json({ scenario });
    }),
    ...api.handlers,
  );
  return { api, puts };
}

function renderConsole(path: string, { service }: { service: boolean }) {
  const onScenarioChange = vi.fn();
  const queryClient = createTestQueryClient();
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route
          path="/*"
          element={
            <SpineConsole
              sources={testSources}
              fetch={pageFetch}
              now={() => TEST_NOW}
              theme="light"
              queryClient={queryClient}
              banner={<DemoBanner scenarios={SCENARIOS} current="incident" onScenarioChange={onScenarioChange} problems={[]} />}
              {...(service ? { service: { baseUrl: '' } } : {})}
            />
          }
        />
      </Routes>
    </MemoryRouter>,
  );
  return { onScenarioChange, queryClient };
}

const picker = () => screen.findByRole('combobox', { name: 'Demo scenario' });

describe('the demo scenario picker', () => {
  it('without the service, switches this page only', async () => {
    const { onScenarioChange } = renderConsole('/alerts?refresh=off', { service: false });
    await userEvent.selectOptions(await picker(), 'Healthy');
    expect(onScenarioChange).toHaveBeenCalledWith('healthy');
    expect(await picker()).toHaveValue('healthy');
    expect(screen.queryByText(/switching it switches it for everyone/)).toBeNull();
  });

  it("with the service, switches the service's watcher too", async () => {
    const { puts } = demoService('incident');
    const { onScenarioChange } = renderConsole('/alerts?refresh=off', { service: true });
    expect(await screen.findByText(/switching it switches it for everyone/)).toBeInTheDocument();
    await userEvent.selectOptions(await picker(), 'Healthy');
    expect(onScenarioChange).toHaveBeenCalledWith('healthy');
    await waitFor(() => expect(puts).toEqual(['healthy']));
  });

  it('follows a switch made in another page', async () => {
    const { api, puts } = demoService('incident');
    const { onScenarioChange, queryClient } = renderConsole('/alerts?refresh=off', { service: true });
    await screen.findByText(/switching it switches it for everyone/);
    api.state.status = { ...api.state.status, demoScenario: 'empty' };
    // The change stream would announce it; here the status is simply read again.
    await queryClient.invalidateQueries();
    await waitFor(() => expect(onScenarioChange).toHaveBeenCalledWith('empty'));
    await waitFor(async () => expect(await picker()).toHaveValue('empty'));
    expect(puts).toEqual([]);
  });

  it("pushes a link's ?scenario= to the service when the page opens", async () => {
    const { puts } = demoService('incident');
    renderConsole('/alerts?refresh=off&scenario=healthy', { service: true });
    await waitFor(() => expect(puts).toEqual(['healthy']));
    expect(await picker()).toHaveValue('healthy');
  });

  it('ignores a scenario the page does not know (a newer service)', async () => {
    const { puts } = demoService('from-the-future');
    const { onScenarioChange } = renderConsole('/alerts?refresh=off', { service: true });
    await screen.findByText(/switching it switches it for everyone/);
    await new Promise((r) => setTimeout(r, 200));
    expect(onScenarioChange).not.toHaveBeenCalled();
    expect(await picker()).toHaveValue('incident');
    expect(puts).toEqual([]);
  });
});
