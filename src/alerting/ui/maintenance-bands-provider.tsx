/**
 * Fills the charts' maintenance-band context (lib/maintenance-bands.ts) from the alerting store,
 * so a chart in a tile or a view shades maintenance windows without importing alerting/.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { MaintenanceBandsContext } from '@/lib/maintenance-bands';
import type { MaintenanceBandsFor } from '@/lib/maintenance-bands';
import { maintenanceBands } from '../maintenance';
import type { AlertStore } from './alert-store';

export function MaintenanceBandsProvider({ store, children }: { store: AlertStore; children: ReactNode }) {
  const get = () => store.get().maintenance;
  const windows = useSyncExternalStore(store.subscribe, get, get);
  const bandsFor = useMemo<MaintenanceBandsFor>(() => (from, to) => (windows.length === 0 ? [] : maintenanceBands(windows, from, to)), [windows]);
  return <MaintenanceBandsContext.Provider value={bandsFor}>{children}</MaintenanceBandsContext.Provider>;
}
