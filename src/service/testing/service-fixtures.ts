/**
 * Test data for the console service's API, built from (and checked against) its schemas, and
 * msw handlers for /api/* that tests install with `server.use()` (never the demo's handlers).
 * `createServiceApi()` is a small in-memory service: incidents, config and issue states that the
 * handlers read and write, so a test acts and sees the result as a browser would.
 */
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import { ruleSchema } from '@/alerting/rule-schemas';
import {
  alertingConfigResponseSchema,
  alertingConfigSchema,
  incidentActionSchema,
  incidentSchema,
  issueStatePutSchema,
  savedViewInputSchema,
  savedViewSchema,
  serviceStatusSchema,
} from '../api-schemas';
import type { IncidentDto, IndexedIssueDto, ServiceStatus } from '../api-schemas';
import type { IssueStateDto, SavedView } from '../service-client';

export const SERVICE_BASE = 'http://localhost';

export function serviceStatus(overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return serviceStatusSchema.parse({
    mode: 'live',
    store: { driver: 'pglite', where: './data', ok: true, problem: null },
    watcher: { role: 'leader', intervalMs: 30_000, lastCycleAt: null, lastDurationMs: null, storeProblem: null, parts: [], problems: [] },
    writesNeedToken: false,
    ...overrides,
  });
}

export function incident(overrides: Partial<IncidentDto> = {}): IncidentDto {
  const startedAt = overrides.startedAt ?? Date.parse('2026-11-28T09:40:00.000Z');
  return incidentSchema.parse({
    id: `service-down|spine-ollama|${startedAt}`,
    ruleId: 'service-down',
    ruleName: 'A service is down',
    kind: 'service-down',
    subject: 'spine-ollama',
    subjectLabel: 'spine-ollama',
    services: ['spine-ollama'],
    severity: 'CRITICAL',
    status: 'firing',
    condition: 'down',
    summary: 'Ollama is down',
    pendingSince: startedAt - 60_000,
    startedAt,
    lastSeenAt: startedAt + 600_000,
    count: 21,
    muted: false,
    notified: true,
    ...overrides,
  });
}

/** The rules the test service starts with (two, parsed as the service stores them). */
export const SERVICE_RULES = [
  ruleSchema.parse({ id: 'service-down', name: 'Service down', kind: 'service-down', severity: 'CRITICAL', failAfter: 3, recoverAfter: 2 }),
  ruleSchema.parse({ id: 'queue-backlog', name: 'Queue backlog', kind: 'queue', severity: 'ERROR', depthAbove: 100, for: '1m' }),
];

/** A saved view as the service returns it. */
export function savedView(overrides: Partial<SavedView> = {}): SavedView {
  return savedViewSchema.parse({
    id: 'sv-1',
    view: 'logs',
    name: 'Checkout errors',
    query: 'service=spine-checkout&level=error',
    createdAt: Date.parse('2026-11-28T09:00:00.000Z'),
    createdBy: 'alice',
    ...overrides,
  });
}

export interface ServiceApiOptions {
  incidents?: IncidentDto[];
  savedViews?: SavedView[];
  /** The issue index's issues per source id; a source not named is not indexed yet. */
  indexedIssues?: Record<string, { knownSinceNs: string; issues: IndexedIssueDto[] }>;
  status?: ServiceStatus;
  /** When set, writes need `Authorization: Bearer <token>`. */
  token?: string;
  /** Who acknowledges (the trusted user header the service would read). */
  actor?: string | null;
  now?: () => number;
}

const apiError = (status: number, error: string, message: string) => HttpResponse.json({ error, message }, { status });

