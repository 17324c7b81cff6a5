/**
 * Steady background logging of every service in its real format. Only DEBUG/INFO/WARNING:
 * errors come from the incident streams (log-incidents.ts). A template's level does not depend on
 * its text, so the simulator can count events per level without drawing any text (logs.ts).
 */
import { FEED_DEFS, WORKER_1, WORKER_2, WORKER_SLOW } from './catalog';
import type { Rng } from './prng';
import type { EcsMeta, KvValue } from './render';
import type { Ctx } from './timeline';
import type { SimLevel, SimLogFormat } from './types';
import { API_ROUTES, CIKS, DOMAINS, FORMS, SEARCH_TERMS, TICKERS, accession, accessLine, ms, userId, uuidish } from './vocab';

/** A background event's text (its level is the template's, known before any text is drawn). */
export interface Made {
  logger: string;
  message: string;
  kv?: Record<string, KvValue>;
}

export interface GenCtx {
  ctx: Ctx;
  ms: number;
  r: Rng;
}

export interface Tpl {
  w: number;
  /** Fixed, or a function of the time only: counting events never draws their text. */
  level: SimLevel | ((g: Omit<GenCtx, 'r'>) => SimLevel);
  make: (g: GenCtx) => Made;
}

export interface BackgroundSource {
  key: string;
  service: string;
  format: SimLogFormat;
  /** Mean events per minute (before the diurnal factor). */
  perMin: number;
  diurnal: boolean;
  templates: readonly Tpl[];
  ecs?: EcsMeta;
}

const t = (w: number, level: Tpl['level'], make: (g: GenCtx) => Made): Tpl => ({ w, level, make });
const cs = (name: string) => `capture_spine.${name}`;

const API_APP: readonly Tpl[] = [
  t(8, 'INFO', ({ r }) => ({ logger: cs('api.feeds'), message: `Fetched feed list: ${r.int(60, 75)} feeds (${r.int(50, 60)} enabled) in ${ms(r, 4, 400)}ms` })),
  t(8, 'INFO', ({ r }) => ({ logger: cs('api.items'), message: `Listed items feed_id=${r.hex(8)} offset=${r.int(0, 20) * 50} limit=50 total=${r.int(200, 90000)} in ${ms(r, 6, 900)}ms` })),
  t(5, 'INFO', ({ r }) => ({ logger: cs('api.search'), message: `Search q="${r.pick(SEARCH_TERMS)}" type=${r.pick(['sec_filing', 'news', 'earnings'])} returned ${r.int(0, 480)} hits in ${ms(r, 8, 1500)}ms` })),
  t(5, 'INFO', ({ r }) => ({ logger: cs('api.auth'), message: `User ${userId(r)} authenticated via ${r.pick(['session', 'api_key', 'bearer'])} (ip=172.18.0.${r.int(1, 12)})` })),
  t(6, 'DEBUG', ({ r }) => ({ logger: cs('db.session'), message: `Acquired connection from pool (size=10, checked_out=${r.int(0, 9)}) in ${ms(r, 1, 60)}ms` })),
  t(4, 'INFO', ({ r }) => ({ logger: cs('features.reader'), message: `Timeline built for ${userId(r)}: ${r.int(20, 400)} records, record_types=${r.pick(['earnings', 'sec_filing', 'news'])}` })),
  t(4, 'INFO', ({ r }) => ({ logger: cs('orchestration.dispatcher'), message: `Submitted execution ${uuidish(r)} pipeline=${r.pick(['feed_processing', 'content_capture', 'backfill'])} lane=${r.pick(['normal', 'normal', 'high', 'low'])} trigger_source=${r.pick(['schedule', 'schedule', 'api'])}` })),
  t(3, 'INFO', ({ r }) => ({ logger: cs('api.records'), message: `Created record ${r.int(1_000_000, 9_999_999)} record_type=sec_filing entity_id=${r.pick(CIKS)} form=${r.pick(FORMS)}` })),
  t(3, 'DEBUG', ({ r }) => ({ logger: cs('cache'), message: `Cache ${r.pick(['miss', 'hit', 'hit'])} key=feeds:${r.hex(8)}:items:page${r.int(1, 12)}` })),
  t(3, 'INFO', ({ r }) => ({ logger: cs('api.monitoring'), message: `Alerts query minutes=30 min_level=WARNING returned ${r.int(0, 6)} alerts in ${ms(r, 5, 300)}ms` })),
  t(2, 'WARNING', ({ r }) => ({ logger: cs('api.items'), message: `Slow request GET /api/v1/feeds/${uuidish(r)}/items took ${r.int(1001, 4200)}ms (threshold 1000ms)` })),
  t(1, 'WARNING', ({ r }) => ({ logger: cs('api.feed_preview'), message: `Feed preview for https://${r.pick(DOMAINS)}/rss.xml returned 0 entries` })),
  t(1, 'WARNING', ({ r }) => ({ logger: cs('features.auth'), message: `Session for ${userId(r)} expires in ${r.int(1, 14)} minutes, refreshing token` })),
];

