import { ScrollX } from '@/components/ui/scroll-x';
import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDateTime, formatMs, formatPercent, formatRelative } from '@/lib/format';
import type { HealthStatus, ServiceHealth, ServiceHealthReport } from '@/lib/model';

export const healthTone: Record<HealthStatus, Tone> = { up: 'ok', degraded: 'warn', down: 'crit', unknown: 'unknown' };
const HEALTH_ORDER: Record<HealthStatus, number> = { down: 0, degraded: 1, unknown: 2, up: 3 };
const BAR: Record<HealthStatus, string> = { up: 'bg-ok', degraded: 'bg-warn', down: 'bg-crit', unknown: 'bg-unknown/50' };

export function summarizeHealth(services: ServiceHealth[]): string {
  const counts: Record<HealthStatus, number> = { up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const s of services) counts[s.status]++;
  return (['up', 'degraded', 'down', 'unknown'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`)
    .join(' · ');
}

function Heartbeat({ service }: { service: ServiceHealth }) {
  const checks = service.checks.slice(-24);
  if (checks.length === 0) return <span className="text-xs text-muted">no checks</span>;
  const down = checks.filter((c) => c.status === 'down').length;
  return (
    <div
      role="img"
      aria-label={`Last ${checks.length} checks: ${checks.length - down} answered, ${down} down`}
      className="flex h-5 items-end gap-[2px]"
    >
      {checks.map((c) => (
        <span
          key={c.at}
          title={`${formatDateTime(c.at)}: ${c.status}${c.responseTimeMs === null ? '' : `, ${formatMs(c.responseTimeMs)}`}`}
          className={`h-full w-1 rounded-sm ${BAR[c.status]}`}
        />
      ))}
    </div>
  );
}

export interface ServiceHealthViewProps {
  report: ServiceHealthReport;
  now: number;
}

export function ServiceHealthView({ report, now }: ServiceHealthViewProps) {
  if (report.services.length === 0) {
    return (
      <EmptyState title="No services reported">
        capture-spine's system dashboard lists no services. Check its health-check configuration.
      </EmptyState>
    );
  }
  const services = [...report.services].sort((a, b) => HEALTH_ORDER[a.status] - HEALTH_ORDER[b.status] || Number(b.critical) - Number(a.critical));
  return (
    <ScrollX label="Services table">
      <table className="text-sm">
        <thead className="text-xs text-muted">
          <tr className="border-b border-line">
            <th scope="col" className="py-1.5 pr-3">Service</th>
            <th scope="col" className="py-1.5 pr-3">Status</th>
            <th scope="col" className="py-1.5 pr-3">Last check</th>
            <th scope="col" className="py-1.5 pr-3 text-right">Response</th>
            <th scope="col" className="py-1.5 pr-3">Recent checks</th>
            <th scope="col" className="py-1.5 text-right">Uptime</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.id} className="border-b border-line/60 align-middle last:border-0">
              <th scope="row" className="py-1.5 pr-3 font-normal">
                <div className="flex items-center gap-1.5 font-medium">
                  {s.name}
                  {s.critical && <span className="rounded bg-surface-2 px-1 text-[10px] font-semibold uppercase tracking-wide text-muted">critical</span>}
                </div>
                <div className="font-mono text-xs text-muted">
                  {s.id}
                  {s.version ? ` · v${s.version}` : ''}
                </div>
                {s.message && s.status !== 'up' && <div className="max-w-[28ch] truncate text-xs text-muted" title={s.message}>{s.message}</div>}
              </th>
              <td className="py-1.5 pr-3">
                <Badge tone={healthTone[s.status]}>{s.status}</Badge>
              </td>
              <td className="whitespace-nowrap py-1.5 pr-3 text-muted" title={formatDateTime(s.lastCheckAt)}>
                {formatRelative(s.lastCheckAt, now)}
              </td>
              <td className="whitespace-nowrap py-1.5 pr-3 text-right tabular-nums">{formatMs(s.responseTimeMs)}</td>
              <td className="py-1.5 pr-3">
                <Heartbeat service={s} />
              </td>
              <td className="whitespace-nowrap py-1.5 text-right tabular-nums">{formatPercent(s.uptimePct)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollX>
  );
}
