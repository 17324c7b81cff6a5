/**
 * Dashboard benchmark: the production build in demo mode, in headless Chromium, cold cache,
 * RUNS times (default 5). Prints the median of:
 *  - gzipped JavaScript loaded before the dashboard first shows data, mock code excluded
 *    (chunks only reachable from mocks/browser.ts, and the MSW service worker);
 *  - time from navigation start until all three tiles show data.
 */
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchOptions } from '../lib/browser';
import { median, startDemoServer } from './server';

const RUNS = Number(process.env.RUNS ?? 5);
const TILES = ['Service health', 'Feed status', 'Queue stats'];

interface ManifestEntry {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
}

/** Files reachable by static imports from the mocks entry but not from the app entry. */
function mockOnlyFiles(): Set<string> {
  const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Record<string, ManifestEntry>;
  const reach = (key: string, seen = new Set<string>()) => {
    if (seen.has(key) || !manifest[key]) return seen;
    seen.add(key);
    for (const i of manifest[key]!.imports ?? []) reach(i, seen);
    return seen;
  };
  const app = reach('index.html');
  const mocks = reach('mocks/browser.ts');
  const files = new Set<string>();
  for (const key of mocks) if (!app.has(key)) files.add(manifest[key]!.file);
  files.add('mockServiceWorker.js');
  return files;
}

const gzCache = new Map<string, number>();
function gzippedSize(file: string): number {
  let n = gzCache.get(file);
  if (n === undefined) {
    n = gzipSync(readFileSync(join('dist', file)), { level: 9 }).length;
    gzCache.set(file, n);
  }
  return n;
}

const server = await startDemoServer();
const browser = await chromium.launch(launchOptions());
const excluded = mockOnlyFiles();
const sizes: number[] = [];
const times: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.endsWith('.js') && url.origin === new URL(server.url).origin) scripts.add(url.pathname.slice(1));
    });
    await page.goto(`${server.url}/`);
    await page.waitForFunction(
      (names) =>
        names.every((name) => {
          const region = document.querySelector(`section[aria-label="${name}"]`);
          return region?.getAttribute('aria-busy') === 'false' && region.querySelector('tbody tr') !== null;
        }),
      TILES,
      { timeout: 30_000, polling: 'raf' },
    );
    const ms = await page.evaluate(() => performance.now());
    const loaded = [...scripts].filter((f) => !excluded.has(f));
    sizes.push(loaded.reduce((n, f) => n + gzippedSize(f), 0));
    times.push(ms);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
console.log(`\nDashboard (production build, demo mode, headless Chromium, ${RUNS} runs, median)`);
console.log(`  JS before data, gzipped, mocks excluded: ${kb(median(sizes))}   (target ≤ 250 KB; runs: ${sizes.map(kb).join(', ')})`);
console.log(`  navigation → all three tiles show data:  ${Math.round(median(times))} ms   (target ≤ 1000 ms; runs: ${times.map((t) => Math.round(t)).join(', ')})`);
