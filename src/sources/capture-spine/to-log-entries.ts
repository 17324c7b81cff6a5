import type { LogEntry, LogLevel, LogPage } from '@/lib/model';
import { isoToNs } from '@/lib/nanotime';
import type { LogQueryParams } from '@/sources/source-adapter';
import type { MonitoringAlertsResponse } from './api-schemas';

const LEVELS: Record<string, LogLevel> = { WARNING: 'warning', WARN: 'warning', ERROR: 'error', CRITICAL: 'critical', FATAL: 'critical' };

/** The lowest alert level the user asked for; capture-spine's alerts start at WARNING. */
export function minLevelFor(levels: LogLevel[] | undefined): 'WARNING' | 'ERROR' | 'CRITICAL' {
  if (!levels || levels.length === 0 || levels.includes('warning')) return 'WARNING';
  if (levels.includes('error')) return 'ERROR';
  return levels.includes('critical') ? 'CRITICAL' : 'WARNING';
}

/**
 * capture-spine's alerts (WARNING and above, millisecond timestamps) as log entries. Service,
 * level and text filters apply here because the API has none; a truncated answer says so.
 */
export function alertsToLogPage(raw: MonitoringAlertsResponse, params: LogQueryParams): LogPage {
  const warnings: string[] = [];
  const below = (params.levels ?? []).filter((l) => l === 'info' || l === 'debug' || l === 'trace');
  if (below.length > 0) warnings.push(`capture-spine's alerts API has WARNING and above only; ${below.join(', ')} lines are not available from it.`);
  if (params.raw) warnings.push('capture-spine takes no raw query; the raw query was ignored.');
  const text = params.text?.toLowerCase();
  const seen = new Map<string, number>();
  const entries: LogEntry[] = [];
  for (const a of raw.alerts) {
    const level = LEVELS[a.level.toUpperCase()] ?? 'unknown';
    if (params.levels?.length && !params.levels.includes(level)) continue;
    if (params.services?.length && !params.services.includes(a.service ?? '')) continue;
    const message = a.exception ? `${a.message}\n${a.exception}` : a.message;
    if (text && !message.toLowerCase().includes(text)) continue;
    const timeNs = isoToNs(a.timestamp) ?? '0';
    const base = `${a.service ?? '-'}:${timeNs}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    entries.push({
      id: `${base}:${n}`,
      timeNs,
      service: a.service,
      level,
      message,
      labels: { service: a.service ?? '', logger: a.logger ?? '', level: a.level },
      raw: `${a.timestamp} | ${a.level.padEnd(8)} | ${a.logger ?? '-'} | ${message}`,
      streamId: `capture-spine/${a.service ?? '-'}`,
    });
  }
  const truncated = raw.total_count > raw.alerts.length;
  if (truncated) warnings.push(`capture-spine returned ${raw.alerts.length} of ${raw.total_count} alerts in the range (its API has no paging).`);
  return { entries, truncated, nextCursor: null, warnings };
}
