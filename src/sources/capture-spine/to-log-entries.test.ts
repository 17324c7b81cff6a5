import { describe, expect, it } from 'vitest';
import alerts from './fixtures/monitoring-alerts.json';
import { monitoringAlertsSchema } from './api-schemas';
import { alertsToLogPage, minLevelFor } from './to-log-entries';

const raw = monitoringAlertsSchema.parse(alerts);

describe('alertsToLogPage', () => {
  it('maps the documented alerts to log entries with ns timestamps', () => {
    const page = alertsToLogPage(raw, { limit: 50 });
    expect(page.entries.map((e) => [e.timeNs, e.level, e.service])).toEqual([
      ['1769885123123000000', 'error', 'spine-dev-api'],
      ['1769884815456000000', 'critical', 'genai-spine-api'],
    ]);
    expect(page.entries[1]?.message).toBe('Ollama service unavailable\nConnectionRefusedError: [Errno 111] Connection refused');
    expect(page.truncated).toBe(true);
    expect(page.warnings).toEqual(["capture-spine returned 2 of 8 alerts in the range (its API has no paging)."]);
  });

  it('filters by service, level and literal text, and explains what it cannot provide', () => {
    expect(alertsToLogPage(raw, { limit: 50, services: ['genai-spine-api'] }).entries).toHaveLength(1);
    expect(alertsToLogPage(raw, { limit: 50, text: 'ECONNREFUSED' }).entries).toHaveLength(0);
    expect(alertsToLogPage(raw, { limit: 50, text: 'errno 111' }).entries).toHaveLength(1);
    const info = alertsToLogPage(raw, { limit: 50, levels: ['info', 'error'] });
    expect(info.entries).toHaveLength(1);
    expect(info.warnings[0]).toMatch(/WARNING and above only; info lines/);
  });

  it('asks the API for the lowest level needed', () => {
    expect(minLevelFor(undefined)).toBe('WARNING');
    expect(minLevelFor(['critical', 'error'])).toBe('ERROR');
    expect(minLevelFor(['critical'])).toBe('CRITICAL');
  });
});
