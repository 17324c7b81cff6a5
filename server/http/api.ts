/**
 * The console service's JSON API under /api/: parse with the shared zod schemas, call one store
 * or watcher function, reply. Shapes: src/service/api-schemas.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyAction, backtest, partsReadBy } from '@/alerting';
import type { IncidentAction, Rule } from '@/alerting';
import { alertingConfigSchema, backtestRequestSchema, demoScenarioPutSchema, incidentActionSchema, issueStatePutSchema, savedViewInputSchema } from '@/service/api-schemas';
import type { BacktestResponse, ServiceStatus } from '@/service/api-schemas';
import type { AlertingStore } from '../store/alerting';
import type { IssueStatesStore } from '../store/issue-states';
import type { ObservationsStore } from '../store/observations';
import type { SavedViewsStore } from '../store/saved-views';
import type { IssueIndex } from '../ingest/issue-index';
import type { ChangeHub } from './change-hub';
import { checkWrite } from './guard';
import type { GuardConfig } from './guard';

export interface ApiDeps {
  alerting: AlertingStore;
  issueStates: IssueStatesStore;
  savedViews: SavedViewsStore;
  observations: ObservationsStore;
  hub: ChangeHub;
  guard: GuardConfig;
  now: () => number;
  status: () => Promise<ServiceStatus>;
  log: (line: string) => void;
  /** Demo mode only: the simulated story the watcher reads. */
  demo?: DemoControl;
  /** The issue index (absent: no log source to index). */
  issueIndex?: Pick<IssueIndex, 'list'>;
}

export interface DemoControl {
  current(): string;
  /** Switches the story for the watcher (and, through the status, every page); false for an unknown name. */
  set(name: string, actor: string | null): Promise<boolean>;
  names(): string[];
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const MAX_BODY = 1_000_000;

function send(res: ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    res.writeHead(status, { 'cache-control': 'no-store' });
    return void res.end();
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'too_large', 'The request body is over 1 MB.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_json', 'The request body is not valid JSON.');
  }
}

