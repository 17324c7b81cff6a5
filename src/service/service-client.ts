/**
 * The UI's typed client of the console service's JSON API (/api/…, shapes in api-schemas.ts).
 * Every response is parsed with its schema; every failure is a ServiceError carrying the API's
 * own message. The optional bearer token (CONSOLE_AUTH_TOKEN) lives in this object only: never in
 * storage, a cookie or a URL, so closing the tab forgets it.
 */
import type { z } from '@/lib/zod';
import type { AlertingConfig, Rule } from '@/alerting/rule-schemas';
import {
  alertingConfigResponseSchema,
  apiErrorSchema,
  backtestResponseSchema,
  demoScenarioResponseSchema,
  indexedIssuesResponseSchema,
  incidentDetailSchema,
  incidentsResponseSchema,
  issueStatesResponseSchema,
  savedViewSchema,
  savedViewsResponseSchema,
  serviceStatusSchema,
} from './api-schemas';
import type { BacktestResponse, IncidentActionDto, IndexedIssuesResponse, issueStatePutSchema, ServiceStatus } from './api-schemas';

export type ServiceErrorCode = 'network' | 'timeout' | 'cancelled' | 'http' | 'parse';

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  /** The HTTP status, for `http`. */
  readonly status: number | undefined;
  /** The API's error code (`store_unavailable`, `token_required`, `not_firing`…), when it sent one. */
  readonly apiError: string | undefined;

  constructor(init: { code: ServiceErrorCode; message: string; status?: number; apiError?: string; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ServiceError';
    this.code = init.code;
    this.status = init.status;
    this.apiError = init.apiError;
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}

/** The service cannot reach its database (503 store_unavailable): reads of sources still work. */
export const isStoreUnavailable = (error: unknown): error is ServiceError => isServiceError(error) && error.status === 503 && error.apiError === 'store_unavailable';
/** A write needs CONSOLE_AUTH_TOKEN (none given, or the wrong one). */
export const isTokenRequired = (error: unknown): error is ServiceError => isServiceError(error) && error.status === 401;

/** Retry a read twice on a network failure or a 5xx other than 503 (the store being down is not transient). */
export function shouldRetryService(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2 || !isServiceError(error)) return false;
  return error.code === 'network' || error.code === 'timeout' || (error.code === 'http' && (error.status ?? 0) >= 500 && error.status !== 503);
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface ServiceClientOptions {
  /** Where the service is: '' for this page's origin, or a prefix such as `/monitoring/console-service`. */
  baseUrl: string;
  fetch?: typeof fetch;
  /**
   * Told whether the service can reach its database, whenever an answer says so: /api/status
   * gives its `store.problem` (`from: 'status'`), a 503 store_unavailable its message, and any
   * other answer from a store-backed endpoint null.
   */
  onStoreState?: (problem: string | null, from: 'status' | 'answer') => void;
}

export type IncidentsResponse = z.infer<typeof incidentsResponseSchema>;
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;
export type AlertingConfigResponse = z.infer<typeof alertingConfigResponseSchema>;
export type IssueStatesResponse = z.infer<typeof issueStatesResponseSchema>;
export type SavedView = z.infer<typeof savedViewSchema>;
/** An issue's stored lifecycle state (errors/lifecycle's StoredIssueState, as the API carries it). */
export type IssueStateDto = NonNullable<z.infer<typeof issueStatePutSchema>['state']>;
export type SavedViewInput = Pick<SavedView, 'view' | 'name' | 'query'>;

export interface ServiceClient {
  readonly baseUrl: string;
  /** `${baseUrl}/api/events`, for `subscribeToChanges`. */
  readonly eventsUrl: string;
  /** Keeps the token in memory for this client's life; null forgets it. */
  setToken(token: string | null): void;
  hasToken(): boolean;
  status(options?: RequestOptions): Promise<ServiceStatus>;
  incidents(options?: RequestOptions): Promise<IncidentsResponse>;
  incident(id: string, options?: RequestOptions): Promise<IncidentDetail>;
  act(id: string, action: IncidentActionDto, options?: RequestOptions): Promise<IncidentDetail>;
  alertingConfig(options?: RequestOptions): Promise<AlertingConfigResponse>;
  putAlertingConfig(config: Pick<AlertingConfig, 'rules' | 'maintenance'>, options?: RequestOptions): Promise<AlertingConfigResponse>;
  issueStates(sourceId: string, options?: RequestOptions): Promise<IssueStatesResponse>;
  /** Stores one issue's state for everyone; null clears it. */
  putIssueState(sourceId: string, issueId: string, state: IssueStateDto | null, options?: RequestOptions): Promise<void>;
  savedViews(options?: RequestOptions): Promise<SavedView[]>;
  saveView(input: SavedViewInput, options?: RequestOptions): Promise<SavedView>;
  deleteView(id: string, options?: RequestOptions): Promise<void>;
  /** The rule replayed over what the service has observed (a read: it needs no token). */
  backtest(rule: Rule, options?: RequestOptions): Promise<BacktestResponse>;
  /** The issue index's issues of a source seen in [from, to) (exact counts, first seen ever). */
  indexedIssues(sourceId: string, range: { from: number; to: number; buckets?: number; limit?: number }, options?: RequestOptions): Promise<IndexedIssuesResponse>;
  /** Demo mode only: switches the simulated story the watcher reads (and every page follows). */
  setDemoScenario(scenario: string, options?: RequestOptions): Promise<string>;
}

const isAbort = (e: unknown) => typeof e === 'object' && e !== null && 'name' in e && ((e as { name: unknown }).name === 'AbortError' || (e as { name: unknown }).name === 'TimeoutError');

function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : '(root): invalid';
}

