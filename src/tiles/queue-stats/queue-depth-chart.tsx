import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bandsLabel, maintenanceAreas } from '@/components/ui/maintenance-bands';
import { useMaintenanceBands } from '@/lib/maintenance-bands';
import { formatClock } from '@/lib/format';
import type { QueueStats } from '@/lib/model';

const PALETTE = ['#3b82f6', '#e5484d', '#12a594', '#f59e0b', '#8e4ec6', '#64748b', '#d6409f', '#0ea5e9'];

export interface DepthRow {
  at: number;
  [queue: string]: number;
}

/** Joins each queue's depth history on time, for one line per queue. */
export function toDepthRows(queues: QueueStats[]): DepthRow[] {
  const rows = new Map<number, DepthRow>();
  for (const q of queues) {
    for (const p of q.depthHistory) {
      const at = Date.parse(p.at);
      const row = rows.get(at) ?? { at };
      row[q.name] = p.depth;
      rows.set(at, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.at - b.at);
}

export default function QueueDepthChart({ queues }: { queues: QueueStats[] }) {
  const rows = toDepthRows(queues);
  const total = queues.reduce((n, q) => n + q.depth, 0);
  const bands = useMaintenanceBands(rows[0]?.at, rows.at(-1)?.at);
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="text-xs text-muted">Depth over time ({total} waiting now)</figcaption>
      <div className="h-44 w-full" role="img" aria-label={`Queue depth over time for ${queues.map((q) => q.name).join(', ')}${bandsLabel(bands)}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="var(--console-line)" strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => formatClock(t).slice(0, 5)}
              stroke="var(--console-muted)"
              fontSize={11}
              minTickGap={48}
            />
            <YAxis allowDecimals={false} stroke="var(--console-muted)" fontSize={11} />
            <Tooltip
              labelFormatter={(t) => formatClock(Number(t))}
              contentStyle={{ background: 'var(--console-surface)', border: '1px solid var(--console-line)', fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {maintenanceAreas(bands)}
            {queues.map((q, i) => (
              <Line key={q.name} dataKey={q.name} stroke={PALETTE[i % PALETTE.length]} dot={false} strokeWidth={1.75} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
