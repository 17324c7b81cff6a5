/**
 * Error grouping benchmark: 100,000 error lines grouped by the production grouping worker in
 * headless Chromium (3 runs, median). Prints the time from handing the lines to the grouping
 * client until the issues come back, and the longest main-thread task meanwhile (target: ≤ 1 s
 * and no task over 50 ms).
 */
import { chromium } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { launchOptions } from '../lib/browser';
import { median, startDemoServer } from './server';
import { SYNTHETIC_BASE_MS, syntheticErrorLines } from './synthetic-errors';

const RUNS = Number(process.env.RUNS ?? 3);
const worker = readdirSync('dist/assets').find((f) => /^group-worker-.*\.js$/.test(f));
if (!worker) throw new Error('dist/assets has no group-worker chunk: build first (npm run bench builds).');
const lines = syntheticErrorLines(100_000);
const range = { from: SYNTHETIC_BASE_MS, to: SYNTHETIC_BASE_MS + 100_000 * 500 };

const server = await startDemoServer();
const browser = await chromium.launch(launchOptions());
const times: number[] = [];
const longest: number[] = [];
let issues = 0;
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/sources`);
  await page.evaluate((entries) => {
    (globalThis as unknown as { benchEntries: unknown }).benchEntries = entries;
  }, lines);
  for (let r = 0; r < RUNS; r++) {
    const result = await page.evaluate(
      async ({ url, range }) => {
        const entries = (globalThis as unknown as { benchEntries: unknown[] }).benchEntries;
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
        observer.observe({ type: 'longtask', buffered: false });
        const w = new Worker(url, { type: 'module' });
        const t0 = performance.now();
        const groups = await new Promise<number>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<{ type: string; groups?: unknown[]; message?: string }>) => {
            if (e.data.type === 'result') resolve(e.data.groups?.length ?? 0);
            if (e.data.type === 'error') reject(new Error(e.data.message));
          };
          // The grouping client's protocol (src/errors/worker/group-client.ts): chunks of 4,000
          // lines, each posted from its own task, then the request.
          void (async () => {
            for (let i = 0; i < entries.length; i += 4000) {
              await new Promise((r) => setTimeout(r, 0));
              w.postMessage({ id: 1, type: 'chunk', entries: entries.slice(i, i + 4000) });
            }
            w.postMessage({ id: 1, entries: [], options: { range }, chunked: true });
          })();
        });
        const ms = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 50));
        observer.disconnect();
        w.terminate();
        return { ms, groups, longest: Math.max(0, ...tasks) };
      },
      { url: `/assets/${worker}`, range },
    );
    times.push(result.ms);
    longest.push(result.longest);
    issues = result.groups;
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`\nError grouping (100,000 lines → ${issues} issues, grouping worker in headless Chromium, ${RUNS} runs, median)`);
console.log(`  lines handed over → issues back:          ${Math.round(median(times))} ms   (target ≤ 1000 ms; runs: ${times.map((t) => Math.round(t)).join(', ')})`);
console.log(`  longest main-thread task meanwhile:       ${Math.round(median(longest))} ms   (target ≤ 50 ms; runs: ${longest.map((t) => Math.round(t)).join(', ')})`);
