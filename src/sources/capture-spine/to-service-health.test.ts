import { describe, expect, it } from 'vitest';
import dashboard from './fixtures/system-dashboard.json';
import { systemDashboardSchema } from './api-schemas';
import { toServiceHealth, uptimeFromChecks } from './to-service-health';

const now = Date.parse('2026-11-28T10:00:00.000Z');
const range = { from: now - 15 * 60_000, to: now };

describe('toServiceHealth', () => {
  const report = toServiceHealth(systemDashboardSchema.parse(dashboard), range);

  it('maps capture-spine statuses to up / degraded / down / unknown', () => {
    expect(report.services.map((s) => [s.id, s.status])).toEqual([
      ['spine-dev-api', 'up'],
      ['spine-dev-celery-worker', 'degraded'],
      ['genai-spine-api', 'degraded'],
      ['spine-ollama', 'down'],
      ['spine-loki', 'unknown'],
    ]);
  });

  it('keeps the server uptime when given and derives it from the checks otherwise', () => {
    const api = report.services.find((s) => s.id === 'spine-dev-api');
    expect(api?.uptimePct).toBe(98.6);
    const ollama = report.services.find((s) => s.id === 'spine-ollama');
    // 10 checks in range, 4 up and 6 down
    expect(ollama?.uptimePct).toBeCloseTo(40);
    expect(report.services.find((s) => s.id === 'spine-loki')?.uptimePct).toBeNull();
  });

  it('orders the heartbeat oldest first and keeps names, groups and errors', () => {
    const api = report.services[0]!;
    expect(api.name).toBe('capture-spine API');
    expect(api.group).toBe('Core Applications');
    expect(api.critical).toBe(true);
    const times = api.checks.map((c) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(report.services[3]?.message).toBe('connect ECONNREFUSED 172.18.0.9:11434');
    expect(report.services[4]?.lastCheckAt).toBeNull();
  });

  it('warns about duplicated services instead of dropping one', () => {
    const raw = systemDashboardSchema.parse({ ...dashboard, services: [dashboard.services[0], dashboard.services[0]] });
    expect(toServiceHealth(raw, range).warnings).toEqual(['Service "spine-dev-api" is listed twice; showing both.']);
  });
});

describe('uptimeFromChecks', () => {
  it('ignores checks outside the range and unknown checks', () => {
    const checks = [
      { at: '2026-11-28T09:00:00.000Z', status: 'down' as const, responseTimeMs: null },
      { at: '2026-11-28T09:50:00.000Z', status: 'up' as const, responseTimeMs: 10 },
      { at: '2026-11-28T09:55:00.000Z', status: 'unknown' as const, responseTimeMs: null },
      { at: '2026-11-28T09:59:00.000Z', status: 'down' as const, responseTimeMs: null },
    ];
    expect(uptimeFromChecks(checks, range)).toBe(50);
  });
});
