import { describe, expect, it } from 'vitest';
import { INCIDENT_OFFSETS as T } from './index';
import { ANCHOR, HOUR, MIN, scenario } from './testing';

describe('health checks', () => {
  const s = scenario('incident');

  it('checks are aligned, oldest first, and checkAt(t) is the last of checks(…, t)', () => {
    for (const t of [ANCHOR, ANCHOR - 12_345, ANCHOR + 7 * HOUR + 999, ANCHOR + T.pgStart + 1]) {
      for (const svc of s.services()) {
        const list = s.checks(svc.id, t - HOUR, t);
        expect(list).toHaveLength(t % s.checkIntervalMs === 0 ? 121 : 120); // [from, to] inclusive
        expect(list.every((c) => c.at % s.checkIntervalMs === 0)).toBe(true);
        expect(list.map((c) => c.at)).toEqual([...list.map((c) => c.at)].sort((a, b) => a - b));
        expect(s.checkAt(svc.id, t)).toEqual(list[list.length - 1]);
      }
    }
  });

  it('postgres is down only during its outage; the API is degraded meanwhile', () => {
    const mid = ANCHOR + (T.pgStart + T.pgEnd) / 2;
    expect(s.checkAt('postgres', mid).status).toBe('down');
    expect(s.checkAt('postgres', mid).responseTimeMs).toBeNull();
    expect(s.checkAt('spine-dev-api', mid)).toMatchObject({ status: 'degraded', httpStatus: 503 });
    expect(s.checkAt('postgres', ANCHOR + T.pgEnd + MIN).status).toBe('up');
    expect(s.checkAt('postgres', ANCHOR + T.pgStart - MIN).status).toBe('up');
    expect(s.checkAt('spine-dev-api', ANCHOR).status).toBe('up');
  });

  it('ollama is down, genai degraded and the worker degraded from their incident starts on', () => {
    for (const t of [ANCHOR, ANCHOR + 5 * HOUR]) {
      expect(s.checkAt('spine-ollama', t).status).toBe('down');
      expect(s.checkAt('genai-spine-api', t).status).toBe('degraded');
      expect(s.checkAt('spine-dev-celery-worker', t).status).toBe('degraded');
    }
    expect(s.checkAt('spine-ollama', ANCHOR + T.ollamaDown - MIN).status).toBe('up');
  });

  it('the values move as the clock advances', () => {
    const rts = s.checks('spine-grafana', ANCHOR, ANCHOR + HOUR).map((c) => c.responseTimeMs);
    expect(new Set(rts).size).toBeGreaterThan(20);
  });
});
