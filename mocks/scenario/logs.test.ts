import { describe, expect, it } from 'vitest';
import { INCIDENT_OFFSETS as T } from './index';
import type { SimLogEvent } from './index';
import { ANCHOR, HOUR, MIN, msOf, scenario } from './testing';

const s = scenario('incident');
const isToken = (e: SimLogEvent) => e.level === 'ERROR' && e.exception?.type === 'TokenInvalidError';
const cmp = (a: string, b: string) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);

describe('logs: ordering, limits, timestamps', () => {
  it('forward is ascending, backward descending, both strictly, within the window', () => {
    const from = ANCHOR - 20 * MIN + 123;
    const to = ANCHOR - 123;
    const fwd = s.logs(from, to);
    const back = s.logs(from, to, { direction: 'backward' });
    expect(fwd.length).toBeGreaterThan(500);
    for (let i = 1; i < fwd.length; i++) expect(cmp(fwd[i - 1]!.tsNs, fwd[i]!.tsNs)).toBe(-1);
    expect(back).toEqual([...fwd].reverse());
    for (const e of fwd) {
      expect(e.tsNs).toMatch(/^\d{19}$/);
      expect(msOf(e.tsNs)).toBeGreaterThanOrEqual(from);
      expect(msOf(e.tsNs)).toBeLessThanOrEqual(to);
    }
  });

  it('limit keeps the oldest (forward) or newest (backward) events', () => {
    const all = s.logs(ANCHOR - 10 * MIN, ANCHOR);
    expect(s.logs(ANCHOR - 10 * MIN, ANCHOR, { limit: 50 })).toEqual(all.slice(0, 50));
    expect(s.logs(ANCHOR - 10 * MIN, ANCHOR, { limit: 50, direction: 'backward' })).toEqual(all.slice(-50).reverse());
    expect(s.logs(ANCHOR - 10 * MIN, ANCHOR, { limit: 0 })).toEqual([]);
  });

  it('a window is a slice of any larger window (events never depend on the query)', () => {
    const big = s.logs(ANCHOR - 30 * MIN, ANCHOR);
    const small = s.logs(ANCHOR - 17 * MIN, ANCHOR - 9 * MIN);
    const i = big.findIndex((e) => e.tsNs === small[0]!.tsNs);
    expect(big.slice(i, i + small.length)).toEqual(small);
  });

  it('24 h with limit 1000 is lazy: it returns the newest events without generating the whole day', () => {
    // The filter sees every event the query generates in the window, so it counts them.
    let seen = 0;
    let oldestSeen = Number.POSITIVE_INFINITY;
    const out = s.logs(ANCHOR - 24 * HOUR, ANCHOR, {
      limit: 1000,
      direction: 'backward',
      filter: (e) => {
        seen++;
        oldestSeen = Math.min(oldestSeen, msOf(e.tsNs));
        return true;
      },
    });
    expect(out).toHaveLength(1000);
    expect(msOf(out.at(-1)!.tsNs)).toBeGreaterThan(ANCHOR - 30 * MIN);
    // The day holds over 86,400 events (at least 1/s, the next test): the query stopped at the limit.
    expect(seen).toBe(1000);
    expect(oldestSeen).toBeGreaterThan(ANCHOR - 30 * MIN);
  });

  it('background volume is 1–3 events/s', () => {
    const n = scenario('healthy').logs(ANCHOR - HOUR, ANCHOR).length;
    expect(n / 3600).toBeGreaterThan(1);
    expect(n / 3600).toBeLessThan(3);
  });

  it('filter applies before the limit', () => {
    const errs = s.logs(ANCHOR - HOUR, ANCHOR, { filter: (e) => e.level === 'CRITICAL', limit: 5 });
    expect(errs).toHaveLength(5);
    expect(errs.every((e) => e.level === 'CRITICAL')).toBe(true);
  });
});

