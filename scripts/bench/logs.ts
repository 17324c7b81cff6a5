/**
 * Log explorer benchmark: the production build in live mode on the mocks served from Node (the
 * page holds only the console, as against a real Loki), Loki source, 24 h range, pages of 5,000
 * lines loaded with "Load older" until 100,000 lines are in the explorer. Prints:
 *  - data arrival → first rows painted (first page);
 *  - the longest main-thread task while scrolling through the whole list;
 *  - the JS heap after loading (after a forced GC).
 * Targets: 300 ms, 50 ms, 250 MB. Figures and how to read them: docs/PERFORMANCE.md.
 *
 * DEMO=1: demo mode instead, the mocks running in the page (MSW), sharing its heap and thread.
 *
 * REAL_LOKI=1: the lines come from a real Loki (the integration harness starts the newest binary
 * of ../shared/bin, or LOKI_TEST_URL), 100,000 of the story's lines pushed into it, through the
 * console server's proxy (live mode); a counting proxy in front of Loki records every request.
 * With all pages loaded it also measures a refresh, twice (an auto-refresh tick, then "Refresh
 * now"), each after pushing a few new lines: the requests it makes, their bytes, the longest task.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { launchOptions } from '../lib/browser';
import { startMockUpstream } from './mock-upstream';
import { benchLoki, benchRun, pushNewLines, pushStoryLines, settled, startCountingProxy, summarize, type ProxiedRequest } from './real-loki';
import { startDemoServer, startServedServer } from './server';

type CDP = Awaited<ReturnType<BrowserContext['newCDPSession']>>;

/** PROFILE=load|scroll prints the CPU profile's top functions by self time for that phase. */
async function printProfile(profiler: CDP) {
  const { profile } = (await profiler.send('Profiler.stop')) as unknown as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  console.log([...byName].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
}

const loadAtStart = loadavg()[0]!;
const TARGET_LINES = Number(process.env.LINES ?? 100_000);
const PASSES = Number(process.env.PASSES ?? 3);

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; value?: string } }

/**
 * Per scroll pass (between the page's `bench:passN:start/end` marks): the longest task on the
 * page's main thread (wall time, and how much of it the thread was on a CPU), how many took over
 * 50 ms, and the pauses of the full garbage collections. On a shared machine a task whose CPU time
 * is far below its wall time was waiting for a core, not working.
 */
function longestTasks(events: TraceEvent[], passes: number): { longest: number; longestCpu: number; maxCpu: number; cpu: number; over50: number; gcPauses: number[] }[] {
  return Array.from({ length: passes }, (_, p) => longestTaskBetween(events, `bench:pass${p}:start`, `bench:pass${p}:end`));
}

/** A request to Loki in one line: endpoint, LogQL, the span asked for (seconds before now), limit. */
function describeRequest(url: string): string {
  const u = new URL(url, 'http://x');
  const p = u.searchParams;
  const age = (v: string | null) => {
    if (!v) return '?';
    const ms = v.length > 13 ? Number(BigInt(v) / 1_000_000n) : v.includes('.') ? Number(v) * 1000 : Number(v) * (v.length <= 10 ? 1000 : 1);
    return `${((Date.now() - ms) / 1000).toFixed(1)} s`;
  };
  return `${u.pathname.replace('/loki/api/v1/', '')} ${p.get('query') ?? ''} [${age(p.get('start'))} → ${age(p.get('end'))} ago${p.get('limit') ? `, limit ${p.get('limit')}` : ''}${p.get('step') ? `, step ${p.get('step')}` : ''}]`;
}

