/**
 * The console's views as paths relative to where a host mounts it (`/monitoring/console/*`), so a
 * host can link to them from elsewhere: `consoleHref('/monitoring/console', 'issue', 'i_abc')`.
 * The routes themselves are declared in spine-console.tsx; this is their public spelling.
 */
export const CONSOLE_PATHS = {
  dashboard: '',
  logs: 'logs',
  issues: 'issues',
  issue: 'issues/:issueId',
  sources: 'sources',
} as const;

export type ConsoleView = keyof typeof CONSOLE_PATHS;

/** An absolute link to a console view under `basePath`; `param` fills `:issueId`. */
export function consoleHref(basePath: string, view: ConsoleView, param?: string, search?: Record<string, string>): string {
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
  const path = CONSOLE_PATHS[view].replace(':issueId', encodeURIComponent(param ?? ''));
  const query = search ? new URLSearchParams(search).toString() : '';
  return `${base}${path}${query ? `?${query}` : ''}`;
}
