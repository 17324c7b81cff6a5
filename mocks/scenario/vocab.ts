/** Shared vocabulary for generated log messages: realistic ids, paths, tickers… */
import type { Rng } from './prng';

export const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'JPM', 'XOM', 'BRK.B', 'UNH', 'AVGO', 'COST', 'PLTR'] as const;
export const CIKS = ['0000320193', '0000789019', '0001045810', '0001018724', '0001652044', '0001326801', '0001318605', '0000019617', '0000034088', '0001067983'] as const;
export const FORMS = ['8-K', '10-Q', '10-K', '4', 'S-1', '13F-HR', 'SC 13G', 'DEF 14A', '6-K', '424B2'] as const;
export const SEARCH_TERMS = ['earnings guidance', 'buyback', 'nvidia', 'rate cut', 'merger', 'layoffs', 'dividend', 'sec investigation', 'ai capex', 'supply chain'] as const;
export const RECORD_TYPES = ['sec_filing', 'earnings', 'news', 'pipeline_run', 'sec-8k'] as const;
export const DOMAINS = ['feeds.bloomberg.com', 'www.reuters.com', 'rss.nytimes.com', 'feeds.marketwatch.com', 'seekingalpha.com', 'www.ft.com'] as const;

export function ip(r: Rng): string {
  return `172.18.0.${r.pick([1, 1, 1, 4, 6, 9, 12])}`;
}
export function port(r: Rng): number {
  return r.int(32768, 60999);
}
export function userId(r: Rng): string {
  return `user_${r.int(1, 2400)}`;
}
export function uuidish(r: Rng): string {
  return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${r.hex(3)}-${r.hex(12)}`;
}
export function accession(r: Rng): string {
  return `${r.pick(['0000950170', '0001193125', '0000320193', '0001628280', '0001104659'])}-26-${r.digits(6)}`;
}
export function ms(r: Rng, lo: number, hi: number): number {
  // Log-uniform-ish durations: mostly fast, sometimes slow.
  return Math.round(lo * Math.pow(hi / lo, r.f() * r.f()));
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (r: Rng) => string;
  ok: number;
  w: number;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: () => '/api/v1/feeds', ok: 200, w: 8 },
  { method: 'GET', path: (r) => `/api/v1/feeds/${uuidish(r)}/items?limit=50&offset=${r.int(0, 20) * 50}`, ok: 200, w: 10 },
  { method: 'GET', path: () => '/api/reader/timeline?record_types=earnings', ok: 200, w: 6 },
  { method: 'GET', path: (r) => `/api/v1/records/search?q=${encodeURIComponent(r.pick(SEARCH_TERMS))}&type=${r.pick(RECORD_TYPES)}&limit=25`, ok: 200, w: 5 },
  { method: 'GET', path: () => '/api/v1/monitoring/alerts?minutes=30&limit=10&min_level=WARNING', ok: 200, w: 6 },
  { method: 'GET', path: () => '/api/v1/system/dashboard', ok: 200, w: 3 },
  { method: 'GET', path: (r) => `/api/v1/executions?limit=${r.pick([20, 50])}&status=${r.pick(['running', 'failed', 'completed'])}`, ok: 200, w: 3 },
  { method: 'POST', path: () => '/api/v1/chat/sessions', ok: 201, w: 1 },
  { method: 'PATCH', path: (r) => `/api/v1/productivity/todos/${r.int(100, 9999)}`, ok: 200, w: 1 },
  { method: 'GET', path: (r) => `/api/v1/items/${uuidish(r)}`, ok: 200, w: 4 },
];

export const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 401: 'Unauthorized', 404: 'Not Found',
  422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function accessLine(r: Rng, method: string, path: string, status: number): string {
  return `${ip(r)}:${port(r)} - "${method} ${path} HTTP/1.1" ${status} ${REASONS[status] ?? ''}`.trimEnd();
}
