import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import type { ConsoleSettings } from '@/lib/console-settings';
import type { AdapterRegistry } from '@/sources/registry';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';

/** The fixed "now" of component tests; the node mocks are anchored at the same moment. */
export const TEST_NOW = Date.parse('2026-11-28T10:00:00.000Z');

export const testSources: SourceInstance[] = [
  { id: 'capture-spine', kind: 'capture-spine', label: 'capture-spine (test)', config: { baseUrl: 'http://localhost/proxy/capture-spine' } },
];

/** A fresh client per test: no retries, no polling, nothing shared between tests. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity, refetchOnWindowFocus: false } } });
}

export function renderWithProviders(
  ui: ReactElement,
  {
    sources = testSources,
    adapters,
    queryClient = createTestQueryClient(),
    settings = {},
  }: { sources?: SourceInstance<string>[]; adapters?: AdapterRegistry; queryClient?: QueryClient; settings?: Partial<ConsoleSettings> } = {},
) {
  const value: ConsoleSettings = { range: { last: '1h' }, refresh: 'off', refreshMs: false, now: () => TEST_NOW, utc: false, ...settings };
  const result = render(
    <MemoryRouter>
      <QueryClientProvider client={queryClient}>
        <SourcesProvider sources={sources} adapters={adapters} now={value.now}>
          <ConsoleSettingsContext.Provider value={value}>{ui}</ConsoleSettingsContext.Provider>
        </SourcesProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
  return { ...result, queryClient };
}
