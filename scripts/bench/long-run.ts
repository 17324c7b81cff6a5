/**
 * Long-run check: the production build in demo mode, headless Chromium, a fake clock driving
 * CYCLES (default 1,000) refresh cycles at refresh=5s. Prints the JS heap after a forced GC, the
 * DOM size, the query cache (entries, entries with observers, mutations) and the page's request
 * count every 10 % of the run: they must stay flat. Writes test-results/reliability/long-run.json.
 * Run: `npx vite build && npx tsx scripts/bench/long-run.ts` (CYCLES=200 for a quick look).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '../lib/browser';
import { startDemoServer } from './server';

const CYCLES = Number(process.env.CYCLES ?? 1000);
const REFRESH_MS = 5_000;
const MAX_GROWTH = Number(process.env.MAX_GROWTH ?? 1.5);
/**
 * The first cycles fill bounded caches (the alert history's 600 observations, the query cache,
 * the demo mock's minute buckets), so the heap is judged on the second half of the run: from the
 * middle sample to the end it must grow less than this.
 */
const MAX_STEADY_GROWTH = Number(process.env.MAX_STEADY_GROWTH ?? 1.15);

const server = await startDemoServer();
const browser = await chromium.launch(launchOptions());
interface Row {
  cycle: number;
  heapMB: number;
  domNodes: number;
  queries: number;
  observedQueries: number;
  mutations: number;
  requests: number;
}
const rows: Row[] = [];
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  let requests = 0;
  page.on('request', (r) => {
    if (r.url().includes('/proxy/')) requests += 1;
  });
  const cdp = await context.newCDPSession(page);
  await page.clock.install();
  await page.goto(`${server.url}/?refresh=5s`);
  for (const name of ['Service health', 'Feed status', 'Queue stats']) {
    await page.getByRole('region', { name, exact: true }).getByRole('row').first().waitFor({ timeout: 30_000 });
  }
  const sample = async (cycle: number) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const cache = await page.evaluate(() => (window as unknown as { __spineConsoleDemo: { queryCache: () => { queries: number; observed: number; mutations: number } } }).__spineConsoleDemo.queryCache());
    rows.push({ cycle, heapMB: Math.round((heap.usedSize / 1048576) * 10) / 10, domNodes, queries: cache.queries, observedQueries: cache.observed, mutations: cache.mutations, requests });
  };
  await sample(0);
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    await page.clock.runFor(REFRESH_MS);
    // Let the (real-time) mock answers land before the next tick.
    await page.waitForTimeout(15);
    if (cycle % 100 === 0) console.log(`cycle ${cycle}/${CYCLES}`);
    if (cycle % Math.max(1, Math.floor(CYCLES / 10)) === 0 || cycle === CYCLES) {
      await page.waitForTimeout(1_000);
      await sample(cycle);
    }
  }
  const start = rows[0];
  const mid = rows[Math.floor(rows.length / 2)];
  const end = rows.at(-1);
  console.table(rows);
  if (mid && end && end.heapMB > mid.heapMB * MAX_STEADY_GROWTH) {
    console.error(`long-run: heap grew from ${mid.heapMB} MB at cycle ${mid.cycle} to ${end.heapMB} MB at cycle ${end.cycle} (limit ×${MAX_STEADY_GROWTH} over the second half).`);
    failed = true;
  } else if (mid && end) {
    console.log(`long-run: heap ${mid.heapMB} MB at cycle ${mid.cycle}, ${end.heapMB} MB at cycle ${end.cycle}: flat within ×${MAX_STEADY_GROWTH} over the second half.`);
  }
  if (start && end && end.domNodes > start.domNodes * MAX_GROWTH) {
    console.error(`long-run: DOM grew from ${start.domNodes} to ${end.domNodes} nodes.`);
    failed = true;
  }
  if (start && end && end.queries > start.queries * MAX_GROWTH) {
    console.error(`long-run: the query cache grew from ${start.queries} to ${end.queries} entries.`);
    failed = true;
  }
  mkdirSync('test-results/reliability', { recursive: true });
  writeFileSync('test-results/reliability/long-run.json', `${JSON.stringify({ name: 'long-run', cycles: CYCLES, refreshMs: REFRESH_MS, rows, failed }, null, 1)}\n`);
  console.log(`long-run: ${CYCLES} refresh cycles (${Math.round((CYCLES * REFRESH_MS) / 60_000)} simulated minutes), ${requests} source requests.`);
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
