/**
 * The backtest of log rules (error rate, dead man's switch) on a log source's history agrees with
 * a replay of the scenario: the incident scenario served by the mock Loki and Elasticsearch wires
 * (mocks/wire), read by the real adapters' logVolume (query building, zod validation, transforms),
 * one service per query as the rule editor asks, turned into observations and replayed.
 *
 * The replay counts the simulator's rendered events itself: Loki counts one entry per line (a
 * traceback is many), Elasticsearch one document per event (Filebeat merged the traceback).
 */
// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { createScenario, INCIDENT_OFFSETS as T } from '../scenario';
import type { Scenario, SimLogEvent } from '../scenario';
import { esSearch } from './elasticsearch';
import { lokiQueryRange } from './loki';
import type { LogLevel, LogVolumeBucket } from '@/lib/model';
import { elasticsearchAdapter } from '@/sources/elasticsearch';
import { lokiAdapter } from '@/sources/loki';
import { backtest } from '@/alerting/backtest';
import { backtestableRule, historyStepMs } from '@/alerting/history/coverage';
import type { ServiceLogVolume } from '@/alerting/history/observations';
import { buildObservations } from '@/alerting/history/observations';
import type { Rule } from '@/alerting/rule-schemas';
import { defineRule } from '@/alerting/rules';