/** The longest main-thread task (and its CPU time), the tasks over 50 ms and the full GC pauses between two marks. */
function longestTaskBetween(events: TraceEvent[], start: string, end: string): { longest: number; longestCpu: number; maxCpu: number; cpu: number; over50: number; gcPauses: number[] } {
  const marks = new Map(events.filter((e) => e.name.startsWith('bench:')).map((e) => [e.name, e]));
  const first = marks.get(start);
  if (!first) throw new Error(`the trace has no ${start} mark`);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === first.pid && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('the trace has no renderer main thread');
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  const fullGcs = onMain.filter((e) => e.name === 'V8.GCTraceGCNVP').map((e) => ({ ts: e.ts, ...(JSON.parse(e.args?.value ?? '{}') as { gc?: string; pause?: number }) })).filter((g) => g.gc === 'mc');
  const from = first.ts;
  const to = marks.get(end)?.ts ?? -Infinity;
  const inPass = tasks.filter((t) => t.ts >= from && t.ts <= to);
  const longestTask = inPass.reduce<TraceEvent | null>((a, t) => (a === null || (t.dur ?? 0) > (a.dur ?? 0) ? t : a), null);
  return {
    longest: (longestTask?.dur ?? 0) / 1000,
    longestCpu: (longestTask?.tdur ?? longestTask?.dur ?? 0) / 1000,
    maxCpu: inPass.reduce((m, t) => Math.max(m, t.tdur ?? t.dur ?? 0), 0) / 1000,
    cpu: inPass.reduce((n, t) => n + (t.tdur ?? t.dur ?? 0), 0) / 1000,
    over50: inPass.filter((t) => (t.dur ?? 0) > 50_000).length,
    gcPauses: fullGcs.filter((g) => g.ts >= from && g.ts <= to).map((g) => g.pause ?? 0),
  };
}

// REAL_LOKI=1: a real Loki behind a counting proxy, through the console server's proxy (live mode).
const realLoki = process.env.REAL_LOKI === '1';
// By default (SERVED=1 says the same) the mocks answer from Node through the console server's
// proxy (live mode), so the page's heap and main thread hold only the console. DEMO=1: demo mode.
const served = !realLoki && process.env.DEMO !== '1';
/** New lines pushed before each measured refresh, so the refresh has something to bring. */
const NEW_LINES = Number(process.env.NEW_LINES ?? 100);
const loki = realLoki ? await benchLoki() : null;
const run = benchRun();
const pushStarted = Date.now();
const pushed = loki ? await pushStoryLines(loki, run, TARGET_LINES, Date.now()) : null;
const pushMs = Date.now() - pushStarted;
const counting = loki ? await startCountingProxy(loki.url) : null;
const upstream = served && !loki ? await startMockUpstream('loki') : null;
const server = loki && counting
  ? await startServedServer({ LOKI_URL: counting.url, ...(loki.tenant ? { LOKI_TENANT: loki.tenant } : {}), LOKI_SELECTOR: `{bench_run="${run}"}` })
  : upstream
    ? await startServedServer({ LOKI_URL: upstream.url })
    : await startDemoServer();
