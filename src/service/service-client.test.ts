import { http, HttpResponse } from 'msw';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { setupMockServer } from '@/testing/msw-server';
import { createServiceClient, isStoreUnavailable, isTokenRequired, probeService, ServiceError, shouldRetryService } from './service-client';
import { createServiceApi, SERVICE_BASE, serviceStatus, storeUnavailable } from './testing/service-fixtures';

const { server } = setupMockServer();
const client = (onStoreState?: (p: string | null, from: 'status' | 'answer') => void) => createServiceClient({ baseUrl: SERVICE_BASE, ...(onStoreState ? { onStoreState } : {}) });

/** Every request the service saw, with the headers that matter here. */
function record() {
  const seen: { method: string; url: string; authorization: string | null; contentType: string | null }[] = [];
  const on = ({ request }: { request: Request }) =>
    void seen.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization'), contentType: request.headers.get('content-type') });
  server.events.on('request:start', on);
  onTestFinished(() => void server.events.removeListener('request:start', on));
  return seen;
}

describe('console service client', () => {
  it('reads every collection, parsed with its schema', async () => {
    const api = createServiceApi();
    server.use(...api.handlers);
    const c = client();
    expect((await c.status()).watcher.intervalMs).toBe(30_000);
    const { incidents, now } = await c.incidents();
    expect(incidents.map((i) => i.summary)).toEqual(['Ollama is down']);
    expect(now).toBe(Date.parse('2026-11-28T10:00:00.000Z'));
    expect((await c.alertingConfig()).rules.map((r) => r.id)).toEqual(['service-down', 'queue-backlog']);
    expect(await c.issueStates('loki')).toEqual({ states: {} });
  });

  it('writes JSON, with ids encoded in the path, and answers with the new state', async () => {
    const api = createServiceApi({ actor: 'alice' });
    server.use(...api.handlers);
    const seen = record();
    const c = client();
    const id = api.state.incidents[0]!.id; // contains '|'
    const detail = await c.act(id, { type: 'acknowledge' });
    expect(detail.incident.acknowledgedBy).toBe('alice');
    await c.putIssueState('loki', 'abc:1', { resolvedAtMs: 5, updatedAtMs: 5 });
    expect(api.state.issueStates.get('loki')).toEqual({ 'abc:1': { resolvedAtMs: 5, updatedAtMs: 5 } });
    const writes = seen.filter((r) => r.method !== 'GET');
    expect(writes.map((w) => w.url)).toEqual([`${SERVICE_BASE}/api/incidents/${encodeURIComponent(id)}/actions`, `${SERVICE_BASE}/api/issue-states/loki/abc%3A1`]);
    expect(writes.every((w) => w.contentType === 'application/json')).toBe(true);
  });

  it("maps an error answer to a ServiceError with the API's message", async () => {
    server.use(http.post(`${SERVICE_BASE}/api/incidents/:id/actions`, () => HttpResponse.json({ error: 'not_firing', message: 'Incident "x" is already resolved; it takes no more actions.' }, { status: 409 })));
    const error = await client().act('x', { type: 'resolve' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'http', status: 409, apiError: 'not_firing', message: 'Incident "x" is already resolved; it takes no more actions.' });
  });

  it('says which request failed when the error has no API body', async () => {
    server.use(http.get(`${SERVICE_BASE}/api/incidents`, () => new HttpResponse('<html>Bad gateway</html>', { status: 502 })));
    await expect(client().incidents()).rejects.toMatchObject({ code: 'http', status: 502, message: 'The console service answered HTTP 502 for GET /api/incidents.' });
  });

  it('refuses an answer that does not match the schema, naming the field', async () => {
    server.use(http.get(`${SERVICE_BASE}/api/incidents`, () => HttpResponse.json({ incidents: [{ id: 1 }], now: 1 })));
    await expect(client().incidents()).rejects.toMatchObject({ code: 'parse', message: expect.stringMatching(/incidents\.0\.id: .*is it the same version as this page\?/) });
  });

  it('tells a network failure and a cancellation apart', async () => {
    server.use(http.get(`${SERVICE_BASE}/api/incidents`, () => HttpResponse.error()));
    await expect(client().incidents()).rejects.toMatchObject({ code: 'network', message: expect.stringContaining(`The console service at ${SERVICE_BASE} cannot be reached`) });
    const controller = new AbortController();
    controller.abort();
    await expect(client().incidents({ signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('reports the store state: a 503 store_unavailable gives its message, a later answer clears it', async () => {
    const states: string[] = [];
    const c = client((p, from) => states.push(`${from}: ${p}`));
    server.use(http.get(`${SERVICE_BASE}/api/incidents`, storeUnavailable, { once: true }), ...createServiceApi().handlers);
    const error = await c.incidents().catch((e: unknown) => e);
    expect(isStoreUnavailable(error)).toBe(true);
    await c.incidents();
    server.use(http.get(`${SERVICE_BASE}/api/status`, () => HttpResponse.json(serviceStatus({ store: { driver: 'postgres', where: 'db:5432', ok: false, problem: 'connect ECONNREFUSED' } }))));
    await c.status();
    expect(states).toEqual([expect.stringMatching(/^answer: The console service cannot reach its database/), 'answer: null', 'status: connect ECONNREFUSED']);
  });

  it('sends the token on writes only, once given, and keeps it nowhere but in memory', async () => {
    const api = createServiceApi({ token: 's3cret' });
    server.use(...api.handlers);
    const seen = record();
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const c = client();
    const first = await c.putIssueState('loki', 'a', null).catch((e: unknown) => e);
    expect(isTokenRequired(first)).toBe(true);
    expect(first).toMatchObject({ apiError: 'token_required' });
    c.setToken(' s3cret ');
    expect(c.hasToken()).toBe(true);
    await c.putIssueState('loki', 'a', null);
    await c.incidents();
    expect(seen.map((r) => [r.method, r.authorization])).toEqual([
      ['PUT', null],
      ['PUT', 'Bearer s3cret'],
      ['GET', null],
    ]);
    expect(seen.some((r) => r.url.includes('s3cret'))).toBe(false);
    expect(setItem).not.toHaveBeenCalled();
  });

  it('retries reads on network failures and 5xx, never on 4xx or a store that is down', () => {
    const http = (status: number) => new ServiceError({ code: 'http', status, message: '' });
    expect(shouldRetryService(0, new ServiceError({ code: 'network', message: '' }))).toBe(true);
    expect(shouldRetryService(0, http(502))).toBe(true);
    expect(shouldRetryService(2, http(502))).toBe(false);
    expect(shouldRetryService(0, http(503))).toBe(false);
    expect(shouldRetryService(0, http(404))).toBe(false);
    expect(shouldRetryService(0, new Error('x'))).toBe(false);
  });
});

describe('probeService', () => {
  it('gives the status of a service that answers', async () => {
    server.use(http.get(`${SERVICE_BASE}/api/status`, () => HttpResponse.json(serviceStatus({ mode: 'demo', demoAnchorMs: 1_800_000_000_000 }))));
    expect(await probeService(SERVICE_BASE)).toMatchObject({ mode: 'demo', demoAnchorMs: 1_800_000_000_000 });
  });

  it.each([
    ['static hosting (404)', () => new HttpResponse('Not found', { status: 404 })],
    ["vite dev's index.html", () => new HttpResponse('<!doctype html><div id="root"></div>', { headers: { 'content-type': 'text/html' } })],
    ['another JSON', () => HttpResponse.json({ hello: 'world' })],
    ['nothing listening', () => HttpResponse.error()],
  ])('gives null for %s', async (_name, resolver) => {
    server.use(http.get(`${SERVICE_BASE}/api/status`, resolver));
    expect(await probeService(SERVICE_BASE)).toBeNull();
  });
});
