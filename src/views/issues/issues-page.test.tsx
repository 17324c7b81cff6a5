/** The Issues view's links: an issue is found by its id, and by an id it had before (its aliases). */
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { sampleErrorIssues } from '@/errors/sample-issues';
import { IssuesProvider } from '@/errors/ui/issues-context';
import { createGroupingClient } from '@/errors/worker';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import { resolveRange } from '@/lib/time-range';
import { resolveSource, supports } from '@/sources/registry';
import { SourcesProvider } from '@/sources/sources-context';
import { setupMockServer } from '@/testing/msw-server';
import type { SourceInstance } from '@/sources/source-adapter';
import { createTestQueryClient, TEST_NOW } from '@/testing/render-with-providers';
import { IssuesPage } from './issues-page';

setupMockServer();
const now = () => TEST_NOW;
// Loki's story carries Python tracebacks, one entry per line (capture-spine's own log API has none).
const testSources: SourceInstance[] = [{ id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki' } }];

function renderIssues(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <QueryClientProvider client={createTestQueryClient()}>
        <SourcesProvider sources={testSources} now={now}>
          <ConsoleSettingsContext.Provider value={{ range: { last: '24h' }, refresh: 'off', refreshMs: false, now, utc: true, basePath: '/' }}>
            <IssuesProvider>
              <Routes>
                <Route path="issues/:issueId" element={<IssuesPage />} />
              </Routes>
            </IssuesProvider>
          </ConsoleSettingsContext.Provider>
        </SourcesProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}

describe('Issues view links', () => {
  it('opens an issue from a link naming an id it had before (an old stack id)', async () => {
    // The issues the page will group, grouped here the same way, to learn an old id of one of them.
    const r = resolveSource(testSources[0]!, { fetch: (i, init) => fetch(i, init), now });
    if (!r.ok || !supports(r.source.adapter, 'logs')) throw new Error('the test source has no logs');
    const source = r.source as Parameters<typeof sampleErrorIssues>[0];
    const { groups } = await sampleErrorIssues(source, resolveRange({ last: '24h' }, TEST_NOW), createGroupingClient(null), { signal: new AbortController().signal });
    const renamed = groups.find((g) => (g.aliases ?? []).some((a) => a !== g.id));
    expect(renamed, 'the demo story has an exception whose issue id changed').toBeDefined();
    const oldId = renamed!.aliases!.find((a) => a !== renamed!.id)!;

    renderIssues(`/issues/${oldId}?range=24h&status=all`);
    const detail = await screen.findByRole('region', { name: 'Issue detail' }, { timeout: 15_000 });
    expect(within(detail).getByRole('heading', { level: 3 })).toHaveTextContent(renamed!.title);
  }, 30_000);
});
