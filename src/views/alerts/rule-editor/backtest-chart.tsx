import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BacktestResult } from '@/alerting';
import { bandsLabel, maintenanceAreas } from '@/components/ui/maintenance-bands';
import { useMaintenanceBands } from '@/lib/maintenance-bands';
import { formatClock } from '@/lib/format';

/** Built once: toLocaleDateString with options builds a new ICU formatter per call. */
const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric' });

export interface BacktestChartProps {
  /** What it draws of a backtest: a replay here, or the console service's answer. */
  result: Pick<BacktestResult, 'firings' | 'timeline'>;
  from: number;
  to: number;
  /** "the last 24 h on capture-spine" */
  description: string;
}

function tick(t: number, spanMs: number): string {
  const d = new Date(t);
  return spanMs > 2 * 86_400_000 ? DAY.format(d) : formatClock(t).slice(0, 5);
}

/** Firing incidents over time (a step line), with maintenance windows as bands. */
export function BacktestChart({ result, from, to, description }: BacktestChartProps) {
  const bands = useMaintenanceBands(from, to);
  const peak = Math.max(0, ...result.timeline.map((p) => p.firing));
  const data = [{ at: from, firing: 0 }, ...result.timeline];
  return (
    <div
      className="h-40 w-full"
      role="img"
      aria-label={`Backtest timeline over ${description}: ${result.firings.length} incidents, up to ${peak} firing at once${bandsLabel(bands)}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid stroke="var(--console-line)" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={[from, to]} tickFormatter={(t: number) => tick(t, to - from)} stroke="var(--console-muted)" fontSize={11} minTickGap={40} />
          <YAxis allowDecimals={false} domain={[0, Math.max(1, peak)]} stroke="var(--console-muted)" fontSize={11} />
          <Tooltip
            labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
            formatter={(v) => [v, 'firing']}
            contentStyle={{ background: 'var(--console-surface)', border: '1px solid var(--console-line)', fontSize: 12, color: 'var(--console-fg)' }}
          />
          {maintenanceAreas(bands)}
          <Area type="stepAfter" dataKey="firing" stroke="var(--console-status-crit)" fill="var(--console-status-crit)" fillOpacity={0.25} strokeWidth={1.5} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