function parse<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length ? issue.path.map(String).join('.') : '(body)';
  throw new HttpError(400, 'invalid', `${where}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Errors that mean the database cannot be reached (as opposed to a bug or bad input), also when
 * wrapped: drizzle throws its own `Failed query: …` error with the driver's as its `cause`.
 */
export function isStoreUnavailable(error: unknown): boolean {
  let e = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth += 1, e = e.cause as typeof e) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '53300'].includes(code) || code.startsWith('08')) return true;
    if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed/i.test(typeof e.message === 'string' ? e.message : '')) return true;
  }
  return false;
}

const ID = /^[A-Za-z0-9_.:|@%-]{1,300}$/;
const MAX_ISSUES_SPAN_MS = 90 * 86_400_000;

export function createApi(deps: ApiDeps) {
  const { alerting, hub } = deps;

  async function incidentAction(id: string, body: unknown, actor: string | null) {
    const action = parse(incidentActionSchema, body);
    const now = deps.now();
    if (action.type === 'snooze' && !(action.until > now)) throw new HttpError(400, 'invalid', 'until: a snooze must end in the future.');
    const engineAction: IncidentAction = action.type === 'acknowledge' ? { type: 'acknowledge', ...(actor ? { by: actor } : {}) } : action;
    const found = await alerting.mutate(({ state }) => {
      const inc = state.incidents.find((i) => i.id === id);
      // Only firing incidents are in the evaluator's state; a resolved one takes no actions.
      if (!inc) return { state, events: [], result: false };
      const next = applyAction(state, id, engineAction, now);
      const type = { acknowledge: 'acknowledged', snooze: 'snoozed', unsnooze: 'unsnoozed', resolve: 'resolved' }[action.type];
      const detail = action.type === 'snooze' ? { until: action.until } : action.type === 'resolve' ? { by: 'user' } : {};
      return { state: next, events: [{ incidentId: id, type, at: now, actor, detail }], result: true };
    });
    if (!found) {
      const existing = await alerting.incident(id);
      if (!existing) throw new HttpError(404, 'not_found', `No incident "${id}".`);
      throw new HttpError(409, 'not_firing', `Incident "${id}" is already resolved; it takes no more actions.`);
    }
    hub.publish('incidents');
    return alerting.incident(id);
  }

  /**
   * The rule replayed over the stored observations (bounded: the last 24 h, at most as many as a
   * browser keeps) with the stored maintenance windows, as if enabled: the editor's backtest.
   */
  async function backtestStored(rule: Rule): Promise<BacktestResponse> {
    const [history, config] = await Promise.all([deps.observations.range({ now: deps.now(), parts: partsReadBy([rule]) }), alerting.config()]);
    const result = backtest({ ...rule, enabled: true }, history, { maintenance: config.maintenance });
    const { firings, timeline, notifications } = result;
    return { from: history[0]?.at ?? null, to: history.at(-1)?.at ?? null, evaluations: history.length, firings, timeline, notifications };
  }

  /** Handles /api/…; the caller has checked the prefix. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    const write = method !== 'GET' && method !== 'HEAD';
    // POST /api/backtest sends a rule but changes nothing: JSON from this origin, no token, no actor.
    const readsOnly = method === 'POST' && path.split('/').slice(2).join('/') === 'backtest';
    try {
      let actor: string | null = null;
      if (write) {
        const g = checkWrite(req, deps.guard, method !== 'DELETE', { read: readsOnly });
        if (!g.ok) return send(res, g.status, { error: g.error, message: g.message });
        actor = g.actor;
      }
      const seg = path.split('/').slice(2).map((s) => decodeURIComponent(s));
      const route = `${method} ${seg.map((s, i) => (i > 0 && !['actions', 'config', 'scenario'].includes(s) ? ':' : s)).join('/')}`;
      switch (route) {
        case 'GET status':
          return send(res, 200, await deps.status());
        case 'GET events':
          if (!hub.attach(res)) send(res, 503, { error: 'too_many_streams', message: 'Too many open event streams; the page falls back to polling.' });
          return;
        case 'GET incidents':
          return send(res, 200, { incidents: await alerting.incidents({ now: deps.now() }), now: deps.now() });
        case 'GET incidents/:': {
          if (!ID.test(seg[1]!)) throw new HttpError(400, 'invalid', 'Not an incident id.');
          const found = await alerting.incident(seg[1]!);
          if (!found) throw new HttpError(404, 'not_found', `No incident "${seg[1]}".`);
          return send(res, 200, found);
        }
        case 'POST incidents/:/actions':
          if (!ID.test(seg[1]!)) throw new HttpError(400, 'invalid', 'Not an incident id.');
          return send(res, 200, await incidentAction(seg[1]!, await readJson(req), actor));
        case 'GET alerting/config':
          return send(res, 200, { ...(await alerting.config()), problems: alerting.problems() });
        case 'PUT alerting/config': {
          const config = parse(alertingConfigSchema, await readJson(req));
          await alerting.saveRules(config.rules, actor);
          await alerting.saveMaintenance(config.maintenance, actor);
          hub.publish('config');
          return send(res, 200, { ...(await alerting.config()), problems: alerting.problems() });
        }
        case 'GET issue-states': {
          const source = url.searchParams.get('source') ?? '';
          if (!ID.test(source)) throw new HttpError(400, 'invalid', 'source: name the source, as in ?source=loki.');
          return send(res, 200, { states: Object.fromEntries(await deps.issueStates.all(source)) });
        }
        case 'PUT issue-states/:/:': {
          if (!ID.test(seg[1]!) || !ID.test(seg[2]!)) throw new HttpError(400, 'invalid', 'Not a source or issue id.');
          const { state } = parse(issueStatePutSchema, await readJson(req));
          await deps.issueStates.set(seg[1]!, seg[2]!, state ?? undefined, actor);
          hub.publish('issue-states');
          return send(res, 204);
        }
        case 'GET issues': {
          if (!deps.issueIndex) throw new HttpError(404, 'no_index', 'No log source is configured, so there is no issue index.');
          const q = url.searchParams;
          const source = q.get('source') ?? '';
          if (!ID.test(source)) throw new HttpError(400, 'invalid', 'source: name the source, as in ?source=loki.');
          const from = Number(q.get('from'));
          const to = Number(q.get('to'));
          if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from) {
            throw new HttpError(400, 'invalid', 'from, to: give the range as epoch milliseconds with from < to, as in ?from=1764000000000&to=1764086400000.');
          }
          if (to - from > MAX_ISSUES_SPAN_MS) throw new HttpError(400, 'invalid', 'from, to: the range may span 90 days at most.');
          const buckets = q.has('buckets') ? Number(q.get('buckets')) : 24;
          const limit = q.has('limit') ? Number(q.get('limit')) : 200;
          if (!Number.isInteger(buckets) || buckets < 1 || buckets > 500) throw new HttpError(400, 'invalid', 'buckets: a whole number from 1 to 500.');
          if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'invalid', 'limit: a whole number from 1 to 1000.');
          return send(res, 200, await deps.issueIndex.list(source, { from, to, buckets, limit }));
        }
        case 'GET saved-views':
          return send(res, 200, { views: await deps.savedViews.list() });
        case 'POST saved-views': {
          const input = parse(savedViewInputSchema, await readJson(req));
          const saved = await deps.savedViews.save(input, actor);
          hub.publish('config');
          return send(res, 201, saved);
        }
        case 'POST backtest': {
          const { rule } = parse(backtestRequestSchema, await readJson(req));
          return send(res, 200, await backtestStored(rule));
        }
        case 'DELETE saved-views/:':
          if (!(await deps.savedViews.remove(seg[1]!))) throw new HttpError(404, 'not_found', `No saved view "${seg[1]}".`);
          hub.publish('config');
          return send(res, 204);
        case 'PUT demo/scenario': {
          if (!deps.demo) throw new HttpError(404, 'not_demo', 'The console service reads real sources; demo scenarios exist only in demo mode.');
          const { scenario } = parse(demoScenarioPutSchema, await readJson(req));
          if (!(await deps.demo.set(scenario, actor))) throw new HttpError(400, 'invalid', `scenario: "${scenario}" is not a demo scenario; one of ${deps.demo.names().join(', ')}.`);
          hub.publish('status');
          return send(res, 200, { scenario: deps.demo.current() });
        }
        default:
          throw new HttpError(404, 'not_found', `No API route ${method} ${path}.`);
      }
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, { error: error.code, message: error.message });
      if (isStoreUnavailable(error)) {
        return send(res, 503, { error: 'store_unavailable', message: 'The console service cannot reach its database; sources stay readable, changes wait until it is back.' });
      }
      deps.log(`api ${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      return send(res, 500, { error: 'internal', message: 'The console service failed on this request; its log has the details.' });
    }
  };
}
