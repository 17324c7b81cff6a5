import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import { Route, Routes, useLocation, useParams } from 'react-router';
import { isSourceError } from '@/sources/source-error';
import { ConsoleSettingsContext } from '@/lib/console-settings';
import type { ConsoleSettings } from '@/lib/console-settings';
import type { builtInAdapters } from '@/sources/registry';
import type { AdapterRegistry } from '@/sources/registry';
import type { SourceInstance } from '@/sources/source-adapter';
import { SourcesProvider } from '@/sources/sources-context';
import { DashboardPage } from '@/views/dashboard/dashboard-page';
import { IssuesProvider } from '@/errors/ui/issues-context';
import { AlertingProvider } from '@/alerting/ui/alerting-context';
import { createServiceConnection } from '@/service/service-connection';
import type { ServiceConnection } from '@/service/service-connection';
import { ServiceConnectionContext } from '@/service/service-context';
import { ConsoleLayout } from './console-layout';
import { applyConsoleQueryDefaults, createQueryClient } from './create-query-client';
import { ServiceBanner } from './service/service-banner';
import { useUrlSettings } from './use-url-settings';
import '@/styles/console.css';

export type ConsoleTheme = 'light' | 'dark' | 'system';

export interface SpineConsoleProps<R extends AdapterRegistry = typeof builtInAdapters> {
  /** The data sources, as the standalone app reads them from its runtime config. */
  sources: SourceInstance<R[number]['kind']>[];
  /** The adapters the sources' kinds name: the built-in ones unless given (a test's own adapter, say). */
  adapters?: R;
  /** The host's QueryClient; the console keeps its own key scope inside it. */
  queryClient?: QueryClient;
  /** The host's (authenticated) fetch. */
  fetch?: typeof fetch;
  /** `system` follows the OS; when absent the console remembers the user's choice. */
  theme?: ConsoleTheme;
  /** Called when a source answers 401; the host decides what to do. */
  onUnauthorized?: (info: { url: string; status: number }) => void;
  /** Shown above the header (the standalone app's demo banner). */
  banner?: ReactNode;
  /**
   * The console service (`npm start`), when it runs: `baseUrl` is where its /api/ is ('' for
   * this page's origin, or the prefix a host proxies it under). With it, alerts are evaluated by
   * the service all the time and incidents, rules, windows and issue states are shared by
   * everyone; without it, this tab evaluates the rules while it is open and keeps them in
   * localStorage.
   */
  service?: { baseUrl: string };
  /** The clock; tests may pass a frozen one. */
  now?: () => number;
}

const THEME_KEY = 'spine-console.theme';

// Views other than the dashboard load on demand, so the first paint needs only the dashboard's code.
const LogsPage = lazy(() => import('@/views/logs/logs-page').then((m) => ({ default: m.LogsPage })));
const IssuesPage = lazy(() => import('@/views/issues/issues-page').then((m) => ({ default: m.IssuesPage })));
const AlertsPage = lazy(() => import('@/views/alerts/alerts-page').then((m) => ({ default: m.AlertsPage })));
const SourcesPage = lazy(() => import('@/views/sources/sources-page').then((m) => ({ default: m.SourcesPage })));

