import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { DemoBanner } from '@/app/demo-banner';
import { createQueryClient } from '@/app/create-query-client';
import { loadRuntimeConfig } from '@/app/runtime-config';
import { SpineConsole } from '@/app/spine-console';
import { DEMO_SOURCES } from '@/sources/demo-sources';
import { isSourceError } from '@/sources/source-error';

/**
 * Standalone entry: read the server's runtime config; with no source configured, run on mocks.
 * When the runtime config says the console service runs here (`npm start`), the console is its
 * client; static hosting, `vite dev` and `vite preview` have none, and the console watches in this tab.
 */
async function boot() {
  // The console server marks demo mode in the page, so the mocks load while the config is fetched.
  const hinted = document.querySelector('meta[name="spine-console-mode"]')?.getAttribute('content');
  const early = hinted === 'demo' ? import('@mocks/browser') : null;
  early?.catch(() => undefined);
  // The runtime config says whether the console service runs here (no probe: a 404 is a console error).
  const { config, problem } = await loadRuntimeConfig();
  const problems = [...config.problems, ...(problem ? [problem] : [])];
  let sources = config.sources;
  let banner: ReactNode = null;
  if (config.mode === 'demo') {
    sources = DEMO_SOURCES;
    try {
      // The only place src/ touches mocks/: a dynamic import, so live builds never load it.
      const { startMocks, SCENARIOS } = await (early ?? import('@mocks/browser'));
      // The service's watcher reads the same simulated story in Node: anchor the page's at the same moment.
      const anchor = config.service?.demoAnchorMs;
      // Without a `?scenario=` the page tells the story the service watches (the banner pushes one given).
      const search = new URLSearchParams(window.location.search);
      const watched = config.service?.demoScenario;
      if (watched && !search.has('scenario')) search.set('scenario', watched);
      const { controller } = await startMocks({ search: `?${search}`, ...(anchor !== undefined ? { anchorMs: anchor } : {}) });
      const scenarios = Object.entries(SCENARIOS).map(([name, def]) => ({ name, label: def.label }));
      banner = (
        <DemoBanner
          scenarios={scenarios}
          current={controller.current()}
          onScenarioChange={(name) => controller.set(name as Parameters<typeof controller.set>[0])}
          problems={problems}
        />
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      problems.push(`The demo mocks could not start (${why}); tiles will show errors until a source is configured.`);
      banner = <DemoBanner scenarios={[]} current="" onScenarioChange={() => undefined} problems={problems} />;
    }
  }
  const queryClient = createQueryClient();
  if (config.mode === 'demo') {
    // Read-only figures for the long-run bench (scripts/bench/long-run.ts); demo mode only.
    Object.defineProperty(window, '__spineConsoleDemo', {
      value: Object.freeze({
        queryCache: () => {
          const queries = queryClient.getQueryCache().getAll();
          return { queries: queries.length, observed: queries.filter((q) => q.getObserversCount() > 0).length, mutations: queryClient.getMutationCache().getAll().length };
        },
      }),
    });
  }
  document.title = 'Spine Console';
  // A SourceError caught by a tile boundary is an operational state the tile shows; only log real bugs.
  const root = createRoot(document.getElementById('root')!, {
    onCaughtError: (error, info) => {
      if (!isSourceError(error)) console.error(error, info.componentStack);
    },
  });
  root.render(
    <StrictMode>
      <BrowserRouter>
        <Routes>
          <Route path="/*" element={<SpineConsole sources={sources} banner={banner} queryClient={queryClient} {...(config.service ? { service: { baseUrl: '' } } : {})} />} />
        </Routes>
      </BrowserRouter>
    </StrictMode>,
  );
}

void boot();
