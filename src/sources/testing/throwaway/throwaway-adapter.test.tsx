/**
 * Adding a source kind is one adapter folder and one registry line (src/sources/README.md). This
 * test-only kind, registered that way (registry.ts), shows up where a real kind does: in the
 * runtime config the page parses, in the Sources view and in the Logs view's source picker. The
 * console server's side is server/throwaway-adapter.test.ts.
 */
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { runtimeConfigSchema, runtimeConfigSchemaFor } from '@/app/runtime-config';
import { SpineConsole } from '@/app/spine-console';
import { setupMockServer } from '@/testing/msw-server';
import { TEST_NOW } from '@/testing/render-with-providers';
import { throwawayHandlers } from './mock-handlers';
import { THROWAWAY_RUNTIME_CONFIG, throwawayRegistry } from './registry';

const { server } = setupMockServer();
beforeEach(() => server.use(...throwawayHandlers()));

/** The console as the standalone app mounts it, on the runtime config the server sends. */
function renderConsoleAt(path: string) {
  const runtime = runtimeConfigSchemaFor(throwawayRegistry).parse(THROWAWAY_RUNTIME_CONFIG);
  // The page's origin: the sources' base URLs are same-origin proxy paths.
  const pageFetch: typeof fetch = (input, init) => globalThis.fetch(new URL(String(input), 'http://localhost'), init);
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/*" element={<SpineConsole sources={runtime.sources} adapters={throwawayRegistry} fetch={pageFetch} now={() => TEST_NOW} theme="light" />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('a throwaway adapter in the console', () => {
  it('is a kind the page accepts once the adapter is registered, and only then', () => {
    expect(runtimeConfigSchemaFor(throwawayRegistry).safeParse(THROWAWAY_RUNTIME_CONFIG).success).toBe(true);
    expect(runtimeConfigSchema.safeParse(THROWAWAY_RUNTIME_CONFIG).success).toBe(false);
  });

  it('is listed in the Sources view with its connection test and what it provides', async () => {
    renderConsoleAt('/sources');
    const region = await screen.findByRole('region', { name: 'Sources' }, { timeout: 5_000 });
    const row = within(region).getByRole('rowheader', { name: /Throwaway logs/ }).closest('tr')!;
    expect(within(row).getByText('Throwaway (test adapter)')).toBeInTheDocument();
    expect(await within(row).findByText('Reachable, throwaway 0.0.1', {}, { timeout: 5_000 })).toBeInTheDocument();
    const provides = within(row).getByRole('list', { name: 'Throwaway logs provides' });
    expect(within(provides).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['logs']);
  });

  it("is in the Logs view's source picker", async () => {
    renderConsoleAt('/logs?source=throwaway');
    const region = await screen.findByRole('region', { name: 'Logs' }, { timeout: 5_000 });
    const picker = within(region).getByRole('combobox', { name: 'Source' });
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['capture-spine', 'Throwaway logs']);
    expect(picker).toHaveValue('throwaway');
  });
});
