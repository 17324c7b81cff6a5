import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import { bandsLabel, bandTitle } from '@/components/ui/maintenance-bands';
import { MaintenanceBandsContext } from '@/lib/maintenance-bands';
import type { MaintenanceBand, MaintenanceBandsFor } from '@/lib/maintenance-bands';
import type { QueueStats } from '@/lib/model';
import QueueDepthChart from './queue-depth-chart';

const T0 = Date.parse('2026-11-28T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** One window, [from, to], clipped to the range asked for, as the alerting provider would give it. */
function withWindow(ui: ReactNode, from: number, to: number) {
  const bandsFor: MaintenanceBandsFor = (a, b) => (from < b && to > a ? [{ windowId: 'upgrade', name: 'Postgres upgrade', from: Math.max(a, from), to: Math.min(b, to), services: null }] : []);
  return <MaintenanceBandsContext.Provider value={bandsFor}>{ui}</MaintenanceBandsContext.Provider>;
}

const queue: QueueStats = {
  name: 'default', depth: 3, active: 0, reserved: 0, workers: [], succeededPerMin: 0, failedPerMin: 0, oldestTaskAgeSeconds: null,
  depthHistory: Array.from({ length: 61 }, (_, i) => ({ at: iso(T0 + i * 60_000), depth: i })),
};

describe('maintenance bands', () => {
  it('names the window and its interval', () => {
    const band: MaintenanceBand = { windowId: 'w', name: 'Nightly', from: T0, to: T0 + 3_600_000, services: ['postgres'] };
    expect(bandTitle(band)).toBe('Maintenance window: Nightly (11-28 09:00 → 11-28 10:00 UTC, postgres)');
    expect(bandsLabel([])).toBe('');
  });

  it('the queue depth chart announces a window that overlaps its range, and only then', () => {
    const { unmount } = render(withWindow(<QueueDepthChart queues={[queue]} />, T0 + 10 * 60_000, T0 + 20 * 60_000));
    expect(screen.getByRole('img', { name: /Queue depth over time/ })).toHaveAccessibleName(/Maintenance window: Postgres upgrade \(11-28 09:10 → 11-28 09:20 UTC\)/);
    unmount();
    render(withWindow(<QueueDepthChart queues={[queue]} />, T0 - 7_200_000, T0 - 3_600_000));
    expect(screen.getByRole('img', { name: /Queue depth over time/ })).not.toHaveAccessibleName(/Maintenance/);
  });

  it('renders without a band provider (no bands)', () => {
    render(<QueueDepthChart queues={[queue]} />);
    expect(screen.getByRole('img', { name: /Queue depth over time/ })).not.toHaveAccessibleName(/Maintenance/);
  });
});
