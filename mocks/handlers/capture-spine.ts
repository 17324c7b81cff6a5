import { http, HttpResponse } from 'msw';
import { withFault } from '../faults/apply';
import type { MockController } from '../scenarios';
import { feedHistoryWire, feedStatusWire, healthHistoryWire, monitoringAlertsWire, queueStatsWire, systemDashboardWire } from '../wire/capture-spine';

/** Where the console reaches capture-spine: through the console server's same-origin proxy. */
export const CAPTURE_SPINE_BASE = '/proxy/capture-spine';

function intParam(url: URL, name: string, fallback: number, max: number): number {
  const n = Number(url.searchParams.get(name));
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

export function captureSpineHandlers(ctl: MockController) {
  const route = (path: string, respond: (url: URL) => Response) =>
    http.get(`*${CAPTURE_SPINE_BASE}${path}`, ({ request }) => withFault(ctl, 'capture-spine', () => respond(new URL(request.url))));

  return [
    route('/health', () => HttpResponse.json({ status: 'healthy', version: '0.9.2' })),
    route('/api/v1/system/dashboard', (url) =>
      HttpResponse.json(systemDashboardWire(ctl.scenario(), ctl.now(), intParam(url, 'minutes', 60, 43_200), intParam(url, 'history_limit', 40, 200))),
    ),
    route('/api/v1/system/health-history', (url) =>
      HttpResponse.json(healthHistoryWire(ctl.scenario(), ctl.now(), intParam(url, 'minutes', 60, 43_200), url.searchParams.get('services')?.split(',').filter(Boolean) ?? null)),
    ),
    route('/api/v1/feeds/history', (url) => HttpResponse.json(feedHistoryWire(ctl.scenario(), ctl.now(), intParam(url, 'minutes', 60, 43_200)))),
    route('/api/v1/feeds/status', () => HttpResponse.json(feedStatusWire(ctl.scenario(), ctl.now()))),
    route('/api/v1/queues/stats', (url) =>
      HttpResponse.json(queueStatsWire(ctl.scenario(), ctl.now(), intParam(url, 'minutes', 60, 43_200), intParam(url, 'step_seconds', 30, 86_400))),
    ),
    route('/api/v1/monitoring/alerts', (url) =>
      HttpResponse.json(
        monitoringAlertsWire(ctl.scenario(), ctl.now(), intParam(url, 'minutes', 30, 43_200), intParam(url, 'limit', 50, 1000), url.searchParams.get('min_level') ?? 'WARNING'),
      ),
    ),
  ];
}
