/**
 * Per-bucket log drafts tied to the story: incident streams, feed-run lifecycle lines and the
 * API's /health access lines (which mirror the health checks).
 */
import type { ServiceDef } from './catalog';
import { FEED_DEFS, QUEUE_DEFS, SERVICE_DEFS, WORKER_1, WORKER_2 } from './catalog';
import { runFactsNear } from './feeds';
import { CHECK_INTERVAL_MS, checksBetween } from './health';
import { Rng, hash32 } from './prng';
import { queueNumbers } from './queues';
import type { Draft } from './render';
import type { Ctx } from './timeline';
import { INCIDENT_IDS, T } from './timeline';
import { MINUTE } from './timefmt';
import { ollamaRefused, pgRefused, secTooMany, tokenInvalid, workerLost } from './tracebacks';
import { API_ROUTES, accessLine, uuidish, userId } from './vocab';

type Body = Omit<Draft, 'ms' | 'sub'>;

const API = 'spine-dev-api';
const WORKER = 'spine-dev-celery-worker';
const GENAI = 'genai-spine-api';

/** Emit `count ~ Poisson(rate(mid))` events uniformly in the bucket where rate(t) > 0 (`rng` is seeded only then). */
function sample(rng: () => Rng, start: number, len: number, rate: (t: number) => number, make: (ms: number) => Draft[]): Draft[] {
  const mean = rate(start + len / 2) * (len / MINUTE);
  if (!(mean > 0)) return []; // poisson(≤ 0) draws nothing: the stream need not even be seeded
  const r = rng();
  const n = r.poisson(mean);
  const out: Draft[] = [];
  for (let i = 0; i < n; i++) {
    const ms = start + Math.floor(r.f() * len);
    if (rate(ms) > 0) out.push(...make(ms));
  }
  return out;
}

function at(r: Rng, ms: number, p: Body): Draft {
  return { ms, sub: r.int(0, 998_999), ...p };
}

function tokenEvents(r: Rng, ms: number, incidentId: string | null): Draft[] {
  const route = r.weighted(API_ROUTES, (x) => x.w);
  const path = route.path(r);
  const exc = tokenInvalid(r);
  return [
    at(r, ms, { service: API, format: 'pipe', level: 'ERROR', logger: 'capture_spine.api.auth', incidentId, exception: exc,
      message: `Authentication failed for ${route.method} ${path.split('?')[0] ?? path}: TokenInvalidError: ${exc.message} (sub=${userId(r)}, jti=${r.hex(12)})` }),
    at(r, ms + r.int(1, 4), { service: API, format: 'uvicorn', level: 'INFO', logger: 'uvicorn.access', incidentId, exception: null, message: accessLine(r, route.method, path, 401) }),
  ];
}

