/**
 * Maintenance windows drawn as bands on every chart: titles, accessible-name text and recharts
 * areas for the bands a chart got from `useMaintenanceBands` (lib/maintenance-bands.ts).
 */
import { ReferenceArea } from 'recharts';
import type { MaintenanceBand } from '@/lib/maintenance-bands';

const fmt = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

/** "Maintenance window: Nightly upgrade (11-28 02:00 → 11-28 03:00 UTC)". */
export function bandTitle(b: MaintenanceBand): string {
  return `Maintenance window: ${b.name} (${fmt(b.from)} → ${fmt(b.to)} UTC${b.services ? `, ${b.services.join(', ')}` : ''})`;
}

/** Text to append to a chart's accessible name. */
export function bandsLabel(bands: readonly MaintenanceBand[]): string {
  return bands.length === 0 ? '' : `; ${bands.map(bandTitle).join('; ')}`;
}

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/**
 * ReferenceArea elements for recharts (call it inline among the chart's children: recharts only
 * sees direct children). `x` maps a band to the axis (a category axis needs bucket values).
 */
export function maintenanceAreas(bands: readonly MaintenanceBand[], x: (b: MaintenanceBand) => { x1: number; x2: number } | null = (b) => ({ x1: b.from, x2: b.to })) {
  return bands.flatMap((b) => {
    const at = x(b);
    if (!at) return [];
    const title = bandTitle(b);
    return [
      <ReferenceArea
        key={`${b.windowId}-${b.from}`}
        x1={at.x1}
        x2={at.x2}
        ifOverflow="hidden"
        shape={(p: ShapeProps) => (
          <g className="maintenance-band">
            <title>{title}</title>
            <rect x={p.x} y={p.y} width={Math.max(2, p.width ?? 0)} height={p.height} fill="var(--console-muted)" fillOpacity={0.16} stroke="var(--console-muted)" strokeOpacity={0.5} strokeDasharray="3 3" />
            {(p.width ?? 0) >= 70 && (
              <text x={(p.x ?? 0) + 4} y={(p.y ?? 0) + 11} fontSize={10} fill="var(--console-muted)">
                Maintenance
              </text>
            )}
          </g>
        )}
      />,
    ];
  });
}