const API_ACCESS: readonly Tpl[] = [
  t(1, 'INFO', ({ r }) => {
    const route = r.weighted(API_ROUTES, (x) => x.w);
    const status = r.chance(0.04) ? 304 : r.chance(0.01) ? 404 : r.chance(0.005) ? 422 : route.ok;
    return { logger: 'uvicorn.access', message: accessLine(r, route.method, route.path(r), status) };
  }),
];

function onlineWorker(g: GenCtx, queues: 'default' | 'low'): string {
  const down = g.ctx.tl.worker2Down(g.ms);
  if (queues === 'low') return down ? WORKER_SLOW : g.r.pick([WORKER_2, WORKER_SLOW]);
  return down ? WORKER_1 : g.r.pick([WORKER_1, WORKER_2]);
}

const TASKS = ['app.tasks.run_pipeline.run_pipeline', 'app.tasks.batch_ingestion_tasks.batch_import_documents', 'app.tasks.recommendations.update_recommendations', 'app.tasks.sync.sync_environments', 'app.tasks.copilot_chat_sync.sync_copilot_chats'] as const;

const WORKER: readonly Tpl[] = [
  t(6, 'INFO', (g) => ({ logger: 'app.tasks', message: 'task.received', kv: { queue: 'default', task: g.r.pick(TASKS), task_id: uuidish(g.r), worker: onlineWorker(g, 'default') } })),
  t(6, 'INFO', (g) => ({ logger: 'app.tasks', message: 'task.succeeded', kv: { duration_ms: ms(g.r, 40, 30000), task: g.r.pick(TASKS), task_id: uuidish(g.r), worker: onlineWorker(g, 'default') } })),
  t(5, 'INFO', (g) => ({ logger: 'app.pipelines', message: `${g.r.pick(['fetch', 'parse', 'enrich', 'index', 'resolve'])}.end`, kv: { duration_ms: ms(g.r, 1, 8000) / 100, execution_id: `exec_${g.r.hex(6)}`, pipeline: 'feed_processing', span_id: g.r.hex(8), workflow: 'sec_ingest' } })),
  t(3, 'DEBUG', (g) => ({ logger: 'app.features.tasks', message: 'feed.claimed', kv: { feed: g.r.pick(FEED_DEFS).name, next_poll_in_s: g.r.int(30, 900), worker_id: onlineWorker(g, 'default') } })),
  t(2, 'INFO', (g) => ({ logger: 'app.pipelines.index', message: 'index.bulk', kv: { docs: g.r.int(1, 500), errors: 0, index: 'capture-items-v3', took_ms: ms(g.r, 5, 2000) } })),
  t(1, 'INFO', (g) => ({ logger: 'app.tasks.backup', message: 'backup.scheduled', kv: { pending: g.r.int(0, 4), queue: 'low', worker: onlineWorker(g, 'low') } })),
  t(1, 'WARNING', (g) => ({ logger: 'app.tasks', message: 'task.retry', kv: { countdown: g.r.pick([10, 30, 60]), exc: g.r.pick(['ReadTimeout', 'RemoteProtocolError']), retries: g.r.int(1, 3), task: g.r.pick(TASKS), task_id: uuidish(g.r) } })),
];

