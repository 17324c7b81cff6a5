import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bandsLabel, maintenanceAreas, useMaintenanceBands } from '@/alerting/ui/maintenance-bands';
import { formatClock, formatInt } from '@/lib/format';
import type { LogLevel, LogVolumeBucket } from '@/lib/model';
import { LEVEL_COLOR } from './level-style';

const ORDER: LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug', 'trace', 'unknown'];

interface Row {
  at: number;
  [level: string]: number;
}

export function toVolumeRows(buckets: LogVolumeBucket[]): { rows: Row[]; levels: LogLevel[] } {
  const seen = new Set<LogLevel>();
  const rows = buckets.map((b) => {
    const row: Row = { at: b.at };
    for (const [level, n] of Object.entries(b.counts) as [LogLevel, number][]) {
      row[level] = n;
      if (n > 0) seen.add(level);
    }
    return row;
  });
  return { rows, levels: ORDER.filter((l) => seen.has(l)) };
}

/** Stacked volume by level; drag across it to zoom the time range. */
export default function VolumeHistogram({ buckets, stepMs, onZoom }: { buckets: LogVolumeBucket[]; stepMs: number; onZoom: (from: number, to: number) => void }) {
  const { rows, levels } = toVolumeRows(buckets);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const total = buckets.reduce((n, b) => n + Object.values(b.counts).reduce((m, c) => m + (c ?? 0), 0), 0);
  const bands = useMaintenanceBands(rows[0]?.at, rows.length > 0 ? rows.at(-1)!.at + stepMs : undefined);
  // A category axis: a band spans the buckets it overlaps.
  const snap = (b: { from: number; to: number }) => {
    const inside = rows.filter((r) => r.at + stepMs > b.from && r.at < b.to);
    return inside.length > 0 ? { x1: inside[0]!.at, x2: inside.at(-1)!.at } : null;
  };
  return (
    <div className="h-32 w-full select-none" role="img" aria-label={`Log volume by level: ${formatInt(total)} lines in range. Drag to zoom.${bandsLabel(bands)}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 4, right: 8, bottom: 0, left: -12 }}
          barCategoryGap={1}
          onMouseDown={(s) => s?.activeLabel !== undefined && setDrag({ start: Number(s.activeLabel), end: Number(s.activeLabel) })}
          onMouseMove={(s) => drag && s?.activeLabel !== undefined && setDrag({ ...drag, end: Number(s.activeLabel) })}
          onMouseUp={() => {
            if (drag && drag.start !== drag.end) onZoom(Math.min(drag.start, drag.end), Math.max(drag.start, drag.end) + stepMs);
            setDrag(null);
          }}
        >
          <CartesianGrid stroke="var(--console-line)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="at" tickFormatter={(t: number) => formatClock(t).slice(0, 5)} stroke="var(--console-muted)" fontSize={11} minTickGap={48} />
          <YAxis allowDecimals={false} stroke="var(--console-muted)" fontSize={11} width={48} />
          <Tooltip labelFormatter={(t) => formatClock(Number(t))} contentStyle={{ background: 'var(--console-surface)', border: '1px solid var(--console-line)', fontSize: 12 }} />
          {levels.map((l) => (
            <Bar key={l} dataKey={l} stackId="v" fill={LEVEL_COLOR[l]} isAnimationActive={false} />
          ))}
          {maintenanceAreas(bands, snap)}
          {drag && drag.start !== drag.end && <ReferenceArea x1={drag.start} x2={drag.end} fill="var(--console-accent)" fillOpacity={0.15} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