export function incidentDrafts(ctx: Ctx, b: number, start: number, len: number): Draft[] {
  const tl = ctx.tl;
  if (!tl.active) return [];
  const a = ctx.anchorMs;
  const end = start + len;
  const rng = (k: string) => new Rng(ctx.seed, 'inc', k, b);
  const out: Draft[] = [];
  // One-off lines: the body is built only in the bucket that holds them.
  const once = (k: string, ms: number, p: () => Body) => {
    if (ms >= start && ms < end) out.push(at(rng(`once-${k}`), ms, p()));
  };

  // TokenInvalidError: baseline (not attributed to the incident) and the escalating/recurring burst.
  out.push(...sample(() => rng('tok-base'), start, len, (t) => tl.tokenBaselinePerMin(t), (ms) => tokenEvents(rng(`tok-base-${ms}`), ms, null)));
  out.push(...sample(() => rng('tok-burst'), start, len, (t) => tl.tokenBurstPerMin(t), (ms) => tokenEvents(rng(`tok-burst-${ms}`), ms, INCIDENT_IDS.token)));

  // Postgres outage.
  const pg = INCIDENT_IDS.pg;
  const pgRate = (t: number) => (tl.pgDown(t) ? 6 : 0);
  out.push(...sample(() => rng('pg-api'), start, len, pgRate, (ms) => {
    const r = rng(`pg-api-${ms}`);
    const route = r.weighted(API_ROUTES, (x) => x.w);
    const path = route.path(r);
    return [
      at(r, ms, { service: API, format: 'pipe', level: 'ERROR', logger: 'capture_spine.db.session', incidentId: pg, exception: pgRefused(r),
        message: `Database error while handling ${route.method} ${path.split('?')[0] ?? path}: ConnectionRefusedError: [Errno 111] Connection refused` }),
      at(r, ms + r.int(1, 6), { service: API, format: 'uvicorn', level: 'INFO', logger: 'uvicorn.access', incidentId: pg, exception: null, message: accessLine(r, route.method, path, 500) }),
    ];
  }));
  out.push(...sample(() => rng('pg-worker'), start, len, (t) => pgRate(t) / 2, (ms) => {
    const r = rng(`pg-w-${ms}`);
    return [at(r, ms, { service: WORKER, format: 'structlog', level: 'ERROR', logger: 'app.tasks', incidentId: pg, exception: pgRefused(r), message: 'task.failed',
      kv: { exc_type: 'ConnectionRefusedError', task: 'app.tasks.run_pipeline.run_pipeline', task_id: uuidish(r), worker: r.pick(tl.worker2Down(ms) ? [WORKER_1] : [WORKER_1, WORKER_2]) } })];
  }));
  once('pg-start', a + T.pgStart + 1_200, () => ({ service: API, format: 'pipe', level: 'ERROR', logger: 'capture_spine.db.pool', incidentId: pg, exception: null, message: 'Connection pool health check failed: 10/10 connections to postgres:5432 refused' }));
  once('pg-end', a + T.pgEnd + 4_000, () => ({ service: API, format: 'pipe', level: 'INFO', logger: 'capture_spine.db.pool', incidentId: pg, exception: null, message: `Database connection pool re-established (size=10) after ${(T.pgEnd - T.pgStart) / MINUTE}m of failures` }));

  // SEC rate limiting as py-sec-edgar sees it (the worker's feed runs add their own lines below).
  const sec = INCIDENT_IDS.sec;
  out.push(...sample(() => rng('sec-warn'), start, len, (t) => (tl.secPhase(t) === 'ok' ? 0 : 2), (ms) => {
    const r = rng(`sec-w-${ms}`);
    const attempt = r.int(1, 5);
    return [at(r, ms, { service: 'py-sec-edgar', format: 'dash', level: 'WARNING', logger: 'py_sec_edgar.workflows.rss', incidentId: sec, exception: null,
      message: `Rate limited by SEC (429 Too Many Requests) for https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&count=400&output=atom; sleeping ${5 * 2 ** (attempt - 1)}s (attempt ${attempt}/5)` })];
  }));
  out.push(...sample(() => rng('sec-err'), start, len, (t) => (tl.secPhase(t) === 'failing' ? 0.4 : 0), (ms) => {
    const r = rng(`sec-e-${ms}`);
    return [at(r, ms, { service: 'py-sec-edgar', format: 'dash', level: 'ERROR', logger: 'py_sec_edgar.workflows.rss', incidentId: sec, exception: null,
      message: `Failed to fetch RSS feed after 5 attempts: 429 Too Many Requests (retry-after ${r.pick([60, 120, 600])}s)` })];
  }));

  // Worker 2 dies; the default queue backs up.
  const wk = INCIDENT_IDS.worker;
  const downAt = a + T.worker2Down;
  const job = 1000 + (hash32(ctx.seed, 'job') % 9000);
  once('w-lost', downAt - 2_500, () => ({ service: WORKER, format: 'structlog', level: 'ERROR', logger: 'celery.worker.request', incidentId: wk, exception: workerLost(job), message: 'worker.lost', kv: { job, signal: 'SIGKILL', worker: WORKER_2 } }));
  once('w-gossip', downAt + 12_000, () => ({ service: WORKER, format: 'structlog', level: 'WARNING', logger: 'celery.worker.consumer.gossip', incidentId: wk, exception: null, message: 'heartbeat.missed', kv: { peer: WORKER_2, worker: WORKER_1 } }));
  const defaultQueue = QUEUE_DEFS.find((q) => q.name === 'default');
  if (defaultQueue && b % 2 === 0 && tl.backlogMinutes(start) >= 2) {
    const ms = start + 5_000;
    const q = queueNumbers(ctx, defaultQueue, ms);
    if (q.depth > 100) {
      out.push(at(rng('w-backlog'), ms, { service: API, format: 'pipe', level: q.depth > 300 ? 'ERROR' : 'WARNING', logger: 'capture_spine.orchestration.dispatcher', incidentId: wk, exception: null,
        message: `Queue default backlog: depth=${q.depth} oldest_task_age=${q.oldestTaskAgeSeconds ?? 0}s exceeds threshold 100 (online consumers: ${WORKER_1})` }));
    }
  }

  // Ollama down: genai-spine degraded.
  const ol = INCIDENT_IDS.ollama;
  out.push(...sample(() => rng('ollama'), start, len, (t) => (tl.ollamaDown(t) ? 1.5 : 0), (ms) => {
    const r = rng(`ol-${ms}`);
    return [
      at(r, ms, { service: GENAI, format: 'uvicorn', level: 'CRITICAL', logger: 'genai_spine.providers.ollama', incidentId: ol, exception: ollamaRefused(r), message: 'Ollama service unavailable' }),
      at(r, ms + r.int(1, 5), { service: GENAI, format: 'uvicorn', level: 'INFO', logger: 'uvicorn.access', incidentId: ol, exception: null, message: accessLine(r, 'POST', r.pick(['/v1/completions', '/api/v1/summarize']), 503) }),
    ];
  }));
  out.push(...sample(() => rng('ollama-w'), start, len, (t) => (tl.ollamaDown(t) ? 0.6 : 0), (ms) => {
    const r = rng(`ol-w-${ms}`);
    return [at(r, ms, { service: WORKER, format: 'structlog', level: 'WARNING', logger: 'app.features.llm_transform', incidentId: ol, exception: null, message: 'llm.transform.skipped', kv: { reason: 'genai_unavailable', record_id: r.int(1_000_000, 9_999_999), status: 503 } })];
  }));
  once('ol-ready', a + T.ollamaDown + 3_000, () => ({ service: GENAI, format: 'uvicorn', level: 'WARNING', logger: 'genai_spine.api.routers.health', incidentId: ol, exception: null, message: 'Readiness degraded: providers.ollama=error: All connection attempts failed' }));

  return out.map((d) => (d.ms >= end ? { ...d, ms: end - 1 } : d));
}

