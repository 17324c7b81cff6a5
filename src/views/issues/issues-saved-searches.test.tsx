/** The Issues view's saved searches (in-browser mode; the service path is the Logs view's test). */
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { IssuesProvider } from '@/errors/ui/issues-context';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import { SAVED_VIEWS_KEY } from '@/service/browser-saved-views';
import { SourcesProvider } from '@/sources/sources-context';
import { setupMockServer } from '@/testing/msw-server';
import { createTestQueryClient, TEST_NOW, testSources } from '@/testing/render-with-providers';
import { IssuesPage } from './issues-page';

setupMockServer();
const now = () => TEST_NOW;

function Where() {
  const { pathname, search } = useLocation();
  return <output aria-label="Location">{`${pathname}${search}`}</output>;
}

function renderIssues(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <QueryClientProvider client={createTestQueryClient()}>
        <SourcesProvider sources={testSources} now={now}>
          <ConsoleSettingsContext.Provider value={{ range: { last: '24h' }, refresh: 'off', refreshMs: false, now, utc: true, basePath: '/' }}>
            <IssuesProvider>
              <Routes>
                <Route path="issues" element={<IssuesPage />} />
                <Route path="issues/:issueId" element={<IssuesPage />} />
              </Routes>
              <Where />
            </IssuesProvider>
          </ConsoleSettingsContext.Provider>
        </SourcesProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}

beforeEach(() => localStorage.clear());

describe('Issues saved searches', () => {
  it('saves the filters and sort (not the open issue or the range) and opens them again', async () => {
    renderIssues('/issues/i_abc?range=24h&status=all&q=Ollama&sort=last');
    const issues = screen.getByRole('region', { name: 'Issues' });
    await userEvent.click(within(issues).getByRole('button', { name: 'Save search' }));
    await userEvent.type(within(issues).getByRole('textbox', { name: 'Name' }), 'Ollama, all states{Enter}');
    await waitFor(() => expect(JSON.parse(localStorage.getItem(SAVED_VIEWS_KEY)!).views).toEqual([expect.objectContaining({ view: 'issues', name: 'Ollama, all states', query: 'q=Ollama&sort=last&status=all' })]));

    const filter = within(issues).getByRole('searchbox', { name: 'Filter issues' });
    await userEvent.clear(filter);
    await userEvent.type(filter, 'other');
    await userEvent.click(within(issues).getByRole('button', { name: 'Saved searches' }));
    const list = within(issues).getByRole('dialog', { name: 'Saved searches' });
    expect(within(list).getByText(/^Saved in this browser only/)).toBeInTheDocument();
    await userEvent.click(within(list).getByRole('button', { name: 'Ollama, all states' }));
    expect(screen.getByRole('status', { name: 'Location' })).toHaveTextContent(/^\/issues\?range=24h&q=Ollama&sort=last&status=all$/);
    // The filter field is uncontrolled: opening a search must still show its text.
    expect(within(issues).getByRole('searchbox', { name: 'Filter issues' })).toHaveValue('Ollama');
    expect(within(issues).getByRole('combobox', { name: 'State' })).toHaveValue('all');
  });
});
