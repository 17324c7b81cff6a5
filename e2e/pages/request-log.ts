import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/**
 * Records when the page requested each source endpoint. Requests answered by the MSW service
 * worker are still page requests, so Playwright sees every attempt, retries included.
 */
export class RequestLog {
  readonly times = new Map<string, number[]>();

  constructor(page: Page, readonly prefix = '/proxy/') {
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith(prefix) || request.resourceType() === 'websocket') return;
      const list = this.times.get(url.pathname) ?? [];
      list.push(Date.now());
      this.times.set(url.pathname, list);
    });
  }

  count(path: string, since = 0): number {
    return (this.times.get(path) ?? []).filter((t) => t >= since).length;
  }

  /** Gaps between consecutive requests to `path`, in ms. */
  gaps(path: string): number[] {
    const t = this.times.get(path) ?? [];
    return t.slice(1).map((v, i) => v - t[i]!);
  }
}

/** Writes one measured row for docs/RELIABILITY.md (test-results/reliability/<name>.json). */
export function recordMeasurement(name: string, row: Record<string, unknown>) {
  mkdirSync('test-results/reliability', { recursive: true });
  writeFileSync(`test-results/reliability/${name}.json`, `${JSON.stringify({ name, ...row }, null, 1)}\n`);
}
