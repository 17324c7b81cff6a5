import { createContext, useContext } from 'react';
import type { RefreshOption, TimeRangeSpec } from './time-range';

/** What every view reads: the selected range, the refresh interval and the clock. */
export interface ConsoleSettings {
  range: TimeRangeSpec;
  refresh: RefreshOption;
  refreshMs: number | false;
  now: () => number;
  /** Display times in UTC instead of the browser's zone. */
  utc: boolean;
  /** Where the console is mounted, ending in "/" ("/" standalone, "/monitoring/console/" in a host). */
  basePath?: string;
}

export const ConsoleSettingsContext = createContext<ConsoleSettings | null>(null);

export function useConsoleSettings(): ConsoleSettings {
  const value = useContext(ConsoleSettingsContext);
  if (!value) throw new Error('No console settings found: render inside <SpineConsole> (or ConsoleProviders).');
  return value;
}
