/**
 * The static shape of the simulated ecosystem: services, feeds, queues and workers, with the
 * names, ports and URLs from the capture-spine research notes (§3.1, §3.3, §3.4).
 */
import { uuidFrom } from './prng';
import type { SimFeed, SimService } from './types';

export interface ServiceDef extends SimService {
  /** Typical probe round trip in ms. */
  baseMs: number;
  /** Whether the probe is HTTP (httpStatus set) or not (pg_isready, redis ping, celery ping). */
  http: boolean;
}

export const SERVICE_DEFS: readonly ServiceDef[] = [
  { id: 'spine-dev-api', name: 'capture-spine API', group: 'Core Applications', critical: true, url: 'http://localhost:8000/health', version: '0.9.4', baseMs: 24, http: true },
  { id: 'spine-dev-frontend', name: 'capture-spine Web', group: 'Core Applications', critical: true, url: 'http://localhost:3000/', version: null, baseMs: 9, http: true },
  { id: 'spine-dev-celery-worker', name: 'capture-spine Celery worker', group: 'Core Applications', critical: false, url: 'celery://redis:6379/0', version: '5.3.6', baseMs: 35, http: false },
  { id: 'genai-spine-api', name: 'GenAI Spine API', group: 'GenAI Spine', critical: false, url: 'http://localhost:8100/ready', version: '0.1.0', baseMs: 18, http: true },
  { id: 'spine-ollama', name: 'Ollama', group: 'GenAI Spine', critical: false, url: 'http://localhost:11434/api/tags', version: '0.5.7', baseMs: 12, http: true },
  { id: 'spine-entityspine-api', name: 'EntitySpine API', group: 'EntitySpine', critical: false, url: 'http://localhost:8765/health', version: '0.3.3', baseMs: 15, http: true },
  { id: 'spine-core-api', name: 'spine-core API', group: 'Spine Core', critical: false, url: 'http://localhost:12000/health/ready', version: '1.0.0', baseMs: 14, http: true },
  { id: 'spine-elasticsearch', name: 'Elasticsearch', group: 'Search', critical: false, url: 'http://localhost:9200/_cluster/health', version: '8.12.0', baseMs: 42, http: true },
  { id: 'spine-kibana', name: 'Kibana', group: 'Search', critical: false, url: 'http://localhost:5601/api/status', version: '8.12.0', baseMs: 95, http: true },
  { id: 'spine-loki', name: 'Loki', group: 'Monitoring', critical: false, url: 'http://localhost:3101/ready', version: '2.9.0', baseMs: 6, http: true },
  { id: 'spine-grafana', name: 'Grafana', group: 'Monitoring', critical: false, url: 'http://localhost:3100/api/health', version: '10.2.0', baseMs: 11, http: true },
  { id: 'postgres', name: 'PostgreSQL', group: 'Infrastructure', critical: false, url: 'postgresql://postgres:5432/capture_spine', version: '16.2', baseMs: 4, http: false },
  { id: 'redis', name: 'Redis', group: 'Infrastructure', critical: false, url: 'redis://redis:6379/0', version: '7.2.4', baseMs: 2, http: false },
];

export function toService(d: ServiceDef): SimService {
  return { id: d.id, name: d.name, group: d.group, critical: d.critical, url: d.url, version: d.version };
}

export interface FeedDef extends SimFeed {
  /** Typical run duration in seconds. */
  durationS: number;
  /** Typical items processed per run. */
  items: number;
  /** Fraction of processed items that are new. */
  newRatio: number;
}

const SEC_RSS_URL =
  'https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=&company=&dateb=&owner=include&count=100&output=atom';

function feed(name: string, rest: Omit<FeedDef, 'id' | 'name'>): FeedDef {
  // Feed ids are stable across scenarios and seeds (a function of the name only).
  return { id: uuidFrom('feed', name), name, ...rest };
}

