import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts';
import { bandsLabel, maintenanceAreas } from '@/components/ui/maintenance-bands';
import { useMaintenanceBands } from '@/lib/maintenance-bands';
import { formatCompact, formatInt } from '@/lib/format';
import type { LogLevel, LogVolumeBucket } from '@/lib/model';
import { formatTimeSpan, timeAxis } from '@/lib/time-axis';
import type { VolumeGrid } from './fill-volume-grid';
import { LEVEL_COLOR } from './level-style';

const ORDER: LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug', 'trace', 'unknown'];

/** One bar: `at` its bucket's start, `mid` where it is drawn (Recharts centres a bar on its x), a count per level. */
export interface VolumeRow {
  at: number;
  mid: number;
  [level: string]: number;
}

/** Rows for the chart and its Tooltip; every level seen anywhere has a count in every row (0 in a quiet step). */
export function toVolumeRows(buckets: readonly LogVolumeBucket[], stepMs: number): { rows: VolumeRow[]; levels: LogLevel[]; total: number; max: number } {
  const seen = new Set<LogLevel>();
  for (const b of buckets) for (const [level, n] of Object.entries(b.counts) as [LogLevel, number][]) if (n > 0) seen.add(level);
  const levels = ORDER.filter((l) => seen.has(l));
  let total = 0;
  let max = 0;
  const rows = buckets.map((b) => {
    const row: VolumeRow = { at: b.at, mid: b.at + stepMs / 2 };
    let sum = 0;
    for (const level of levels) {
      const n = b.counts[level] ?? 0;
      row[level] = n;
      sum += n;
    }
    total += sum;
    max = Math.max(max, sum);
    return row;
  });
  return { rows, levels, total, max };
}

/**
 * The y axis's width for its widest label. Labels are compact (`35K`, at most five characters);
 * Recharts' top tick is a round number a little above the tallest bar, hence the headroom.
 */
export function yAxisWidth(max: number): number {
  const top = max * 1.5;
  const chars = top < 10 ? 1 : top < 100 ? 2 : top < 1000 ? 3 : 5;
  // 11 px digits are about 6.5 px wide; 6 px of tick line and a few of gap.
  return Math.ceil(chars * 6.5) + 12;
}

export interface VolumeHistogramProps {
  grid: VolumeGrid;
  utc?: boolean;
  onZoom: (from: number, to: number) => void;
}

/** Stacked volume by level on a time axis (a bar sits at its time); drag across it to zoom the time range. */
export default function VolumeHistogram({ grid, utc = false, onZoom }: VolumeHistogramProps) {
  const { stepMs } = grid;
  const { rows, levels, total, max } = useMemo(() => toVolumeRows(grid.buckets, stepMs), [grid.buckets, stepMs]);
  const axis = useMemo(() => timeAxis(grid.from, grid.to, { utc }), [grid.from, grid.to, utc]);
  // Bucket starts under the pointer where the drag began and where it is now.
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const bands = useMaintenanceBands(grid.from, grid.to);
  const bucketAt = (s: MouseHandlerDataParam | undefined) => (s?.activeTooltipIndex === undefined || s.activeTooltipIndex === null ? undefined : rows[Number(s.activeTooltipIndex)]?.at);
  const lo = drag ? Math.min(drag.start, drag.end) : 0;
  const hi = drag ? Math.max(drag.start, drag.end) + stepMs : 0;
  return (
    <div className="h-32 w-full select-none" role="img" aria-label={`Log volume by level: ${formatInt(total)} lines in range. Drag to zoom.${bandsLabel(bands)}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
          onMouseDown={(s) => {
            const at = bucketAt(s);
            if (at !== undefined) setDrag({ start: at, end: at });
          }}
          onMouseMove={(s) => {
            const at = bucketAt(s);
            if (drag && at !== undefined && at !== drag.end) setDrag({ ...drag, end: at });
          }}
          onMouseUp={() => {
            if (drag && drag.start !== drag.end) onZoom(lo, hi);
            setDrag(null);
          }}
        >
          <CartesianGrid stroke="var(--console-line)" strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="mid"
            type="number"
            scale="time"
            domain={[grid.from, grid.to]}
            ticks={axis.ticks}
            tickFormatter={axis.format}
            stroke="var(--console-muted)"
            fontSize={11}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} tickFormatter={formatCompact} stroke="var(--console-muted)" fontSize={11} width={yAxisWidth(max)} />
          <Tooltip
            labelFormatter={(mid) => formatTimeSpan(Number(mid) - stepMs / 2, Number(mid) + stepMs / 2, utc)}
            formatter={(value, name) => [formatInt(Number(value)), name]}
            contentStyle={{ background: 'var(--console-surface)', border: '1px solid var(--console-line)', fontSize: 12 }}
          />
          {levels.map((l) => (
            <Bar key={l} dataKey={l} stackId="v" fill={LEVEL_COLOR[l]} isAnimationActive={false} />
          ))}
          {/* A time axis: a band is drawn at its own times, not snapped to the buckets it overlaps. */}
          {maintenanceAreas(bands)}
          {drag && drag.start !== drag.end && <ReferenceArea x1={lo} x2={hi} fill="var(--console-accent)" fillOpacity={0.15} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
