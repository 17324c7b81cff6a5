import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useMaintenanceBands } from '@/lib/maintenance-bands';
import { createAlertStore } from './alert-store';
import { MaintenanceBandsProvider } from './maintenance-bands-provider';

const T0 = Date.parse('2026-11-28T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function Bands({ from, to }: { from: number; to: number }) {
  const bands = useMaintenanceBands(from, to);
  return <p>{bands.map((b) => `${b.name} ${iso(b.from)}–${iso(b.to)}`).join('; ') || 'none'}</p>;
}

describe('MaintenanceBandsProvider', () => {
  it('gives charts the store windows that overlap their range, clipped, and follows changes', () => {
    const store = createAlertStore(null);
    store.setMaintenance([{ id: 'upgrade', name: 'Postgres upgrade', kind: 'once', from: iso(T0 + 10 * 60_000), to: iso(T0 + 20 * 60_000) }]);
    render(
      <MaintenanceBandsProvider store={store}>
        <Bands from={T0} to={T0 + 15 * 60_000} />
      </MaintenanceBandsProvider>,
    );
    expect(screen.getByText(`Postgres upgrade ${iso(T0 + 10 * 60_000)}–${iso(T0 + 15 * 60_000)}`)).toBeInTheDocument();
    act(() => store.setMaintenance([]));
    expect(screen.getByText('none')).toBeInTheDocument();
  });

  it('a window outside the range gives no band', () => {
    const store = createAlertStore(null);
    store.setMaintenance([{ id: 'old', name: 'Old', kind: 'once', from: iso(T0 - 7_200_000), to: iso(T0 - 3_600_000) }]);
    render(
      <MaintenanceBandsProvider store={store}>
        <Bands from={T0} to={T0 + 3_600_000} />
      </MaintenanceBandsProvider>,
    );
    expect(screen.getByText('none')).toBeInTheDocument();
  });
});