const A = Date.UTC(2025, 0, 15, 14, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const NOW = A + 10 * MIN;
const LEVEL: Record<string, LogLevel> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warning', ERROR: 'error', CRITICAL: 'critical' };

const errorRate = defineRule({ id: 'error-rate', name: 'Error rate above 20 per 5 min', kind: 'error-rate', severity: 'ERROR', threshold: 20, window: '5m', for: '2m', keepFiringFor: '5m' });
// postgres never logs (it is probed, not tailed); spine-elasticsearch logs about once a minute, so
// 6 quiet minutes happen now and then; the API never stops.
const deadMan = defineRule({ id: 'silent', name: 'Stopped logging', kind: 'dead-man', severity: 'ERROR', services: ['postgres', 'spine-elasticsearch', 'spine-dev-api'], silence: '6m' });
const ERROR_SERVICES = ['spine-dev-api', 'spine-dev-celery-worker', 'genai-spine-api', 'py-sec-edgar'];

type Wire = 'loki' | 'elasticsearch';

/** The adapter of `wire`, its client fetching from the mock wire function (as the MSW handlers do). */
function sourceOn(wire: Wire, scenario: Scenario) {
  const deps = (fetch: typeof globalThis.fetch) => ({ sourceId: wire, fetch, now: () => NOW });
  if (wire === 'loki') {
    const fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://console.test');
      if (!url.pathname.endsWith('/loki/api/v1/query_range')) return new Response('not found', { status: 404 });
      const reply = lokiQueryRange(scenario, NOW, url.searchParams);
      return 'json' in reply ? Response.json(reply.json, { status: reply.status }) : new Response(reply.text, { status: reply.status });
    }) as typeof globalThis.fetch;
    const client = lokiAdapter.createClient(lokiAdapter.configSchema.parse({ baseUrl: '/proxy/loki' }), deps(fetch));
    return (params: { services: string[]; levels?: LogLevel[]; stepMs: number }, range: { from: number; to: number }) =>
      lokiAdapter.capabilities.logVolume!(client, params, { signal: new AbortController().signal, range });
  }
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    const m = /\/proxy\/es\/([^/]+)\/_search$/.exec(url.pathname);
    if (!m) return new Response('not found', { status: 404 });
    const reply = esSearch(scenario, NOW, decodeURIComponent(m[1] ?? ''), String(init?.body ?? ''));
    return new Response(reply.body, { status: reply.status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const client = elasticsearchAdapter.createClient(elasticsearchAdapter.configSchema.parse({ baseUrl: '/proxy/es' }), deps(fetch));
  return (params: { services: string[]; levels?: LogLevel[]; stepMs: number }, range: { from: number; to: number }) =>
    elasticsearchAdapter.capabilities.logVolume!(client, params, { signal: new AbortController().signal, range });
}

/** What the rule editor does (history-queries.ts): one logVolume per service over the last 24 h. */
async function history(wire: Wire, scenario: Scenario, rule: Rule, services: readonly string[]) {
  const stepMs = historyStepMs(rule, '24h');
  const to = Math.floor(NOW / stepMs) * stepMs;
  const range = { from: to - DAY, to };
  const volume = sourceOn(wire, scenario);
  const levels = rule.kind === 'error-rate' ? (rule.levels?.length ? rule.levels : (['error', 'critical'] as LogLevel[])) : undefined;
  const logs: ServiceLogVolume[] = [];
  for (const service of services) logs.push({ service, buckets: await volume({ services: [service], ...(levels ? { levels } : {}), stepMs }, range) });
  return { ...range, stepMs, logs };
}

/** The replay: the scenario's events counted straight into [at, at + step) buckets. */
function replayBuckets(events: readonly SimLogEvent[], wire: Wire, from: number, to: number, stepMs: number, service: string, levels?: readonly LogLevel[]): LogVolumeBucket[] {
  const byAt = new Map<number, LogVolumeBucket>();
  for (const e of events) {
    const ms = Number(e.tsNs.slice(0, -6));
    const level = LEVEL[e.level] ?? 'unknown';
    if (e.service !== service || ms < from || ms >= to || (levels && !levels.includes(level))) continue;
    const at = from + Math.floor((ms - from) / stepMs) * stepMs;
    const b = byAt.get(at) ?? { at, counts: {} };
    byAt.set(at, b);
    b.counts[level] = (b.counts[level] ?? 0) + (wire === 'loki' ? e.lines.length : 1);
  }
  return [...byAt.values()].sort((x, y) => x.at - y.at);
}

const nonEmpty = (buckets: readonly LogVolumeBucket[]) => buckets.filter((b) => Object.values(b.counts).some((n) => (n ?? 0) > 0));
const starts = (rule: Rule, input: Parameters<typeof buildObservations>[0]) =>
  backtest(backtestableRule(rule, input.stepMs).rule!, buildObservations(input)).firings.map((f) => `${f.subject}@${(f.start - A) / MIN}`);

describe.each<Wire>(['loki', 'elasticsearch'])('backtest of log rules on %s history (incident scenario)', (wire) => {
  const scenario = createScenario({ name: 'incident', anchorMs: A });
  let events: SimLogEvent[];
  beforeAll(() => {
    events = scenario.logs(NOW - DAY - 10 * MIN, NOW);
  }, 120_000);

  it('error-rate: the adapter\'s buckets are the replay\'s, and the incidents fire at the replay\'s steps', async () => {
    const h = await history(wire, scenario, errorRate, ERROR_SERVICES);
    for (const { service, buckets } of h.logs) {
      expect(nonEmpty(buckets), service).toEqual(replayBuckets(events, wire, h.from, h.to, h.stepMs, service, ['error', 'critical']));
    }
    const replay = ERROR_SERVICES.map((service) => ({ service, buckets: replayBuckets(events, wire, h.from, h.to, h.stepMs, service, ['error', 'critical']) }));
    const fired = starts(errorRate, h);
    expect(fired).toEqual(starts(errorRate, { ...h, logs: replay }));
    // The story: the Postgres outage (A−95m … A−80m) makes the API's error rate fire within the
    // first steps of the outage (the 2 min pending period included), on either wire.
    const apiFirings = backtest(backtestableRule(errorRate, h.stepMs).rule!, buildObservations(h)).firings.filter((f) => f.subject === 'spine-dev-api');
    const byOutage = A + T.pgStart + 10 * MIN; // two 5 min steps: the first outage bucket, then the pending 2 min
    expect(apiFirings.some((f) => f.start <= byOutage && (f.end === null || f.end >= byOutage))).toBe(true);
    const api = apiFirings.map((f) => (f.start - A) / MIN);
    if (wire === 'elasticsearch') {
      // One document per event: the baseline TokenInvalidErrors (2 an hour) stay under 20 per 5 min.
      expect(api[0]).toBeGreaterThanOrEqual(T.pgStart / MIN);
    } else {
      // One entry per line: two baseline TokenInvalidErrors (tracebacks of ~20 lines) in 5 min are
      // already "more than 20 lines", so Loki fires on them too, hours before the outage.
      expect(api[0]).toBeLessThan(T.pgStart / MIN - 60);
    }
  }, 120_000);

  it('dead-man: silent services fire at the replay\'s steps; the API never does', async () => {
    const h = await history(wire, scenario, deadMan, deadMan.kind === 'dead-man' ? deadMan.services : []);
    const replay = h.logs.map(({ service }) => ({ service, buckets: replayBuckets(events, wire, h.from, h.to, h.stepMs, service) }));
    for (const [i, { service, buckets }] of h.logs.entries()) expect(nonEmpty(buckets), service).toEqual(replay[i]?.buckets);
    const fired = starts(deadMan, h);
    expect(fired).toEqual(starts(deadMan, { ...h, logs: replay }));
    // postgres never logs: the clock starts at the first observation (from + step) and 6 min of
    // silence are seen two 5 min steps later.
    expect(fired[0]).toBe(`postgres@${(h.from + 3 * h.stepMs - A) / MIN}`);
    expect(fired.some((s) => s.startsWith('spine-dev-api@'))).toBe(false);
  }, 120_000);
});
