/**
 * Log volume in demo mode: what the mock Loki and Elasticsearch cost the page's main thread for
 * the volume queries the console sends (no browser: the mock wire functions, called as the MSW
 * handlers call them). Prints CPU ms of this process (less sensitive to other load than wall time)
 * and wall ms, cold (a fresh scenario: nothing cached; the very first query also pays for the JIT
 * compiling the code, "compiled code" rows do not) and warm (cached):
 *  - 24 h volume of every service (the log explorer: sum by level, 30 m step);
 *  - 24 h per service and 7 d per service (the alert backtest: one query per service);
 *  - the heap the mock keeps after the 24 h volume;
 *  - paging 24 h of lines backwards, 5,000 a page (the explorer's "Load older").
 *
 *   node --expose-gc --import tsx scripts/bench/log-volume.ts [--quick]
 *
 * `--quick` skips the 7 d figures, `--paging` runs only the paging (three rounds). Uses only the wire entry points, so it runs unchanged on an
 * older checkout to get "before" figures.
 */
import { createScenario } from '../../mocks/scenario';
import type { Scenario } from '../../mocks/scenario';
import { esSearch, parseLossless } from '../../mocks/wire/elasticsearch';
import { lokiQueryRange } from '../../mocks/wire/loki';
import { esConfigSchema } from '../../src/sources/elasticsearch/config';
import { buildVolumeSearch } from '../../src/sources/elasticsearch/query-dsl';
import { lokiConfigSchema } from '../../src/sources/loki/config';
import { buildVolumeQuery, formatStep } from '../../src/sources/loki/logql';

const A = Date.UTC(2026, 0, 31, 18, 45, 0);
const NOW = A + 17_123;
const MIN = 60_000;
const DAY = 86_400_000;
const quick = process.argv.includes('--quick');
const loki = { ...lokiConfigSchema.parse({ baseUrl: '/proxy/loki' }), selector: '{job=~".+"}' };
const es = esConfigSchema.parse({ baseUrl: '/proxy/es' });
const SERVICES = ['spine-dev-api', 'genai-spine-api', 'spine-dev-celery-worker'];

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const gc = (globalThis as { gc?: () => void }).gc;
const fresh = () => createScenario({ name: 'incident', anchorMs: A });

function measure<T>(fn: () => T): { cpu: number; wall: number; value: T } {
  const c = cpu();
  const w = performance.now();
  const value = fn();
  return { cpu: cpu() - c, wall: performance.now() - w, value };
}
const row = (label: string, m: { cpu: number; wall: number }) => console.log(`${label.padEnd(52)} ${m.cpu.toFixed(0).padStart(7)} ms cpu ${m.wall.toFixed(0).padStart(7)} ms wall`);

function lokiVolume(s: Scenario, from: number, to: number, stepMs: number, services?: string[], levels?: ('error' | 'critical')[]) {
  const params = new URLSearchParams({
    query: buildVolumeQuery(loki, { ...(services ? { services } : {}), ...(levels ? { levels } : {}) }, stepMs),
    start: `${from}000000`,
    end: `${to}000000`,
    step: formatStep(stepMs),
  });
  const reply = lokiQueryRange(s, NOW, params);
  if (reply.status !== 200) throw new Error(`loki ${reply.status}`);
  return reply;
}

function esVolume(s: Scenario, from: number, to: number, stepMs: number, services?: string[]) {
  const body = buildVolumeSearch(es.fields, services ? { services } : {}, { from, to }, stepMs);
  const reply = esSearch(s, NOW, es.index, JSON.stringify(body));
  if (reply.status !== 200) throw new Error(`es ${reply.status}: ${reply.body.slice(0, 200)}`);
  return parseLossless(reply.body);
}

function perService(wire: 'loki' | 'es', span: number, stepMs: number) {
  const s = fresh();
  const to = Math.floor(NOW / stepMs) * stepMs;
  SERVICES.forEach((svc, i) => {
    const m = measure(() => (wire === 'loki' ? lokiVolume(s, to - span, to, stepMs, [svc], ['error', 'critical']) : esVolume(s, to - span, to, stepMs, [svc])));
    row(`${wire} ${span / DAY} d, ${svc} (${i === 0 ? 'cold' : 'warm'})`, m);
  });
}

const pagingOnly = process.argv.includes('--paging');
console.log(`log volume bench (incident scenario, node ${process.version}${gc ? '' : ', no --expose-gc: heap figures skipped'})`);
for (const wire of pagingOnly ? [] : (['loki', 'es'] as const)) {
  const s = fresh();
  const run = () => (wire === 'loki' ? lokiVolume(s, NOW - DAY, NOW, 30 * MIN) : esVolume(s, NOW - DAY, NOW, 30 * MIN));
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  row(`${wire} 24 h, every service (cold)`, measure(run));
  row(`${wire} 24 h, every service (warm)`, measure(run));
  const again = fresh();
  row(`${wire} 24 h, every service (cold, compiled code)`, measure(() => (wire === 'loki' ? lokiVolume(again, NOW - DAY, NOW, 30 * MIN) : esVolume(again, NOW - DAY, NOW, 30 * MIN))));
  if (gc) {
    gc();
    console.log(`${`${wire} heap kept after the 24 h volume`.padEnd(52)} ${((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(1).padStart(7)} MB`);
  }
  perService(wire, DAY, 5 * MIN);
  if (!quick) perService(wire, 7 * DAY, 15 * MIN);
}

// Paging: the explorer's pages of 5,000 lines, newest first, each ending where the last stopped.
for (let round = 0; round < (pagingOnly ? 3 : 1); round++) {
  const s = fresh();
  let end = `${NOW}000000`;
  let lines = 0;
  let pages = 0;
  const all = measure(() => {
    for (; pages < 40; pages++) {
      const reply = lokiQueryRange(s, NOW, new URLSearchParams({ query: '{job=~".+"}', start: `${NOW - DAY}000000`, end, limit: '5000', direction: 'backward' }));
      if (!('json' in reply)) throw new Error('paging failed');
      const result = (reply.json as { data: { result: { values: [string, string][] }[] } }).data.result;
      const ts = result.flatMap((r) => r.values.map((v) => BigInt(v[0])));
      if (ts.length === 0) break;
      lines += ts.length;
      end = ts.reduce((a, b) => (b < a ? b : a)).toString();
    }
  });
  row(`paging 24 h backwards: ${pages} pages, ${lines} lines (total)`, all);
  row('  per page', { cpu: all.cpu / Math.max(1, pages), wall: all.wall / Math.max(1, pages) });
}
