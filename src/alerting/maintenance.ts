/**
 * Maintenance windows: one-off, weekly (days + HH:MM UTC + duration) or cron (5 fields, UTC) +
 * duration. A window mutes every rule it covers; with `services` only incidents about those
 * services (or feeds/queues of that name). Muted incidents are recorded but do not notify.
 */
import { nextCronRun, parseCron, previousCronRun } from '@/lib/cron';
import { parseDuration } from './duration';
import type { MaintenanceBand } from '@/lib/maintenance-bands';
import type { MaintenanceWindow } from './rule-schemas';

export type { MaintenanceBand };

const DAY = 86_400_000;

/** Occurrences of a window that overlap [from, to], unclipped, oldest first. */
function occurrences(w: MaintenanceWindow, from: number, to: number): { from: number; to: number }[] {
  if (w.kind === 'once') {
    const a = Date.parse(w.from);
    const b = Date.parse(w.to);
    return b > from && a < to ? [{ from: a, to: b }] : [];
  }
  const len = parseDuration(w.duration);
  const out: { from: number; to: number }[] = [];
  if (w.kind === 'weekly') {
    const [hh, mm] = w.start.split(':').map(Number) as [number, number];
    const offset = hh * 3_600_000 + mm * 60_000;
    const firstDay = Math.floor((from - len) / DAY) * DAY;
    for (let day = firstDay; day <= to && out.length < 10_000; day += DAY) {
      if (!w.days.includes(new Date(day).getUTCDay())) continue;
      const a = day + offset;
      if (a + len > from && a < to) out.push({ from: a, to: a + len });
    }
    return out;
  }
  const cron = parseCron(w.cron);
  let a = previousCronRun(cron, from - len);
  if (a === null) a = nextCronRun(cron, from - len);
  while (a !== null && a < to && out.length < 10_000) {
    if (a + len > from) out.push({ from: a, to: a + len });
    a = nextCronRun(cron, a);
  }
  return out;
}

/** Intervals to draw as bands on charts over [from, to], clipped, sorted by start. */
export function maintenanceBands(windows: readonly MaintenanceWindow[], from: number, to: number): MaintenanceBand[] {
  const out: MaintenanceBand[] = [];
  for (const w of windows) {
    for (const o of occurrences(w, from, to)) {
      out.push({ windowId: w.id, name: w.name, from: Math.max(from, o.from), to: Math.min(to, o.to), services: w.services ?? null });
    }
  }
  return out.sort((x, y) => x.from - y.from || x.windowId.localeCompare(y.windowId));
}

/** Windows active at `now` (from ≤ now < to), with the current occurrence. */
export function activeMaintenance(windows: readonly MaintenanceWindow[], now: number): MaintenanceBand[] {
  const out: MaintenanceBand[] = [];
  for (const w of windows) {
    const o = occurrences(w, now, now + 1).find((x) => x.from <= now && now < x.to);
    if (o) out.push({ windowId: w.id, name: w.name, from: o.from, to: o.to, services: w.services ?? null });
  }
  return out;
}

/** True when an active window covers an incident about `subjects` (services, feed or queue names). */
export function isMuted(active: readonly MaintenanceBand[], subjects: readonly string[]): boolean {
  return active.some((b) => b.services === null || subjects.some((s) => b.services?.includes(s)));
}