/** Every view loads lazily and has its own boundary: a crashing view never blanks the console. */
function Lazy({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary
      fallbackRender={({ error, resetErrorBoundary }) => (
        <div role="alert" className="flex flex-col gap-2 rounded-lg border border-crit/40 bg-crit/8 p-4">
          <p className="font-medium text-crit">This view failed: {error instanceof Error ? error.message : String(error)}</p>
          <p className="text-sm">{isSourceError(error) ? error.hint : 'Retry; if it keeps failing, the browser console has the details.'}</p>
          <button type="button" className="self-start rounded-md bg-accent px-2.5 py-1 text-sm font-medium text-accent-fg" onClick={resetErrorBoundary}>
            Retry
          </button>
        </div>
      )}
    >
      <Suspense fallback={<div className="h-40 animate-pulse rounded-lg bg-surface-2" aria-hidden="true" />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

function savedTheme(): 'light' | 'dark' | null {
  try {
    const saved = globalThis.localStorage?.getItem(THEME_KEY);
    return saved === 'light' || saved === 'dark' ? saved : null;
  } catch {
    return null; // storage may be blocked
  }
}

function systemTheme(): 'light' | 'dark' {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * The console's base path, from the host route it is mounted under (which must end in `/*`):
 * the location minus the part the splat matched. Links between console views are built on it.
 */
function useBasePath(): string {
  const { pathname } = useLocation();
  const splat = useParams()['*'] ?? '';
  const base = pathname.slice(0, pathname.length - splat.length);
  return base.endsWith('/') ? base : `${base}/`;
}

function ConsoleShell({ banner, now, themeProp, service }: { banner?: ReactNode; now: () => number; themeProp: ConsoleTheme | undefined; service: ServiceConnection | undefined }) {
  const url = useUrlSettings();
  // The service's data refreshes when it announces a change, and at the refresh interval besides.
  useEffect(() => service?.setRefreshMs(url.refreshMs), [service, url.refreshMs]);
  useEffect(() => service?.start(), [service]);
  const basePath = useBasePath();
  // The user's toggle wins; else a fixed theme prop; else the OS preference.
  const [userTheme, setUserTheme] = useState<'light' | 'dark' | null>(() => (themeProp === undefined ? savedTheme() : null));
  const theme = userTheme ?? (themeProp === 'light' || themeProp === 'dark' ? themeProp : systemTheme());
  const toggleTheme = useCallback(() => {
    const next = theme === 'dark' ? 'light' : 'dark';
    setUserTheme(next);
    if (themeProp === undefined) {
      try {
        globalThis.localStorage?.setItem(THEME_KEY, next);
      } catch {
        /* storage may be blocked */
      }
    }
  }, [theme, themeProp]);

  const settings = useMemo<ConsoleSettings>(
    () => ({ range: url.range, refresh: url.refresh, refreshMs: url.refreshMs, now, utc: false, basePath }),
    [url.range, url.refresh, url.refreshMs, now, basePath],
  );
  const settingsErrors = [url.rangeError, url.refreshError].filter((e): e is string => e !== null);

  return (
    <div className="spine-console min-h-full" data-theme={theme}>
      <ConsoleSettingsContext.Provider value={settings}>
        <AlertingProvider service={service}>
          <Routes>
            <Route
              element={
                <ConsoleLayout
                  banner={
                    service ? (
                      <>
                        {banner}
                        <ServiceBanner connection={service} />
                      </>
                    ) : (
                      banner
                    )
                  }
                  theme={theme}
                  onToggleTheme={toggleTheme}
                  setRange={url.setRange}
                  setRefresh={url.setRefresh}
                  settingsErrors={settingsErrors}
                />
              }
            >
              <Route index element={<DashboardPage />} />
              <Route path="logs" element={<Lazy><LogsPage /></Lazy>} />
              <Route path="issues" element={<Lazy><IssuesPage /></Lazy>} />
              <Route path="issues/:issueId" element={<Lazy><IssuesPage /></Lazy>} />
              <Route path="alerts" element={<Lazy><AlertsPage /></Lazy>} />
              <Route path="sources" element={<Lazy><SourcesPage /></Lazy>} />
              <Route path="*" element={<p className="text-muted">This console page does not exist.</p>} />
            </Route>
          </Routes>
        </AlertingProvider>
      </ConsoleSettingsContext.Provider>
    </div>
  );
}

const defaultNow = () => Date.now();

/** The whole console: mount it at a route of your app (`/monitoring/console/*`) or standalone. */
export function SpineConsole<R extends AdapterRegistry = typeof builtInAdapters>({ sources, adapters, queryClient, fetch: hostFetch, theme, onUnauthorized, banner, service, now = defaultNow }: SpineConsoleProps<R>) {
  const [client] = useState(() => (queryClient ? applyConsoleQueryDefaults(queryClient) : createQueryClient()));
  // Chosen once per mount, as the stores built on it are. Its 401 means the service's own token, not the host's login.
  const [connection] = useState(() => (service ? createServiceConnection({ baseUrl: service.baseUrl, queryClient: client, ...(hostFetch ? { fetch: hostFetch } : {}) }) : undefined));
  const unauthorized = useRef(onUnauthorized);
  useEffect(() => {
    unauthorized.current = onUnauthorized;
  }, [onUnauthorized]);
  const consoleFetch = useMemo<typeof fetch>(() => {
    const base = hostFetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    return async (input, init) => {
      const response = await base(input, init);
      if (response.status === 401) unauthorized.current?.({ url: String(input instanceof Request ? input.url : input), status: 401 });
      return response;
    };
  }, [hostFetch]);
  return (
    <QueryClientProvider client={client}>
      <SourcesProvider sources={sources} adapters={adapters} fetch={consoleFetch} now={now}>
        <ServiceConnectionContext.Provider value={connection}>
          <IssuesProvider service={connection}>
            <ConsoleShell banner={banner} now={now} themeProp={theme} service={connection} />
          </IssuesProvider>
        </ServiceConnectionContext.Provider>
      </SourcesProvider>
    </QueryClientProvider>
  );
}
