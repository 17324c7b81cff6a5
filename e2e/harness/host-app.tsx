/**
 * A host app as capture-spine's frontend would be: its own router, QueryClient, global styles and
 * auth, with the console mounted as one route (`/monitoring/console/*`) from the built library.
 */
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { Link, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { CONSOLE_SCOPE, SpineConsole } from 'spine-console';
import type { SourceInstance } from 'spine-console';

export const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/** The host's session: a bearer token its fetch adds; "Expire session" makes the mocks answer 401. */
export const session = { token: 'host-token' };

/** The host's authenticated fetch: one stable function that reads the current token. */
const authFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('Authorization', `Bearer ${session.token}`);
  return fetch(input, { ...init, headers });
};

function isConsoleKey(key: readonly unknown[]): boolean {
  const head = key[0];
  return typeof head === 'object' && head !== null && (head as { scope?: unknown }).scope === CONSOLE_SCOPE;
}

function useCacheCounts(): string {
  const cache = queryClient.getQueryCache();
  const read = () => {
    const all = cache.getAll();
    const console = all.filter((q) => isConsoleKey(q.queryKey)).length;
    return `${console}/${all.length - console}`;
  };
  return useSyncExternalStore((notify) => cache.subscribe(notify), read);
}

function HostLayout() {
  const [console, host] = useCacheCounts().split('/');
  const navigate = useNavigate();
  return (
    <>
      <header className="host-header">
        <strong>Capture Spine</strong>
        <nav aria-label="Host">
          <Link to="/">Home</Link> · <Link to="/monitoring/console">Monitoring console</Link>
        </nav>
        <output role="status" aria-label="Console queries in the host cache">{console}</output>
        <output role="status" aria-label="Host queries in the host cache">{host}</output>
        <button
          type="button"
          onClick={() => {
            session.token = 'expired';
            navigate('/monitoring/console/sources');
          }}
        >
          Expire session
        </button>
      </header>
      <Outlet />
    </>
  );
}

function HomePage() {
  const articles = useQuery({ queryKey: ['host', 'articles'], queryFn: async () => ['10-K filed', '8-K filed'] });
  return (
    <main className="host-home">
      <h1>Newsfeed</h1>
      <p>{articles.data ? `${articles.data.length} new articles` : 'Loading…'}</p>
      <button type="button">Mark all read</button>
    </main>
  );
}

function LoginPage() {
  const { state } = useLocation() as { state: { url?: string } | null };
  return (
    <main className="host-home">
      <h1>Sign in</h1>
      <p role="alert">Your session expired{state?.url ? ` (401 from ${new URL(state.url, location.href).pathname})` : ''}.</p>
    </main>
  );
}

function ConsoleRoute({ sources }: { sources: SourceInstance[] }) {
  const navigate = useNavigate();
  const onUnauthorized = useCallback((info: { url: string }) => navigate('/login', { replace: true, state: { url: info.url } }), [navigate]);
  return <SpineConsole sources={sources} queryClient={queryClient} fetch={authFetch} onUnauthorized={onUnauthorized} />;
}

export function HostApp({ sources }: { sources: SourceInstance[] }) {
  return (
    <QueryClientProvider client={queryClient}>
      <Routes>
        <Route element={<HostLayout />}>
          <Route index element={<HomePage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="monitoring/console/*" element={<ConsoleRoute sources={sources} />} />
        </Route>
      </Routes>
    </QueryClientProvider>
  );
}
