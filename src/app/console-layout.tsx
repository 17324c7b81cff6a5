import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router';
import { AlertBanner } from '@/alerting/ui/alert-banner';
import { Button } from '@/components/ui/button';
import { consoleKeys, refreshConsole } from '@/lib/console-keys';
import { useConsoleSettings } from '@/lib/console-settings';
import type { RefreshOption, TimeRangeSpec } from '@/lib/time-range';
import { useCarriedSearch } from '@/lib/view-links';
import { RefreshPicker } from './controls/refresh-picker';
import { TimeRangePicker } from './controls/time-range-picker';

export interface ConsoleLayoutProps {
  banner?: ReactNode;
  theme: 'light' | 'dark';
  onToggleTheme: () => void;
  setRange: (next: TimeRangeSpec) => void;
  setRefresh: (next: RefreshOption) => void;
  settingsErrors: string[];
}

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2.5 py-1 text-sm font-medium ${isActive ? 'bg-surface-2 text-fg' : 'text-muted hover:text-fg'}`;

export function ConsoleLayout({ banner, theme, onToggleTheme, setRange, setRefresh, settingsErrors }: ConsoleLayoutProps) {
  const { range, refresh, now, basePath = '/' } = useConsoleSettings();
  const queryClient = useQueryClient();
  // Range, refresh and the demo scenario follow the user between views; view-specific params do not.
  const keepSearch = useCarriedSearch()();
  const fetching = useIsFetching({ queryKey: consoleKeys.all });
  return (
    <div className="flex min-h-full flex-col">
      {banner}
      <AlertBanner />
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-line bg-surface px-4 py-2">
        <div className="flex items-center gap-2">
          <span aria-hidden="true" className="grid size-6 place-items-center rounded bg-accent text-xs font-bold text-accent-fg">S</span>
          <span className="font-semibold">Spine Console</span>
        </div>
        <nav aria-label="Console" className="flex items-center gap-1">
          <NavLink to={{ pathname: basePath, search: keepSearch }} end className={navClass}>
            Dashboard
          </NavLink>
          <NavLink to={{ pathname: `${basePath}logs`, search: keepSearch }} className={navClass}>
            Logs
          </NavLink>
          <NavLink to={{ pathname: `${basePath}issues`, search: keepSearch }} className={navClass}>
            Issues
          </NavLink>
          <NavLink to={{ pathname: `${basePath}alerts`, search: keepSearch }} className={navClass}>
            Alerts
          </NavLink>
          <NavLink to={{ pathname: `${basePath}sources`, search: keepSearch }} className={navClass}>
            Sources
          </NavLink>
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          <TimeRangePicker key={JSON.stringify(range)} value={range} onChange={setRange} now={now} />
          <RefreshPicker value={refresh} onChange={setRefresh} />
          <Button
            variant="secondary"
            aria-label="Refresh now"
            title="Refresh every tile now"
            onClick={() => void refreshConsole(queryClient)}
          >
            <span aria-hidden="true" className={fetching > 0 ? 'inline-block animate-spin' : 'inline-block'}>
              ↻
            </span>
          </Button>
          <Button variant="ghost" onClick={onToggleTheme} aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}>
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </Button>
        </div>
      </header>
      {settingsErrors.length > 0 && (
        <div role="status" className="border-b border-warn/40 bg-warn/10 px-4 py-1.5 text-sm text-warn">
          {settingsErrors.join(' ')}
        </div>
      )}
      <main className="flex-1 p-4">
        <Outlet />
      </main>
    </div>
  );
}
