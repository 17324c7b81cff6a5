// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '@/alerting';
import type { Observation } from '@/alerting';
import { backtestResponseSchema, incidentDetailSchema, incidentsResponseSchema, indexedIssuesResponseSchema, serviceStatusSchema } from '@/service/api-schemas';
import { startConsoleService } from '../main';
import { createAlertingStore } from '../store/alerting';
import { connectStore } from '../store/connect';
import { createIssueStatesStore } from '../store/issue-states';
import { migrate } from '../store/migrate';
import { createObservationsStore } from '../store/observations';
import { createSavedViewsStore } from '../store/saved-views';
import { createApi } from './api';
import { createChangeHub } from './change-hub';

const ANCHOR = Date.parse('2026-11-28T10:00:00.000Z');
const TOKEN = 'a-long-test-token-0123456789';

describe('the console service API (demo scenario, PGlite in memory)', () => {
  let service: Awaited<ReturnType<typeof startConsoleService>>;
  let root: string;
  const lines: string[] = [];
  let t = ANCHOR;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'spine-api-'));
    service = await startConsoleService({
      env: { PORT: '0', DATA_DIR: 'memory://', WATCH_INTERVAL: '1h', CONSOLE_AUTH_TOKEN: TOKEN, TRUST_USER_HEADER: 'x-forwarded-user' },
      root,
      now: () => t,
      log: (l) => lines.push(l),
    });
    // The first cycle runs at start; wait for it.
    for (let i = 0; i < 200 && service.watcher.status().lastCycleAt === null; i += 1) await new Promise((r) => setTimeout(r, 100));
  }, 90_000);
  afterAll(async () => {
    await service?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${service.url}${path}`, init);
  const write = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    api(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers }, body: JSON.stringify(body) });

  it('lists the incidents the watcher opened before any browser looked', async () => {
    const body = incidentsResponseSchema.parse(await (await api('/api/incidents')).json());
    const firing = body.incidents.filter((i) => i.status === 'firing').map((i) => `${i.ruleId}:${i.subject}`);
    expect(firing).toEqual(expect.arrayContaining(['feed-health:sec-rss', 'queue-backlog:default']));
  });

  it('reports its status without secrets', async () => {
    const res = await api('/api/status');
    const text = await res.text();
    const status = serviceStatusSchema.parse(JSON.parse(text));
    expect(status).toMatchObject({ mode: 'demo', store: { driver: 'pglite', ok: true }, watcher: { role: 'leader' }, writesNeedToken: true, demoAnchorMs: ANCHOR });
    expect(text).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(TOKEN);
    // Grouping runs on a worker thread: the API does not pause while a cycle groups issues.
    expect(lines.join('\n')).not.toMatch(/grouping worker thread did not start/);
  });

  it('acknowledges through the API and records who did it', async () => {
    const list = incidentsResponseSchema.parse(await (await api('/api/incidents')).json());
    const target = list.incidents.find((i) => i.subject === 'sec-rss' && i.status === 'firing')!;
    const res = await write(`/api/incidents/${encodeURIComponent(target.id)}/actions`, { type: 'acknowledge' }, { 'x-forwarded-user': 'alice@example.com' });
    expect(res.status).toBe(200);
    const detail = incidentDetailSchema.parse(await res.json());
    expect(detail.incident).toMatchObject({ acknowledgedAt: t, acknowledgedBy: 'alice@example.com' });
    expect(detail.events.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'alice@example.com' });
  });

  it('refuses writes without the token, from another origin, or not as JSON', async () => {
    const list = incidentsResponseSchema.parse(await (await api('/api/incidents')).json());
    const id = encodeURIComponent(list.incidents[0]!.id);
    const noToken = await api(`/api/incidents/${id}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"acknowledge"}' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: 'token_required' });
    const crossSite = await write(`/api/incidents/${id}/actions`, { type: 'acknowledge' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const crossOrigin = await write(`/api/incidents/${id}/actions`, { type: 'acknowledge' }, { origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect((await crossOrigin.json()).message).toMatch(/CONSOLE_ALLOWED_ORIGINS/);
    const form = await api(`/api/incidents/${id}/actions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${TOKEN}` }, body: 'type=acknowledge' });
    expect(form.status).toBe(415);
  });

  it('answers bad input with what went wrong', async () => {
    const list = incidentsResponseSchema.parse(await (await api('/api/incidents')).json());
    const id = encodeURIComponent(list.incidents.find((i) => i.status === 'firing')!.id);
    const bad = await write(`/api/incidents/${id}/actions`, { type: 'explode' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/type/);
    const past = await write(`/api/incidents/${id}/actions`, { type: 'snooze', until: t - 1 });
    expect(past.status).toBe(400);
    const missing = await write('/api/incidents/nope/actions', { type: 'acknowledge' });
    expect(missing.status).toBe(404);
    const junk = await api('/api/incidents/x/actions', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{not json' });
    expect(junk.status).toBe(400);
    expect((await api('/api/nothing-here')).status).toBe(404);
  });

  it('pushes a change event to open streams when an incident changes', async () => {
    const controller = new AbortController();
    const res = await api('/api/events', { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const list = incidentsResponseSchema.parse(await (await api('/api/incidents')).json());
    const target = list.incidents.find((i) => i.status === 'firing' && i.snoozedUntil === undefined)!;
    t += 1000;
    await write(`/api/incidents/${encodeURIComponent(target.id)}/actions`, { type: 'snooze', until: t + 3_600_000 });
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('"topic":"incidents"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toContain('"topic":"incidents"');
  });

  it('keeps rules edits and rejects an invalid config with the field named', async () => {
    const config = await (await api('/api/alerting/config')).json();
    const rules = config.rules.filter((r: { id: string }) => r.id !== 'api-silent');
    const put = (body: unknown) => api('/api/alerting/config', { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    const ok = await put({ version: 1, rules, maintenance: [] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).rules.map((r: { id: string }) => r.id)).not.toContain('api-silent');
    const bad = await put({ version: 1, rules: [{ ...rules[0], threshold: 'lots' }], maintenance: [] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/rules\.0/);
  });

  it('backtests a rule over what the watcher observed, as a read: no token, but JSON from this origin', async () => {
    const issueRule = defaultRules().find((r) => r.kind === 'issue')!;
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      api('/api/backtest', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const res = await post({ rule: { ...issueRule, id: 'draft', enabled: false } });
    expect(res.status).toBe(200);
    const body = backtestResponseSchema.parse(await res.json());
    const lastCycleAt = service.watcher.status().lastCycleAt!;
    expect(body).toMatchObject({ evaluations: 1, from: lastCycleAt, to: lastCycleAt });
    // The stored rule opened an incident for each new issue at that cycle; the draft (disabled, but
    // replayed as if on) finds the same ones.
    const opened = incidentsResponseSchema.parse(await (await api('/api/incidents')).json()).incidents.filter((i) => i.ruleId === issueRule.id && i.startedAt === lastCycleAt);
    expect(opened.length).toBeGreaterThan(0);
    expect(body.firings.map((f) => f.subject).sort()).toEqual(opened.map((i) => i.subject).sort());
    expect(body.notifications).toBe(opened.filter((i) => i.notified).length);
    expect(body.timeline).toEqual([{ at: lastCycleAt, firing: opened.length }]);

    const bad = await post({ rule: { ...issueRule, severity: 'LOUD' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/^rule\.severity: /);
    expect((await post({ rule: issueRule, extra: 1 })).status).toBe(400);
    const form = await api('/api/backtest', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ rule: issueRule }) });
    expect(form.status).toBe(415);
    expect((await post({ rule: issueRule }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('serves the issue index with first seen ever and exact counts, and says what a bad range is', async () => {
    const bad = await api('/api/issues?source=loki&from=10&to=5');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/from < to/);
    expect((await api('/api/issues?from=1&to=2')).status).toBe(400);
    expect((await api(`/api/issues?source=loki&from=${t - 3_600_000}&to=${t}&buckets=0`)).status).toBe(400);
    // The ingest runs from the start; wait until it has indexed the story's last hour.
    let body = indexedIssuesResponseSchema.parse(await (await api(`/api/issues?source=loki&from=${t - 3_600_000}&to=${t}`)).json());
    for (let i = 0; i < 100 && body.issues.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      body = indexedIssuesResponseSchema.parse(await (await api(`/api/issues?source=loki&from=${t - 3_600_000}&to=${t}`)).json());
    }
    expect(body.knownSinceNs).not.toBeNull();
    const token = body.issues.find((i) => i.title.startsWith('TokenInvalidError'));
    expect(token?.count).toBeGreaterThan(0);
    expect(token?.firstSeenEverNs).toBe(token?.firstSeenNs);
    const status = serviceStatusSchema.parse(await (await api('/api/status')).json());
    expect(status.ingest?.map((s) => s.sourceId)).toEqual(expect.arrayContaining(['loki']));
    expect(status.ingest?.find((s) => s.sourceId === 'loki')?.linesIngested).toBeGreaterThan(0);
  }, 60_000);

  it('switches the demo story for the watcher and every page, and says what a bad name is', async () => {
    const put = (body: unknown, auth = true) =>
      api('/api/demo/scenario', { method: 'PUT', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}) }, body: JSON.stringify(body) });
    expect((await put({ scenario: 'healthy' }, false)).status).toBe(401);
    const unknown = await put({ scenario: 'tuesday' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).message).toMatch(/"tuesday" is not a demo scenario; one of incident, healthy/);
    expect((await put({ scene: 'healthy' })).status).toBe(400);

    const cycles = service.watcher.status().lastCycleAt;
    t += 30_000;
    const ok = await put({ scenario: 'healthy' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ scenario: 'healthy' });
    expect(serviceStatusSchema.parse(await (await api('/api/status')).json()).demoScenario).toBe('healthy');
    expect(await (await api('/runtime-config.json')).json()).toMatchObject({ service: { demoAnchorMs: ANCHOR, demoScenario: 'healthy' } });
    // The switch runs a cycle at once: what the incident story fired is ended.
    for (let i = 0; i < 300 && service.watcher.status().lastCycleAt === cycles; i += 1) await new Promise((r) => setTimeout(r, 100));
    const after = incidentsResponseSchema.parse(await (await api('/api/incidents')).json());
    expect(after.incidents.filter((i) => i.status === 'firing')).toEqual([]);
    expect(after.incidents.find((i) => i.subject === 'sec-rss')).toMatchObject({ status: 'resolved', resolvedBy: 'scenario-changed' });
    expect(lines.join('\n')).toMatch(/demo scenario switched to "healthy"/);
  }, 60_000);
});

describe('POST /api/backtest on a store of its own', () => {
  const T0 = Date.parse('2026-11-28T10:00:00.000Z');
  const issue = (at: number, status: 'new' | 'ongoing'): Observation => ({ at, issues: [{ id: 'timeout', title: 'TimeoutError in fetch', status, count: 3, firstSeenAt: T0, services: ['api'], level: 'error' }] });

  async function serve() {
    const conn = await connectStore({ dataDir: 'memory://' });
    await migrate(conn.raw);
    const alerting = createAlertingStore(conn.db);
    await alerting.seed();
    const observations = createObservationsStore(conn.db);
    const handle = createApi({
      alerting, issueStates: createIssueStatesStore(conn.db), savedViews: createSavedViewsStore(conn.db), observations, hub: createChangeHub(() => T0),
      guard: { token: 'secret-token-0123456789', userHeader: null, allowedOrigins: [] }, now: () => T0 + 3_600_000,
      status: async () => { throw new Error('not used'); }, log: () => undefined,
    });
    const http = createServer((req, res) => void handle(req, res, new URL(req.url ?? '/', 'http://localhost')));
    await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/backtest`;
    const post = (rule: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rule }) });
    const close = async () => {
      await new Promise<void>((ok) => http.close(() => ok()));
      await conn.close().catch(() => undefined);
    };
    return { conn, observations, post, close };
  }

  it('answers an empty backtest before the first cycle, then replays what was stored; 503 when the store is gone', async () => {
    const s = await serve();
    try {
      const rule = defaultRules().find((r) => r.kind === 'issue')!;
      const empty = await s.post(rule);
      expect(empty.status).toBe(200);
      expect(backtestResponseSchema.parse(await empty.json())).toEqual({ from: null, to: null, evaluations: 0, firings: [], timeline: [], notifications: 0 });

      // New for 10 minutes, then ongoing: one incident, one notification.
      for (let k = 0; k < 40; k += 1) await s.observations.record(issue(T0 + k * 30_000, k < 20 ? 'new' : 'ongoing'));
      const replayed = backtestResponseSchema.parse(await (await s.post(rule)).json());
      expect(replayed).toMatchObject({ from: T0, to: T0 + 39 * 30_000, evaluations: 40, notifications: 1 });
      expect(replayed.firings).toEqual([expect.objectContaining({ subject: 'timeout', start: T0, end: T0 + 20 * 30_000 })]);
      expect(replayed.timeline).toHaveLength(40);
      // A rule about another service finds nothing in the same history.
      expect(backtestResponseSchema.parse(await (await s.post({ ...rule, services: ['worker'] })).json()).firings).toEqual([]);

      await s.conn.close();
      const down = await s.post(rule);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ error: 'store_unavailable' });
    } finally {
      await s.close();
    }
  }, 60_000);
});