/** Worker lines for feed runs starting or completing in the bucket. */
export function feedRunDrafts(ctx: Ctx, start: number, len: number): Draft[] {
  const end = start + len;
  const out: Draft[] = [];
  for (const def of FEED_DEFS) {
    if (!def.enabled) continue;
    const lookback = def.durationS * 1300 + 170_000;
    for (const f of runFactsNear(ctx, def, start - lookback, end)) {
      if (f.completedAt < start || f.startedAt >= end) continue;
      const r = new Rng(ctx.seed, 'runlog', f.id);
      const incidentId = f.cause === 'db-down' ? INCIDENT_IDS.pg : f.cause === 'normal' ? null : INCIDENT_IDS.sec;
      const worker = ctx.tl.worker2Down(f.startedAt) ? WORKER_1 : r.pick([WORKER_1, WORKER_2]);
      const dur = f.completedAt - f.startedAt;
      const push = (ms: number, p: Omit<Body, 'service' | 'format' | 'incidentId'>) => {
        const sub = r.int(0, 998_999);
        if (ms >= start && ms < end) out.push({ ms, sub, service: WORKER, format: 'structlog', incidentId, ...p });
      };
      push(f.startedAt, { level: 'INFO', logger: 'app.pipelines.fetch', exception: null, message: 'feed_run.started', kv: { feed: f.feedName, run_id: f.id, worker } });
      if (f.cause === 'rate-limited-retry' || f.cause === 'rate-limited-failed') {
        for (let k = 1; k <= 3; k++) {
          push(f.startedAt + Math.round((dur * k) / 4), { level: 'WARNING', logger: 'app.pipelines.fetch', exception: null, message: 'http.retry', kv: { attempt: k, feed: f.feedName, retry_in_s: 5 * 2 ** k, status: 429, url: 'https://www.sec.gov/cgi-bin/browse-edgar' } });
        }
      }
      if (f.status === 'failed') {
        const exception = f.cause === 'db-down' ? pgRefused(r) : secTooMany(def.url);
        push(f.completedAt, { level: 'ERROR', logger: 'app.pipelines.fetch', exception, message: 'feed_run.failed', kv: { duration_ms: dur, error_type: f.errorType ?? exception.type, feed: f.feedName, run_id: f.id } });
      } else {
        push(f.completedAt, { level: 'INFO', logger: 'app.pipelines.fetch', exception: null, message: 'feed_run.completed',
          kv: { duration_ms: dur, feed: f.feedName, items_duplicate: f.itemsDuplicate, items_failed: f.itemsFailed, items_new: f.itemsNew, items_processed: f.itemsProcessed, run_id: f.id } });
      }
    }
  }
  return out;
}

const API_DEF: ServiceDef | undefined = SERVICE_DEFS.find((s) => s.id === API);

/** Uptime Kuma's GET /health probes against the API, as Uvicorn access lines. */
export function healthProbeDrafts(ctx: Ctx, start: number, len: number): Draft[] {
  if (!API_DEF) return [];
  return checksBetween(ctx, API_DEF, start, start + len - 1).map((c) => {
    const r = new Rng(ctx.seed, 'probe', c.at);
    const ms = Math.min(c.at + Math.round(c.responseTimeMs ?? 5), c.at + CHECK_INTERVAL_MS - 1, start + len - 1);
    return at(r, ms, { service: API, format: 'uvicorn', level: 'INFO', logger: 'uvicorn.access', incidentId: ctx.tl.pgDown(c.at) ? INCIDENT_IDS.pg : null, exception: null,
      message: `172.18.0.9:${r.int(32768, 60999)} - "GET /health HTTP/1.1" ${c.httpStatus ?? 200} ${c.httpStatus === 503 ? 'Service Unavailable' : 'OK'}` });
  });
}