describe('logs: incidents', () => {
  it('TokenInvalidError escalates far above its baseline, which starts ~3 days ago', () => {
    const burst = s.logs(ANCHOR - 10 * MIN, ANCHOR, { filter: isToken });
    const baseline = s.logs(ANCHOR - 14 * HOUR, ANCHOR - 2 * HOUR, { filter: isToken });
    const burstRate = burst.length / 10;
    const baseRate = baseline.length / (12 * 60);
    expect(baseline.length).toBeGreaterThan(8);
    expect(burstRate).toBeGreaterThan(20 * baseRate);
    expect(burst.every((e) => e.service === 'spine-dev-api' && e.logger === 'capture_spine.api.auth' && e.incidentId === 'token-invalid')).toBe(true);
    expect(baseline.every((e) => e.incidentId === null)).toBe(true);
    const early = s.logs(ANCHOR + T.tokenBurstStart, ANCHOR + T.tokenBurstStart + 10 * MIN, { filter: isToken }).length;
    expect(burst.length).toBeGreaterThan(3 * early); // escalating
    const firstSeen = s.logs(ANCHOR + T.tokenBaselineStart - 2 * HOUR, ANCHOR + T.tokenBaselineStart + 6 * HOUR, { filter: isToken, limit: 1 });
    expect(msOf(firstSeen[0]!.tsNs)).toBeGreaterThanOrEqual(ANCHOR + T.tokenBaselineStart);
  });

  it('TokenInvalidError recurs hours after the anchor', () => {
    const quiet = s.logs(ANCHOR + 2 * HOUR, ANCHOR + 3 * HOUR, { filter: isToken }).length;
    const recur = s.logs(ANCHOR + 4 * HOUR, ANCHOR + 4 * HOUR + 20 * MIN, { filter: isToken }).length;
    expect(quiet).toBeLessThan(10);
    expect(recur).toBeGreaterThan(60);
  });

  it('Postgres outage: ConnectionRefusedError tracebacks from the API and the worker, then recovery', () => {
    const win = s.logs(ANCHOR + T.pgStart, ANCHOR + T.pgEnd, { filter: (e) => e.exception?.type === 'ConnectionRefusedError' });
    const services = new Set(win.map((e) => e.service));
    expect(services).toEqual(new Set(['spine-dev-api', 'spine-dev-celery-worker']));
    expect(win.length).toBeGreaterThan(40);
    expect(win[0]!.exception!.traceback.at(-1)).toBe('ConnectionRefusedError: [Errno 111] Connection refused');
    const after = s.logs(ANCHOR + T.pgEnd + MIN, ANCHOR, { filter: (e) => e.incidentId === 'pg-outage' });
    expect(after).toEqual([]);
    const recovered = s.logs(ANCHOR + T.pgEnd, ANCHOR + T.pgEnd + MIN, { filter: (e) => e.incidentId === 'pg-outage' && e.level === 'INFO' && e.logger === 'capture_spine.db.pool' });
    expect(recovered).toHaveLength(1);
  });

  it('Ollama: CRITICAL "Ollama service unavailable" with ConnectionRefusedError', () => {
    const crit = s.logs(ANCHOR + T.ollamaDown, ANCHOR, { filter: (e) => e.level === 'CRITICAL' });
    expect(crit.length).toBeGreaterThan(10);
    for (const e of crit) {
      expect(e).toMatchObject({ service: 'genai-spine-api', logger: 'genai_spine.providers.ollama', message: 'Ollama service unavailable', incidentId: 'ollama-down' });
      expect(e.exception!.type).toBe('ConnectionRefusedError');
    }
    expect(s.logs(ANCHOR - 3 * HOUR, ANCHOR + T.ollamaDown - 1, { filter: (e) => e.level === 'CRITICAL' })).toEqual([]);
  });

  it('SEC 429s and the default backlog show up in the logs', () => {
    const failed = s.logs(ANCHOR + T.secFailStart, ANCHOR, { filter: (e) => e.message.startsWith('feed_run.failed') && e.message.includes('feed=sec-rss') });
    expect(failed.length).toBeGreaterThanOrEqual(8);
    expect(failed[0]!.exception!.message).toContain('429 Too Many Requests');
    const lost = s.logs(ANCHOR + T.worker2Down - MIN, ANCHOR + T.worker2Down, { filter: (e) => e.exception?.type === 'WorkerLostError' });
    expect(lost).toHaveLength(1);
    const backlog = s.logs(ANCHOR - 10 * MIN, ANCHOR, { filter: (e) => e.logger === 'capture_spine.orchestration.dispatcher' && e.level === 'ERROR' });
    expect(backlog.length).toBeGreaterThan(2);
    expect(backlog[0]!.message).toMatch(/^Queue default backlog: depth=\d+ oldest_task_age=\d+s/);
  });
});
