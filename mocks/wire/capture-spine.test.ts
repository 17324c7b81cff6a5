// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { feedHistorySchema, feedStatusResponseSchema, healthHistorySchema, queueStatsResponseSchema, systemDashboardSchema } from '@/sources/capture-spine/api-schemas';
import { createScenario } from '../scenario';
import { feedHistoryWire, feedStatusWire, healthHistoryWire, monitoringAlertsWire, queueStatsWire, systemDashboardWire } from './capture-spine';

const anchor = Date.parse('2026-11-28T10:00:00.000Z');

describe('capture-spine mock wire format', () => {
  for (const name of ['incident', 'healthy', 'empty'] as const) {
    const scenario = createScenario({ name, anchorMs: anchor });
    it(`conforms to the console's contract (${name})`, () => {
      expect(systemDashboardSchema.safeParse(systemDashboardWire(scenario, anchor, 60)).success).toBe(true);
      expect(feedStatusResponseSchema.safeParse(feedStatusWire(scenario, anchor)).success).toBe(true);
      expect(queueStatsResponseSchema.safeParse(queueStatsWire(scenario, anchor, 60, 30)).success).toBe(true);
      expect(healthHistorySchema.safeParse(healthHistoryWire(scenario, anchor, 180, null)).success).toBe(true);
      expect(feedHistorySchema.safeParse(feedHistoryWire(scenario, anchor, 180)).success).toBe(true);
    });
  }

  it('serves the documented alerts shape with the incident errors', () => {
    const scenario = createScenario({ name: 'incident', anchorMs: anchor });
    const body = monitoringAlertsWire(scenario, anchor, 30, 10, 'ERROR');
    expect(Object.keys(body).sort()).toEqual(['alerts', 'has_critical', 'has_errors', 'time_range_minutes', 'total_count']);
    expect(body.alerts).toHaveLength(10);
    expect(body.total_count).toBeGreaterThan(10);
    expect(body.has_errors).toBe(true);
    for (const a of body.alerts) {
      expect(a.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(['ERROR', 'CRITICAL']).toContain(a.level);
    }
    expect(body.alerts.some((a) => a.exception?.startsWith('TokenInvalidError') || a.message.includes('TokenInvalid'))).toBe(true);
  });

  it('run-length encodes the check history: every check counted once, runs alternate status', () => {
    const scenario = createScenario({ name: 'incident', anchorMs: anchor });
    const body = healthHistoryWire(scenario, anchor, 180, ['postgres', 'no-such-service']);
    expect(body.services.map((s) => s.name)).toEqual(['postgres']);
    const segs = body.services[0]!.segments;
    expect(segs.reduce((n, g) => n + g.checks, 0)).toBe(scenario.checks('postgres', anchor - 180 * 60_000, anchor).length);
    expect(segs.some((g) => g.status === 'unhealthy')).toBe(true);
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.status).not.toBe(segs[i - 1]!.status);
  });

  it('moves as the clock advances', () => {
    const scenario = createScenario({ name: 'incident', anchorMs: anchor });
    const a = queueStatsWire(scenario, anchor, 60, 30).queues.find((q) => q.name === 'default')!;
    const b = queueStatsWire(scenario, anchor + 60_000, 60, 30).queues.find((q) => q.name === 'default')!;
    expect(b.messages).toBeGreaterThan(a.messages);
  });
});
