import { describe, expect, it } from 'vitest';
import { activeMaintenance, isMuted, maintenanceBands } from './maintenance';
import type { MaintenanceWindow } from './rules';

const H = 3_600_000;
const D0 = Date.UTC(2025, 0, 13); // a Monday

const windows: MaintenanceWindow[] = [
  { id: 'once', name: 'PG upgrade', kind: 'once', from: '2025-01-14T10:00:00Z', to: '2025-01-14T11:30:00Z', services: ['postgres'] },
  { id: 'weekly', name: 'Mon/Wed backups', kind: 'weekly', days: [1, 3], start: '23:30', duration: '1h' },
  { id: 'cron', name: 'Nightly', kind: 'cron', cron: '0 2 * * *', duration: '15m' },
];

describe('maintenance windows', () => {
  it('draws bands over a range (clipped, sorted), including a weekly window spanning midnight', () => {
    const bands = maintenanceBands(windows, D0, D0 + 2 * 24 * H);
    expect(bands.map((b) => [b.windowId, (b.from - D0) / H, (b.to - D0) / H])).toEqual([
      ['cron', 2, 2.25], ['weekly', 23.5, 24.5], ['once', 34, 35.5], ['cron', 26, 26.25],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)));
    const clipped = maintenanceBands(windows, D0 + 24 * H, D0 + 25 * H);
    expect(clipped.map((b) => [b.windowId, (b.from - D0) / H, (b.to - D0) / H])).toEqual([['weekly', 24, 24.5]]);
  });

  it('knows which windows are active now, and what they mute', () => {
    expect(activeMaintenance(windows, D0 + 24 * H + 10 * 60_000).map((b) => b.windowId)).toEqual(['weekly']);
    const pg = activeMaintenance(windows, D0 + 34.5 * H);
    expect(pg.map((b) => b.windowId)).toEqual(['once']);
    expect(isMuted(pg, ['postgres'])).toBe(true);
    expect(isMuted(pg, ['spine-dev-api'])).toBe(false);
    expect(activeMaintenance(windows, D0 + 35.5 * H)).toEqual([]); // `to` is exclusive
    expect(activeMaintenance(windows, D0 + 2 * H + 5 * 60_000).map((b) => b.windowId)).toEqual(['cron']);
  });
});