export function createServiceClient({ baseUrl, fetch: fetchImpl, onStoreState }: ServiceClientOptions): ServiceClient {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const where = base === '' ? 'this origin' : base;
  let token: string | null = null;

  async function request<T>(method: string, path: string, schema: z.ZodType<T> | null, body: unknown, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token && method !== 'GET') headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted || isAbort(error)) {
        const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
        throw new ServiceError({ code: timedOut ? 'timeout' : 'cancelled', message: timedOut ? `The console service at ${where} did not answer in time.` : 'Cancelled.', cause: error });
      }
      throw new ServiceError({ code: 'network', message: `The console service at ${where} cannot be reached: ${error instanceof Error ? error.message : String(error)}`, cause: error });
    }
    const storeBacked = path !== 'status';
    if (!response.ok) {
      const raw: unknown = await response.json().catch(() => null);
      const api = apiErrorSchema.safeParse(raw);
      const message = api.success ? api.data.message : `The console service answered HTTP ${response.status} for ${method} /api/${path}.`;
      const error = new ServiceError({ code: 'http', status: response.status, message, ...(api.success ? { apiError: api.data.error } : {}) });
      if (isStoreUnavailable(error)) onStoreState?.(error.message, 'answer');
      throw error;
    }
    if (schema === null) {
      await response.body?.cancel().catch(() => undefined);
      if (storeBacked) onStoreState?.(null, 'answer');
      return undefined as T;
    }
    const raw: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ServiceError({ code: 'parse', message: `The console service sent an unexpected answer for ${method} /api/${path} (${firstIssue(parsed.error)}); is it the same version as this page?`, cause: parsed.error });
    }
    if (storeBacked) onStoreState?.(null, 'answer');
    return parsed.data;
  }

  const seg = encodeURIComponent;
  return {
    baseUrl: base,
    eventsUrl: `${base}/api/events`,
    setToken: (next) => {
      token = next && next.trim() ? next.trim() : null;
    },
    hasToken: () => token !== null,
    status: async (o) => {
      const status = await request('GET', 'status', serviceStatusSchema, undefined, o);
      onStoreState?.(status.store.ok ? null : (status.store.problem ?? 'the database does not answer'), 'status');
      return status;
    },
    incidents: (o) => request('GET', 'incidents', incidentsResponseSchema, undefined, o),
    incident: (id, o) => request('GET', `incidents/${seg(id)}`, incidentDetailSchema, undefined, o),
    act: (id, action, o) => request('POST', `incidents/${seg(id)}/actions`, incidentDetailSchema, action, o),
    alertingConfig: (o) => request('GET', 'alerting/config', alertingConfigResponseSchema, undefined, o),
    putAlertingConfig: (config, o) => request('PUT', 'alerting/config', alertingConfigResponseSchema, { version: 1, rules: config.rules, maintenance: config.maintenance }, o),
    issueStates: (sourceId, o) => request('GET', `issue-states?source=${seg(sourceId)}`, issueStatesResponseSchema, undefined, o),
    putIssueState: (sourceId, issueId, state, o) => request('PUT', `issue-states/${seg(sourceId)}/${seg(issueId)}`, null, { state }, o),
    savedViews: async (o) => (await request('GET', 'saved-views', savedViewsResponseSchema, undefined, o)).views,
    saveView: (input, o) => request('POST', 'saved-views', savedViewSchema, input, o),
    deleteView: (id, o) => request('DELETE', `saved-views/${seg(id)}`, null, undefined, o),
    backtest: (rule, o) => request('POST', 'backtest', backtestResponseSchema, { rule }, o),
    indexedIssues: (sourceId, r, o) =>
      request('GET', `issues?source=${seg(sourceId)}&from=${Math.floor(r.from)}&to=${Math.ceil(r.to)}&buckets=${r.buckets ?? 24}&limit=${r.limit ?? 200}`, indexedIssuesResponseSchema, undefined, o),
    setDemoScenario: async (scenario, o) => (await request('PUT', 'demo/scenario', demoScenarioResponseSchema, { scenario }, o)).scenario,
  };
}

/**
 * Whether a console service answers at `baseUrl`: its status when GET /api/status gives a valid
 * one, null otherwise (404 from static hosting, `vite dev`'s index.html, nothing listening).
 */
export async function probeService(baseUrl: string, { fetch: fetchImpl, timeoutMs = 3_000 }: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<ServiceStatus | null> {
  try {
    return await createServiceClient({ baseUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}) }).status({ signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return null;
  }
}