const browser = await chromium.launch(launchOptions());
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { benchFirstData?: number; benchFirstRows?: number };
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      // The demo's mock answers with the whole body at once: data has arrived when fetch resolves.
      const url = decodeURIComponent(String(input instanceof Request ? input.url : input));
      // The explorer's own query: no level filter (the alerting watcher's error query has one).
      if (w.benchFirstData === undefined && url.includes('query_range') && !url.includes('count_over_time') && !url.includes('level')) {
        w.benchFirstData = performance.now();
        performance.mark('bench:data');
      }
      return response;
    };
    new MutationObserver((_, observer) => {
      if (w.benchFirstData !== undefined && document.querySelector('[aria-label="Log lines"] [role="listitem"]')) {
        observer.disconnect();
        requestAnimationFrame(() =>
          setTimeout(() => {
            w.benchFirstRows = performance.now();
            performance.mark('bench:rows');
          }, 0),
        );
      }
    }).observe(document, { childList: true, subtree: true });
  });
  // TRACE_LOAD=file.json records a Chrome trace from navigation to the first rows.
  const loadTracer = process.env.TRACE_LOAD ? await context.newCDPSession(page) : null;
  const loadChunks: unknown[] = [];
  if (loadTracer) {
    loadTracer.on('Tracing.dataCollected', (e: { value: unknown[] }) => loadChunks.push(...e.value));
    await loadTracer.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing,toplevel,v8.execute,disabled-by-default-v8.cpu_profiler', transferMode: 'ReportEvents' });
  }
  const loadProfiler = process.env.PROFILE === 'load' ? await context.newCDPSession(page) : null;
  if (loadProfiler) {
    await loadProfiler.send('Profiler.enable');
    await loadProfiler.send('Profiler.setSamplingInterval', { interval: 200 });
    await loadProfiler.send('Profiler.start');
  }
  await page.goto(`${server.url}/logs?source=loki&range=24h&limit=5000&refresh=off`);
  const logs = page.getByRole('region', { name: 'Logs' });
  const list = logs.getByRole('list', { name: 'Log lines' });
  await list.getByRole('listitem').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { benchFirstRows?: number }).benchFirstRows !== undefined);
  const firstPaint = await page.evaluate(() => {
    const w = window as unknown as { benchFirstData: number; benchFirstRows: number };
    return w.benchFirstRows - w.benchFirstData;
  });

  if (loadProfiler) await printProfile(loadProfiler);
  if (loadTracer) {
    const done = new Promise((r) => loadTracer.once('Tracing.tracingComplete', r));
    await loadTracer.send('Tracing.end');
    await done;
    writeFileSync(process.env.TRACE_LOAD!, JSON.stringify({ traceEvents: loadChunks }));
    console.log(`load trace written to ${process.env.TRACE_LOAD}`);
  }
  const count = async () => Number(await list.getAttribute('aria-rowcount'));
  const scroller = logs.getByRole('group', { name: 'Log lines, scrollable' });
  let lines = await count();
  while (lines < TARGET_LINES) {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const more = logs.getByRole('button', { name: 'Load older' });
    if (!(await more.isVisible().catch(() => false))) {
      await page.waitForTimeout(200);
      if (!(await more.isVisible().catch(() => false))) break;
    }
    await more.click();
    await page.waitForFunction((n) => Number(document.querySelector('[aria-label="Log lines"]')?.getAttribute('aria-rowcount')) > n, lines, { timeout: 60_000 });
    lines = await count();
  }

  if (process.env.MEMDUMP) {
    const mem = await context.newCDPSession(page);
    type Dump = { ph: string; pid: number; args?: { dumps?: { allocators?: Record<string, { attrs?: Record<string, { value: string }> }> } } };
    const events: Dump[] = [];
    mem.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as Dump[])));
    await mem.send('Tracing.start', { categories: 'disabled-by-default-memory-infra', transferMode: 'ReportEvents' });
    await mem.send('Tracing.requestMemoryDump', { deterministic: process.env.MEMDUMP !== 'raw', levelOfDetail: 'detailed' } as never);
    const done = new Promise((r) => mem.once('Tracing.tracingComplete', r));
    await mem.send('Tracing.end');
    await done;
    for (const e of events.filter((x) => x.ph === 'v')) {
      const allocators = e.args?.dumps?.allocators ?? {};
      const sizes = Object.entries(allocators)
        .filter(([name]) => name.split('/').length <= 2)
        .map(([name, d]) => [name, parseInt(d.attrs?.size?.value ?? '0', 16)] as const)
        .filter(([, v]) => v > 2e6)
        .sort((a, b) => b[1] - a[1]);
      if (sizes.length) console.log(`pid ${e.pid}:`, sizes.map(([n, v]) => `${n}=${(v / 1e6).toFixed(1)}MB`).join(' '));
    }
  }
  const profiler = process.env.PROFILE === 'scroll' ? await context.newCDPSession(page) : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
  // The scroll is always traced ('toplevel': every task's duration and CPU time, cheap; 'v8.gc':
  // each full collection's pause), so the longest task is measured whatever its length (the Long
  // Tasks API reports only tasks over 50 ms).
  // TRACE=file.json records a fuller trace and writes it (open it in DevTools' Performance panel).
  const tracer = await context.newCDPSession(page);
  const traceChunks: TraceEvent[] = [];
  tracer.on('Tracing.dataCollected', (e) => traceChunks.push(...(e.value as unknown as TraceEvent[])));
  const categories = process.env.TRACE ? `devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing,toplevel,v8.execute,disabled-by-default-v8.gc${process.env.TRACE_CATEGORIES ? `,${process.env.TRACE_CATEGORIES}` : ''}` : 'toplevel,blink.user_timing,disabled-by-default-v8.gc';
  await tracer.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  // Down, up and down again: three passes over the whole list, three viewports per frame.
  const framesPerPass = await scroller.evaluate(async (el, passes) => {
    el.scrollTo({ top: 0 });
    await new Promise((r) => setTimeout(r, 300));
    const frames: number[] = [];
    for (let p = 0; p < passes; p += 1) {
      frames.push(0);
      const down = p % 2 === 0;
      performance.mark(`bench:pass${p}:start`);
      const step = el.clientHeight * 3 * (down ? 1 : -1);
      while (down ? el.scrollTop + el.clientHeight < el.scrollHeight - 1 : el.scrollTop > 0) {
        el.scrollBy({ top: step });
        await new Promise((r) => requestAnimationFrame(() => r(0)));
        frames[p] = (frames[p] ?? 0) + 1;
      }
      performance.mark(`bench:pass${p}:end`);
      await new Promise((r) => setTimeout(r, 300));
    }
    return frames;
  }, PASSES);
  const traced = new Promise((r) => tracer.once('Tracing.tracingComplete', r));
  await tracer.send('Tracing.end');
  await traced;
  if (process.env.TRACE) {
    writeFileSync(process.env.TRACE, JSON.stringify({ traceEvents: traceChunks }));
    console.log(`trace written to ${process.env.TRACE}`);
  }
  const passes = longestTasks(traceChunks, PASSES);
  const frameCount = framesPerPass.reduce((a, b) => a + b, 0);
  if (profiler) await printProfile(profiler);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  if (process.env.SNAPSHOT) {
    // SNAPSHOT=file.heapsnapshot writes a heap snapshot (open it in DevTools' Memory panel).
    const out = createWriteStream(process.env.SNAPSHOT);
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => out.write(e.chunk));
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await new Promise((r) => out.end(r));
    console.log(`heap snapshot written to ${process.env.SNAPSHOT}`);
  }
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

  // REAL_LOKI=1: a refresh with every page loaded, as an auto-refresh tick and as "Refresh now".
  interface RefreshRun { label: string; requests: ProxiedRequest[]; untilQuietMs: number; task: ReturnType<typeof longestTaskBetween>; rowsBefore: number; rowsAfter: number }
  const refreshes: RefreshRun[] = [];
  if (loki && counting) {
    const measureRefresh = async (label: string, trigger: () => Promise<void>, after?: () => Promise<void>) => {
      await pushNewLines(loki, run, NEW_LINES);
      const since = counting.requests.length;
      const refreshTracer = await context.newCDPSession(page);
      const chunks: TraceEvent[] = [];
      refreshTracer.on('Tracing.dataCollected', (e) => chunks.push(...(e.value as unknown as TraceEvent[])));
      // TRACE_REFRESH=prefix writes a fuller trace of each refresh to prefix-<n>.json (read it with trace-summary.ts).
      const full = 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing,toplevel,v8.execute,disabled-by-default-v8.gc';
      await refreshTracer.send('Tracing.start', { categories: process.env.TRACE_REFRESH ? full : 'toplevel,blink.user_timing,disabled-by-default-v8.gc', transferMode: 'ReportEvents' });
      const rowsBefore = await count();
      await page.evaluate(() => performance.mark('bench:refresh:start'));
      await trigger();
      const firstRequest = async () => {
        while (counting.requests.length === since && counting.inFlight() === 0) await new Promise((r) => setTimeout(r, 50));
        return Date.now();
      };
      const asked = await firstRequest();
      await settled(counting, since);
      const untilQuietMs = counting.lastActivity() - asked;
      // What arrived is rendered in the frames after the last response.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
      await page.evaluate(() => performance.mark('bench:refresh:end'));
      await after?.();
      const done = new Promise((r) => refreshTracer.once('Tracing.tracingComplete', r));
      await refreshTracer.send('Tracing.end');
      await done;
      if (process.env.TRACE_REFRESH) {
        const file = `${process.env.TRACE_REFRESH}-${refreshes.length + 1}.json`;
        writeFileSync(file, JSON.stringify({ traceEvents: chunks }));
        console.log(`refresh trace written to ${file}`);
      }
      refreshes.push({ label, requests: counting.requests.slice(since), untilQuietMs, task: longestTaskBetween(chunks, 'bench:refresh:start', 'bench:refresh:end'), rowsBefore, rowsAfter: await count() });
    };
    const autoRefresh = page.getByLabel('Auto-refresh');
    await measureRefresh(
      'auto-refresh tick (Auto-refresh 5 s, one tick)',
      async () => void (await autoRefresh.selectOption('5s')),
      async () => void (await autoRefresh.selectOption('off')),
    );
    await measureRefresh('"Refresh now" (↻)', () => page.getByRole('button', { name: 'Refresh now' }).click());
  }

  const mode = loki
    ? `live mode on a real Loki ${loki.version} (${loki.managed ? 'started by the harness' : 'LOKI_TEST_URL'}; ${pushed!.lines.toLocaleString('en-US')} lines of the story pushed in ${(pushMs / 1000).toFixed(1)} s) through the console server's proxy`
    : served
      ? 'live mode on the mocks served from Node'
      : 'demo mode, mocks in the page';
  console.log(`\nLog explorer (production build, ${mode}, Loki source, ${lines.toLocaleString('en-US')} lines, headless Chromium)`);
  console.log(`  data arrival → first rows painted:        ${Math.round(firstPaint)} ms   (target ≤ 300 ms)`);
  const longest = Math.max(...passes.map((p) => p.longest));
  const over = passes.reduce((n, p) => n + p.over50, 0);
  console.log(`  longest main-thread task while scrolling: ${Math.round(longest)} ms   (target ≤ 50 ms)`);
  console.log(`    ${PASSES} passes over the list (down, up, …): ${passes.map((p) => `${Math.round(p.longest)} ms`).join(', ')}; ${over} task${over === 1 ? '' : 's'} over 50 ms in ${frameCount.toLocaleString('en-US')} frames`);
  const waited = passes.some((p) => p.longest > 50 && p.longestCpu < p.longest / 2);
  console.log(`    CPU time of those longest tasks: ${passes.map((p) => `${Math.round(p.longestCpu)} ms`).join(', ')}${waited ? ' (a task over 50 ms with far less CPU time waited for a core: the machine was busy)' : ''}`);
  // CPU time does not grow while the renderer waits for a core, so it compares runs on a busy machine.
  const cpuPerFrame = passes.reduce((n, p) => n + p.cpu, 0) / Math.max(1, frameCount);
  console.log(`    most CPU time of any task per pass: ${passes.map((p) => `${Math.round(p.maxCpu)} ms`).join(', ')}; main-thread CPU per frame: ${cpuPerFrame.toFixed(1)} ms`);
  console.log(`    full GC pauses per pass: ${passes.map((p) => (p.gcPauses.length ? p.gcPauses.map((ms) => Math.round(ms)).join('/') : '–')).join(', ')} ms`);
  console.log(`  JS heap after loading (after GC):         ${(heap.usedSize / 1024 / 1024).toFixed(1)} MB   (target ≤ 250 MB)`);
  console.log(`  load average (1 min) at the start and the end: ${loadAtStart.toFixed(1)}, ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  if (lines < TARGET_LINES) console.log(`  note: the scenario had only ${lines.toLocaleString('en-US')} lines in 24 h`);
  const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: bytes < 10_240 ? 1 : 0 })} kB`;
  if (refreshes.length) console.log(`  refresh with every page loaded (${NEW_LINES} new lines pushed to Loki before each; requests and bytes counted in front of Loki):`);
  for (const r of refreshes) {
    const bytes = r.requests.reduce((n, q) => n + q.bytes, 0);
    const encodings = [...new Set(r.requests.map((q) => q.encoding ?? 'identity'))].join(', ');
    console.log(`    ${r.label}: ${r.requests.length} request${r.requests.length === 1 ? '' : 's'} to Loki, ${kb(bytes)} (${encodings}), ${Math.round(r.untilQuietMs)} ms from the first request to the last answer`);
    console.log(`      longest main-thread task: ${Math.round(r.task.longest)} ms (CPU ${Math.round(r.task.longestCpu)} ms), ${r.task.over50} over 50 ms, full GC pauses ${r.task.gcPauses.length ? r.task.gcPauses.map((ms) => Math.round(ms)).join('/') : '–'} ms; lines in the explorer ${r.rowsBefore.toLocaleString('en-US')} → ${r.rowsAfter.toLocaleString('en-US')}`);
    for (const k of summarize(r.requests)) console.log(`      ${k.count} × ${k.kind}: ${kb(k.bytes)}, slowest ${Math.round(k.slowestMs)} ms`);
    // REQUESTS=1 lists each request: its LogQL, the span it asked for, bytes and time.
    if (process.env.REQUESTS === '1') for (const q of r.requests) console.log(`        ${describeRequest(q.url)}: ${kb(q.bytes)}, ${Math.round(q.ms)} ms`);
  }
} finally {
  await browser.close();
  await server.close();
  await upstream?.close();
  await counting?.close();
  await loki?.stop();
}