const GENAI: readonly Tpl[] = [
  t(4, 'INFO', ({ r }) => ({ logger: 'uvicorn.access', message: accessLine(r, 'POST', r.pick(['/v1/completions', '/api/v1/summarize', '/api/v1/extract', '/api/v1/classify']), 200) })),
  t(3, 'INFO', ({ r }) => ({ logger: 'genai_spine.providers.ollama', message: `Provider ollama completed model=llama3.2:latest tokens_in=${r.int(80, 4000)} tokens_out=${r.int(20, 900)} in ${(r.int(200, 9000) / 1000).toFixed(2)}s` })),
  t(2, 'INFO', ({ r }) => ({ logger: 'uvicorn.access', message: accessLine(r, 'GET', r.pick(['/health', '/ready', '/api/v1/prompts']), 200) })),
  t(1, 'DEBUG', ({ r }) => ({ logger: 'genai_spine.prompts', message: `Rendered prompt ${r.pick(['summarize_filing', 'extract_entities', 'classify_news', 'commit_message'])} v${r.int(1, 7)} (${r.int(300, 6000)} chars)` })),
  t(0.3, 'WARNING', () => ({ logger: 'genai_spine.providers', message: 'OpenAI API rate limit reached' })),
];

const ENTITY: readonly Tpl[] = [
  t(5, 'INFO', ({ r }) => {
    const i = r.int(0, CIKS.length - 1);
    return { logger: 'entityspine.resolver', message: `Resolved CIK ${CIKS[i] ?? ''} -> ticker=${TICKERS[i] ?? 'AAPL'} in ${ms(r, 1, 80)}ms` };
  }),
  t(3, 'INFO', ({ r }) => ({ logger: 'entityspine.api', message: `GET /v1/entities/${r.pick(CIKS)} 200 (${ms(r, 2, 120)}ms)` })),
  t(1, 'WARNING', ({ r }) => ({ logger: 'entityspine.resolver', message: `Lookup miss for ticker=${r.pick(['XYZQ', 'ABCD', 'FOOB', 'ZZTX'])} (source=sec_company_tickers)` })),
  t(1, 'DEBUG', ({ r }) => ({ logger: 'entityspine.cache', message: `LRU cache stats hits=${r.int(1000, 90000)} misses=${r.int(10, 4000)} size=${r.int(2000, 10000)}` })),
  t(0.2, 'WARNING', ({ r }) => ({ logger: 'entityspine.loaders.gleif', message: `LEI-ISIN file not found: data/lei/isin_lei_2026${r.digits(4)}.csv` })),
];

const SEC_EDGAR: readonly Tpl[] = [
  t(3, ({ ctx, ms: now }) => (ctx.tl.secPhase(now) === 'failing' ? 'WARNING' : 'INFO'), ({ r, ctx, ms: now }) =>
    ctx.tl.secPhase(now) === 'failing'
      ? { logger: 'py_sec_edgar.workflows.rss', message: `Skipping RSS poll: backing off after 429 responses (next attempt in ${r.int(30, 600)}s)` }
      : { logger: 'py_sec_edgar.workflows.rss', message: `Found ${r.pick([100, 100, 400])} entries, ${r.int(0, 14)} new filings` }),
  t(4, 'INFO', ({ r }) => ({ logger: 'py_sec_edgar.downloader', message: `Downloading ${accession(r)} (${r.pick(FORMS)}) for CIK ${r.pick(CIKS)}` })),
  t(4, 'INFO', ({ r }) => ({ logger: 'py_sec_edgar.downloader', message: `Saved ${accession(r)}.txt (${(r.int(8, 9000) / 10).toFixed(1)} KB) in ${(r.int(80, 3000) / 1000).toFixed(2)}s` })),
  t(2, 'DEBUG', ({ r }) => ({ logger: 'py_sec_edgar.parser', message: `Skipping already processed accession ${accession(r)}` })),
  t(0.5, 'WARNING', ({ r }) => ({ logger: 'py_sec_edgar.parser', message: `Missing <FILER> section in ${accession(r)}; falling back to header parse` })),
];

