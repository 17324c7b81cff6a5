// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentDetailSchema, incidentsResponseSchema, serviceStatusSchema } from '@/service/api-schemas';
import { startConsoleService } from '../main';

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
});
