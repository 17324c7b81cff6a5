// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { consoleKeys, isRefreshedByNewer, refreshConsole } from './console-keys';

const params = { params: {}, limit: 1000, range: { last: '1h' } };

describe('refreshConsole', () => {
  it('invalidates every console query but loaded pages, whose newer-lines query it invalidates instead', async () => {
    const client = new QueryClient();
    const keys = {
      pages: consoleKeys.pages('loki', 'logs', params),
      newer: consoleKeys.newer('loki', 'logs', params),
      otherPages: consoleKeys.pages('es', 'logs', params),
      // The error pipeline pages inside its own queryFn: refreshed as any query is.
      issues: consoleKeys.query('loki', 'errorIssues', { range: { last: '1h' } }),
      tile: consoleKeys.query('capture-spine', 'feedStatus', { range: { last: '1h' } }),
      host: [{ scope: 'host-app' }],
    };
    client.setQueryData(keys.pages, { pages: [], pageParams: [] });
    client.setQueryData(keys.newer, { added: 0, restarted: false });
    client.setQueryData(keys.issues, {});
    client.setQueryData(keys.tile, {});
    client.setQueryData(keys.host, {});
    // Pages with no data yet (a first page that failed): one page to fetch, so refreshed.
    client.getQueryCache().build(client, { queryKey: keys.otherPages });

    await refreshConsole(client);
    const invalidated = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(invalidated(keys.pages)).toBe(false);
    expect(invalidated(keys.newer)).toBe(true);
    expect(invalidated(keys.otherPages)).toBe(true);
    expect(invalidated(keys.issues)).toBe(true);
    expect(invalidated(keys.tile)).toBe(true);
    expect(invalidated(keys.host)).toBe(false);
  });

  it('marks only pages with data as refreshed by their newer query', () => {
    const state = (data: unknown) => ({ data }) as Parameters<typeof isRefreshedByNewer>[0]['state'];
    expect(isRefreshedByNewer({ queryKey: consoleKeys.pages('loki', 'logs', params), state: state({ pages: [] }) })).toBe(true);
    expect(isRefreshedByNewer({ queryKey: consoleKeys.pages('loki', 'logs', params), state: state(undefined) })).toBe(false);
    expect(isRefreshedByNewer({ queryKey: consoleKeys.newer('loki', 'logs', params), state: state({}) })).toBe(false);
    expect(isRefreshedByNewer({ queryKey: consoleKeys.query('loki', 'logs', params), state: state({}) })).toBe(false);
  });
});
