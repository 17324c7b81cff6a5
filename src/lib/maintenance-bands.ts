/**
 * Maintenance bands as charts see them: intervals to shade over a chart's time range. Charts in
 * tiles and views ask through this context, so they need not know where windows come from; the
 * alerting provider fills it from its store. Outside one (a chart rendered on its own) there are
 * no bands.
 */
import { createContext, useContext } from 'react';

/** One occurrence of a maintenance window, clipped to the range asked for (ms since the epoch). */
export interface MaintenanceBand {
  windowId: string;
  name: string;
  from: number;
  to: number;
  services: string[] | null;
}

/** The bands over [from, to], clipped and sorted by start; a new function when the windows change. */
export type MaintenanceBandsFor = (from: number, to: number) => MaintenanceBand[];

export const MaintenanceBandsContext = createContext<MaintenanceBandsFor | null>(null);

/** The bands over [from, to] (empty when the range is empty or unknown, or nobody provides bands). */
export function useMaintenanceBands(from: number | undefined, to: number | undefined): MaintenanceBand[] {
  const bandsFor = useContext(MaintenanceBandsContext);
  if (!bandsFor || from === undefined || to === undefined || !(to > from)) return [];
  return bandsFor(from, to);
}
