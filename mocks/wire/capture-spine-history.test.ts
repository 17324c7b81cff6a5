/**
 * The backtest on a source's history agrees with a replay of the same scenario: the incident
 * scenario served by the capture-spine mock wire (the proposed history endpoints), read by the
 * real adapter (zod validation + transforms), turned into observations and replayed.
 */
// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { createScenario, INCIDENT_OFFSETS as T } from '../scenario';
import { observationsFromScenario } from '../scenario/alert-observations.test-helper';
import { feedHistoryWire, healthHistoryWire, queueStatsWire } from './capture-spine';
import { captureSpineAdapter } from '@/sources/capture-spine';
import { createCaptureSpineClient } from '@/sources/capture-spine/client';
import type { SourceHistory } from '@/lib/model';
import { backtest } from '@/alerting/backtest';
import { backtestableRule } from '@/alerting/history/coverage';
import { buildObservations } from '@/alerting/history/observations';
import type { Rule } from '@/alerting/rule-schemas';
import { defaultRules } from '@/alerting/rules';

const A = Date.UTC(2025, 0, 15, 14, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const STEP = 5 * MIN;
const rule = (id: string) => defaultRules().find((r) => r.id === id)!;

function fakeCaptureSpine(now: number) {
  const scenario = createScenario({ name: 'incident', anchorMs: A });
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://console.test');
    const minutes = Number(url.searchParams.get('minutes'));
    const body = url.pathname.endsWith('/system/health-history')
      ? healthHistoryWire(scenario, now, minutes, url.searchParams.get('services')?.split(',') ?? null)
      : url.pathname.endsWith('/feeds/history')
        ? feedHistoryWire(scenario, now, minutes)
        : url.pathname.endsWith('/queues/stats')
          ? queueStatsWire(scenario, now, minutes, Number(url.searchParams.get('step_seconds')))
          : null;
    return body ? Response.json(body) : new Response('not found', { status: 404 });
  }) as typeof globalThis.fetch;
  const client = createCaptureSpineClient(captureSpineAdapter.configSchema.parse({ baseUrl: '/proxy/capture-spine' }), { sourceId: 'capture-spine', fetch, now: () => now });
  return { scenario, client };
}

describe('backtest on capture-spine history (incident scenario)', () => {
  const now = A + 10 * MIN;
  const range = { from: now - DAY, to: now };
  let history: SourceHistory;
  let replay: ReturnType<typeof observationsFromScenario>;
  beforeAll(async () => {
    const { scenario, client } = fakeCaptureSpine(now);
    history = await captureSpineAdapter.capabilities.history!(client, { kinds: ['services', 'feeds', 'queues'], stepMs: STEP }, { signal: new AbortController().signal, range });
    replay = observationsFromScenario(scenario, range.from, range.to, STEP, { include: { services: true, feeds: true, queues: true, logs: false, issues: false } });
  }, 60_000);

  const starts = (r: Rule, obs: Parameters<typeof backtest>[1]) => backtest(r, obs).firings.map((f) => `${f.subject}@${Math.round((f.start - A) / MIN)}`);

  it('validates and normalizes all three histories', () => {
    expect(history.services?.length).toBeGreaterThan(5);
    expect(history.services!.every((s) => s.segments.reduce((n, g) => n + g.checks, 0) >= DAY / 30_000 - 1)).toBe(true);
    expect(history.feeds?.length).toBeGreaterThan(3);
    expect(history.queues?.find((q) => q.name === 'default')?.points.length).toBeGreaterThan(280);
    expect(history.warnings).toEqual([]);
  });

  it('service-down fires for postgres and ollama at the same steps as a replay of the scenario', () => {
    const obs = buildObservations({ ...range, stepMs: STEP, services: history.services! });
    const fromHistory = starts(rule('service-down'), obs);
    expect(fromHistory).toEqual(starts(rule('service-down'), replay));
    expect(fromHistory.map((s) => s.split('@')[0])).toEqual(expect.arrayContaining(['postgres', 'spine-ollama']));
    const pg = backtest(rule('service-down'), obs).firings.find((f) => f.subject === 'postgres')!;
    expect(pg.start - A).toBeGreaterThanOrEqual(T.pgStart);
    expect(pg.start - A).toBeLessThanOrEqual(T.pgStart + STEP + 2 * MIN);
  });

  it('feed rules fire on the derived feed states like the replay', () => {
    const obs = buildObservations({ ...range, stepMs: STEP, feeds: history.feeds! });
    const fromHistory = starts(rule('feed-health'), obs);
    expect(fromHistory.length).toBeGreaterThan(0);
    expect(fromHistory).toEqual(starts(rule('feed-health'), replay));
  });

  it('queue depth history replays the depth condition (and only that)', () => {
    const { rule: depthOnly, notes } = backtestableRule(rule('queue-backlog'));
    expect(notes.join(' ')).toMatch(/oldest-task-age/);
    const obs = buildObservations({ ...range, stepMs: STEP, queues: history.queues! });
    const fromHistory = backtest(depthOnly!, obs).firings;
    expect(fromHistory.map((f) => f.subject)).toContain('default');
    const replayDepth = backtest(depthOnly!, replay).firings;
    expect(fromHistory.map((f) => `${f.subject}@${f.start}`)).toEqual(replayDepth.map((f) => `${f.subject}@${f.start}`));
  });
});