/** An in-memory console service: its state, and the handlers that serve and change it. */
export function createServiceApi(options: ServiceApiOptions = {}) {
  const now = options.now ?? (() => Date.parse('2026-11-28T10:00:00.000Z'));
  const state = {
    status: options.status ?? serviceStatus(),
    incidents: [...(options.incidents ?? [incident()])],
    config: alertingConfigResponseSchema.parse({ rules: SERVICE_RULES, maintenance: [], problems: [] }),
    issueStates: new Map<string, Record<string, IssueStateDto>>(),
    savedViews: [...(options.savedViews ?? [])],
    indexedIssues: { ...(options.indexedIssues ?? {}) },
    /** Every write the service accepted, in order: `PUT issue-states/loki/abc`. */
    writes: [] as string[],
    /** The database is unreachable: the status says so and every store-backed request answers 503. */
    storeDown: null as string | null,
  };
  const denied = (request: Request) =>
    options.token !== undefined && request.headers.get('authorization') !== `Bearer ${options.token}`
      ? apiError(401, 'token_required', 'This console service needs its access token for changes (CONSOLE_AUTH_TOKEN): enter it when asked.')
      : null;
  const api = (path: string) => `${SERVICE_BASE}/api/${path}`;
  const down = () => (state.storeDown !== null ? storeUnavailable() : undefined);
  const handlers: HttpHandler[] = [
    http.get(api('status'), () =>
      HttpResponse.json(state.storeDown !== null ? { ...state.status, store: { ...state.status.store, ok: false, problem: state.storeDown } } : state.status),
    ),
    http.all(api('*'), () => down()),
    http.get(api('incidents'), () => HttpResponse.json({ incidents: state.incidents, now: now() })),
    http.post(api('incidents/:id/actions'), async ({ request, params }) => {
      const no = denied(request);
      if (no) return no;
      const action = incidentActionSchema.parse(await request.json());
      const i = state.incidents.findIndex((x) => x.id === params.id);
      if (i < 0) return apiError(404, 'not_found', `No incident "${String(params.id)}".`);
      const prev = state.incidents[i]!;
      const next: IncidentDto =
        action.type === 'acknowledge'
          ? { ...prev, acknowledgedAt: now(), ...(options.actor ? { acknowledgedBy: options.actor } : {}) }
          : action.type === 'snooze'
            ? { ...prev, snoozedUntil: action.until }
            : action.type === 'unsnooze'
              ? { ...prev, snoozedUntil: undefined }
              : { ...prev, status: 'resolved', resolvedAt: now(), resolvedBy: 'user' };
      state.incidents[i] = next;
      state.writes.push(`POST incidents/${prev.id}/actions ${action.type}`);
      return HttpResponse.json({ incident: next, events: [] });
    }),
    http.get(api('alerting/config'), () => HttpResponse.json(state.config)),
    http.put(api('alerting/config'), async ({ request }) => {
      const no = denied(request);
      if (no) return no;
      const config = alertingConfigSchema.parse(await request.json());
      state.config = { rules: config.rules, maintenance: config.maintenance, problems: [] };
      state.writes.push('PUT alerting/config');
      return HttpResponse.json(state.config);
    }),
    http.get(api('issue-states'), ({ request }) => {
      const source = new URL(request.url).searchParams.get('source') ?? '';
      return HttpResponse.json({ states: state.issueStates.get(source) ?? {} });
    }),
    http.put(api('issue-states/:source/:issue'), async ({ request, params }) => {
      const no = denied(request);
      if (no) return no;
      const body = issueStatePutSchema.parse(await request.json());
      const source = String(params.source);
      const states = { ...(state.issueStates.get(source) ?? {}) };
      if (body.state) states[String(params.issue)] = body.state;
      else delete states[String(params.issue)];
      state.issueStates.set(source, states);
      state.writes.push(`PUT issue-states/${source}/${String(params.issue)}`);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(api('issues'), ({ request }) => {
      const q = new URL(request.url).searchParams;
      const source = q.get('source') ?? '';
      const index = state.indexedIssues[source];
      return HttpResponse.json({ sourceId: source, from: Number(q.get('from')), to: Number(q.get('to')), hourMs: 3_600_000, knownSinceNs: index?.knownSinceNs ?? null, issues: index?.issues ?? [] });
    }),
    http.get(api('saved-views'), () => HttpResponse.json({ views: [...state.savedViews].sort((a, b) => a.view.localeCompare(b.view) || a.name.localeCompare(b.name)) })),
    http.post(api('saved-views'), async ({ request }) => {
      const no = denied(request);
      if (no) return no;
      const input = savedViewInputSchema.safeParse(await request.json());
      if (!input.success) return apiError(400, 'invalid', input.error.issues[0]?.message ?? 'invalid');
      // As the store does: the same name in the same view replaces the saved one (and keeps its id).
      const existing = state.savedViews.find((v) => v.view === input.data.view && v.name === input.data.name);
      const saved = savedView({ ...input.data, id: existing?.id ?? `sv-${state.writes.length + 100}`, createdAt: now(), createdBy: options.actor ?? null });
      state.savedViews = [...state.savedViews.filter((v) => !(v.view === saved.view && v.name === saved.name)), saved];
      state.writes.push(`POST saved-views ${saved.view} ${saved.name}`);
      return HttpResponse.json(saved, { status: 201 });
    }),
    http.delete(api('saved-views/:id'), ({ request, params }) => {
      const no = denied(request);
      if (no) return no;
      if (!state.savedViews.some((v) => v.id === params.id)) return apiError(404, 'not_found', `No saved view "${String(params.id)}".`);
      state.savedViews = state.savedViews.filter((v) => v.id !== params.id);
      state.writes.push(`DELETE saved-views/${String(params.id)}`);
      return new HttpResponse(null, { status: 204 });
    }),
    // No stream in tests (jsdom has no EventSource); a test that wants one stubs EventSource.
    http.get(api('events'), () => new HttpResponse(null, { status: 204 })),
  ];
  return { state, handlers };
}

/** The answer a service gives every store-backed request while its database is down. */
export const storeUnavailable = () =>
  apiError(503, 'store_unavailable', 'The console service cannot reach its database; sources stay readable, changes wait until it is back.');
