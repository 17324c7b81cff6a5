import { builtInAdapters } from './registry';
import { instanceConfigOf } from './server-descriptor';
import type { SourceInstance } from './source-adapter';

/**
 * The sources the demo serves from the MSW mocks, at the same URLs the live proxy uses: what the
 * console server would configure with every URL variable set and nothing else. Here in sources/
 * because the standalone page (main.tsx), the mocks' public entry and the service's demo mode
 * all need them, and none of those may import another's layer (README "Layers").
 */
export const DEMO_SOURCES: SourceInstance[] = builtInAdapters.flatMap((adapter) => {
  const server = adapter.server;
  if (!server) return [];
  return [{ id: server.id, kind: adapter.kind, label: `${server.label} (demo)`, config: instanceConfigOf(server, {}, () => undefined) }];
});