export const FEED_DEFS: readonly FeedDef[] = [
  feed('sec-rss', { type: 'rss', enabled: true, cron: '*/5 * * * *', intervalSeconds: null, url: SEC_RSS_URL, durationS: 14, items: 100, newRatio: 0.08 }),
  feed('sec-daily-index', { type: 'daily_index', enabled: true, cron: '30 22 * * 1-5', intervalSeconds: null, url: 'https://www.sec.gov/Archives/edgar/daily-index/', durationS: 95, items: 4200, newRatio: 0.9 }),
  feed('sec-full-index', { type: 'full_index', enabled: true, cron: '0 6 * * *', intervalSeconds: null, url: 'https://www.sec.gov/Archives/edgar/full-index/', durationS: 540, items: 18000, newRatio: 0.05 }),
  feed('monthly-xbrl', { type: 'monthly_xbrl', enabled: true, cron: '0 4 2 * *', intervalSeconds: null, url: 'https://www.sec.gov/Archives/edgar/monthly/', durationS: 1300, items: 9500, newRatio: 0.97 }),
  feed('hacker-news', { type: 'api', enabled: true, cron: null, intervalSeconds: 600, url: 'https://hacker-news.firebaseio.com/v0/newstories.json', durationS: 22, items: 500, newRatio: 0.06 }),
  feed('finnhub-news', { type: 'api', enabled: true, cron: null, intervalSeconds: 900, url: 'https://finnhub.io/api/v1/news?category=general', durationS: 6, items: 100, newRatio: 0.15 }),
  feed('capture-news', { type: 'rss', enabled: true, cron: null, intervalSeconds: 1800, url: 'https://feeds.content.dowjones.io/public/rss/mw_topstories', durationS: 9, items: 40, newRatio: 0.2 }),
  feed('sec-8k', { type: 'rss', enabled: false, cron: '*/15 * * * *', intervalSeconds: null, url: 'https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&type=8-K&count=100&output=atom', durationS: 12, items: 100, newRatio: 0.1 }),
];

export function toFeed(d: FeedDef): SimFeed {
  return { id: d.id, name: d.name, type: d.type, enabled: d.enabled, cron: d.cron, intervalSeconds: d.intervalSeconds, url: d.url };
}

export interface QueueDef {
  name: string;
  /** Typical depth and its noise amplitude. */
  depth: number;
  spread: number;
  succeededPerMin: number;
  failedPerMin: number;
  /** Typical executing tasks. */
  active: number;
}

export const QUEUE_DEFS: readonly QueueDef[] = [
  { name: 'realtime', depth: 0.5, spread: 2, succeededPerMin: 24, failedPerMin: 0.1, active: 1 },
  { name: 'high', depth: 1.5, spread: 4, succeededPerMin: 12, failedPerMin: 0.1, active: 1 },
  { name: 'default', depth: 5, spread: 8, succeededPerMin: 32, failedPerMin: 0.3, active: 3 },
  { name: 'low', depth: 6, spread: 12, succeededPerMin: 4, failedPerMin: 0.05, active: 1 },
  { name: 'slow', depth: 1, spread: 3, succeededPerMin: 0.7, failedPerMin: 0.02, active: 1 },
  { name: 'celery', depth: 0.2, spread: 1, succeededPerMin: 1.5, failedPerMin: 0, active: 0 },
];

export const WORKER_1 = 'celery@spine-dev-celery-worker-1';
export const WORKER_2 = 'celery@spine-dev-celery-worker-2';
export const WORKER_SLOW = 'celery@spine-dev-celery-worker-slow';

export const WORKER_DEFS: readonly { name: string; queues: string[] }[] = [
  { name: WORKER_1, queues: ['realtime', 'high', 'default', 'celery'] },
  { name: WORKER_2, queues: ['default', 'low', 'celery'] },
  { name: WORKER_SLOW, queues: ['slow', 'low'] },
];
