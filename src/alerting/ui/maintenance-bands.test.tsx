import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReactNode } from 'react';
import QueueDepthChart from '@/tiles/queue-stats/queue-depth-chart';
import type { QueueStats } from '@/lib/model';
import { createAlertStore } from './alert-store';
import { AlertingContext } from './alerting-context';
import { bandsLabel, bandTitle } from './maintenance-bands';

const T0 = Date.parse('2026-11-28T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function withWindows(ui: ReactNode, from: number, to: number) {
  const store = createAlertStore(null);
  store.setMaintenance([{ id: 'upgrade', name: 'Postgres upgrade', kind: 'once', from: iso(from), to: iso(to) }]);
  const notifications = { enabled: false, permission: 'unsupported' as const, enable: async () => {}, disable: () => {} };
  return <AlertingContext.Provider value={{ store, notifications }}>{ui}</AlertingContext.Provider>;
}

const queue: QueueStats = {
  name: 'default', depth: 3, active: 0, reserved: 0, workers: [], succeededPerMin: 0, failedPerMin: 0, oldestTaskAgeSeconds: null,
  depthHistory: Array.from({ length: 61 }, (_, i) => ({ at: iso(T0 + i * 60_000), depth: i })),
};

describe('maintenance bands', () => {
  it('names the window and its interval', () => {
    const band = { windowId: 'w', name: 'Nightly', from: T0, to: T0 + 3_600_000, services: ['postgres'] };
    expect(bandTitle(band)).toBe('Maintenance window: Nightly (11-28 09:00 → 11-28 10:00 UTC, postgres)');
    expect(bandsLabel([])).toBe('');
  });

  it('the queue depth chart announces a window that overlaps its range, and only then', () => {
    const { unmount } = render(withWindows(<QueueDepthChart queues={[queue]} />, T0 + 10 * 60_000, T0 + 20 * 60_000));
    expect(screen.getByRole('img', { name: /Queue depth over time/ })).toHaveAccessibleName(/Maintenance window: Postgres upgrade \(11-28 09:10 → 11-28 09:20 UTC\)/);
    unmount();
    render(withWindows(<QueueDepthChart queues={[queue]} />, T0 - 7_200_000, T0 - 3_600_000));
    expect(screen.getByRole('img', { name: /Queue depth over time/ })).not.toHaveAccessibleName(/Maintenance/);
  });

  it('renders without an AlertingProvider (no bands)', () => {
    render(<QueueDepthChart queues={[queue]} />);
    expect(screen.getByRole('img', { name: /Queue depth over time/ })).not.toHaveAccessibleName(/Maintenance/);
  });
});