const CORE: readonly Tpl[] = [
  t(4, 'INFO', ({ r }) => ({ logger: 'spine.execution.runner', message: `Running ${r.pick(['sec_ingest', 'otc.ingest_week', 'finra_short_interest', 'earnings_backfill'])}`, kv: { run_id: `run_${r.hex(8)}`, trigger: r.pick(['schedule', 'api']) } })),
  t(4, 'INFO', ({ r }) => ({ logger: 'spine.workflows', message: `Step ${r.pick(['fetch', 'parse', 'validate', 'load'])} completed in ${(r.int(10, 90000) / 100).toFixed(2)}ms`, kv: { execution_id: `exec_${r.hex(6)}`, workflow: 'sec_ingest' } })),
  t(2, 'DEBUG', ({ r }) => ({ logger: 'spine.core.registry', message: 'pipeline_registered', kv: { cls: r.pick(['IngestWeekPipeline', 'FilingIndexPipeline', 'QuoteSnapshotPipeline']), name: r.pick(['otc.ingest_week', 'sec.index', 'quotes.snapshot']) } })),
  t(0.5, 'WARNING', ({ r }) => ({ logger: 'spine.execution.runner', message: `Execution exceeded soft timeout (${r.int(61, 300)}s > 60s)`, kv: { execution_id: `exec_${r.hex(6)}` } })),
];

const ES: readonly Tpl[] = [
  t(3, 'INFO', ({ r }) => ({ logger: 'org.elasticsearch.cluster.metadata.MetadataMappingService', message: `[spine-logs-2026.${r.digits(2)}.${r.digits(2)}/${r.hex(6)}] update_mapping [_doc]` })),
  t(2, 'INFO', ({ r }) => ({ logger: 'org.elasticsearch.monitor.jvm.JvmGcMonitorService', message: `[gc][${r.int(10000, 999999)}] overhead, spent [${r.int(100, 900)}ms] collecting in the last [1s]` })),
  t(0.5, 'WARNING', ({ r }) => ({ logger: 'org.elasticsearch.cluster.routing.allocation.DiskThresholdMonitor', message: `low disk watermark [85%] exceeded on [spine-es-node-1] free: ${(r.int(80, 140) / 10).toFixed(1)}gb[${(r.int(120, 149) / 10).toFixed(1)}%], replicas will not be assigned to this node` })),
];

export const BACKGROUND: readonly BackgroundSource[] = [
  { key: 'api-app', service: 'spine-dev-api', format: 'pipe', perMin: 14, diurnal: true, templates: API_APP },
  { key: 'api-access', service: 'spine-dev-api', format: 'uvicorn', perMin: 26, diurnal: true, templates: API_ACCESS },
  { key: 'worker', service: 'spine-dev-celery-worker', format: 'structlog', perMin: 15, diurnal: false, templates: WORKER },
  { key: 'genai', service: 'genai-spine-api', format: 'uvicorn', perMin: 6, diurnal: true, templates: GENAI },
  { key: 'entity', service: 'spine-entityspine-api', format: 'bracket', perMin: 5, diurnal: true, templates: ENTITY },
  { key: 'sec-edgar', service: 'py-sec-edgar', format: 'dash', perMin: 5, diurnal: false, templates: SEC_EDGAR },
  { key: 'core', service: 'spine-core-api', format: 'ecs-json', perMin: 5, diurnal: false, templates: CORE, ecs: { serviceName: 'spine', environment: 'development', version: '1.0.0', host: 'spine-core-api', pid: 23568, thread: 'MainThread' } },
  { key: 'es', service: 'spine-elasticsearch', format: 'ecs-json', perMin: 1, diurnal: false, templates: ES, ecs: { serviceName: 'ES_ECS', environment: 'development', version: '8.12.0', host: 'spine-es-node-1', pid: 7, thread: 'elasticsearch[spine-es-node-1][generic][T#3]' } },
];

/** Busier during US hours: ×0.65 … ×1.35 peaking ~15:00 UTC. */
export function diurnalFactor(msT: number): number {
  const h = (msT % 86_400_000) / 3_600_000;
  return 1 + 0.35 * Math.cos((2 * Math.PI * (h - 15)) / 24);
}
