import type { HealthCheck, HealthStatus, ServiceHealth, ServiceHealthReport } from '@/lib/model';
import type { ResolvedRange } from '@/sources/source-adapter';
import type { SystemDashboardResponse } from './api-schemas';

const STATUS: Record<string, HealthStatus> = {
  healthy: 'up',
  degraded: 'degraded',
  unhealthy: 'down',
  unknown: 'unknown',
};

/** Share of checks in the range that were up or degraded (the service answered). */
export function uptimeFromChecks(checks: HealthCheck[], range: ResolvedRange): number | null {
  const inRange = checks.filter((c) => {
    const t = Date.parse(c.at);
    return t >= range.from && t <= range.to && c.status !== 'unknown';
  });
  if (inRange.length === 0) return null;
  const up = inRange.filter((c) => c.status === 'up' || c.status === 'degraded').length;
  return (100 * up) / inRange.length;
}

export function toServiceHealth(raw: SystemDashboardResponse, range: ResolvedRange): ServiceHealthReport {
  const warnings: string[] = [];
  const services: ServiceHealth[] = raw.services.map((s) => {
    const checks: HealthCheck[] = [...s.history]
      .map((h) => ({ at: h.checked_at, status: STATUS[h.status] ?? 'unknown', responseTimeMs: h.response_time_ms }))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const status = STATUS[s.status] ?? 'unknown';
    return {
      id: s.name,
      name: s.display_name ?? s.name,
      group: s.category ?? null,
      status,
      critical: s.critical,
      lastCheckAt: s.checked_at ?? checks.at(-1)?.at ?? null,
      responseTimeMs: s.response_time_ms ?? null,
      uptimePct: s.uptime_pct ?? uptimeFromChecks(checks, range),
      checks,
      version: s.version ?? null,
      message: s.error ?? (status === 'down' && s.http_status ? `HTTP ${s.http_status}` : null),
    };
  });
  const ids = new Set<string>();
  for (const s of services) {
    if (ids.has(s.id)) warnings.push(`Service "${s.id}" is listed twice; showing both.`);
    ids.add(s.id);
  }
  return { services, generatedAt: raw.generated_at, warnings };
}
