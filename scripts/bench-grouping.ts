/**
 * Benchmark of the log template miner on the LogHub 2k samples.
 *
 *   npm run bench:grouping -- [DIR] [--failures SYSTEM]
 *
 * DIR defaults to ../shared/datasets/loghub-2k (relative to the repo root). GA, FGA and PA are
 * computed by the shared evaluator (../shared/scoring/loghub-evaluate.mjs), imported at run time.
 * Throughput: one miner, one thread, 100,000 lines cycled from all samples' Content lines.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTemplateMiner, groupMessages } from '../src/errors/miner/index';
import { defaultDatasetDir, loadEvaluator, loadSamples, score } from './lib/loghub';
import type { Metrics } from './lib/loghub';

const THROUGHPUT_LINES = 100_000;
const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let dir = defaultDatasetDir;
  let failures: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--failures') failures = args[++i] ?? null;
    else dir = resolve(process.cwd(), a);
  }
  if (!existsSync(dir)) {
    console.log(`skipped: dataset not found at ${dir}`);
    return 0;
  }
  const ev = await loadEvaluator();
  const samples = loadSamples(ev, dir);

  const rows: { system: string; m: Metrics }[] = [];
  for (const s of samples) {
    const res = groupMessages(s.contents);
    const m = score(
      ev,
      s,
      res.map((r) => r.issueId),
      res.map((r) => r.template),
    );
    rows.push({ system: s.system, m });
    if (failures === s.system) printFailures(s.contents, s.gtTemplates, res.map((r) => r.template));
  }

  const f = (x: number | null): string => (x === null ? '-' : x.toFixed(3));
  const header = `${pad('System', 10)} ${pad('GA', 6, true)} ${pad('FGA', 6, true)} ${pad('PA', 6, true)}  ${pad('GT groups', 9, true)} ${pad('groups', 7, true)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const { system, m } of rows) {
    console.log(
      `${pad(system, 10)} ${pad(f(m.GA), 6, true)} ${pad(f(m.FGA), 6, true)} ${pad(f(m.PA), 6, true)}  ${pad(String(m.gtGroups), 9, true)} ${pad(String(m.predGroups), 7, true)}`,
    );
  }
  const avg = (k: 'GA' | 'FGA' | 'PA'): number => rows.reduce((t, r) => t + (r.m[k] ?? 0), 0) / rows.length;
  console.log('-'.repeat(header.length));
  console.log(`${pad('Average', 10)} ${pad(f(avg('GA')), 6, true)} ${pad(f(avg('FGA')), 6, true)} ${pad(f(avg('PA')), 6, true)}`);

  // throughput
  const all = samples.flatMap((s) => s.contents);
  const input: string[] = new Array(THROUGHPUT_LINES);
  for (let i = 0; i < THROUGHPUT_LINES; i++) input[i] = all[i % all.length] as string;
  const times: number[] = [];
  const coldRates: number[] = [];
  // one untimed warm-up run so the JIT has compiled the hot paths
  const warm = createTemplateMiner();
  for (const line of input) warm.add(line);
  for (let r = 0; r < RUNS; r++) {
    const miner = createTemplateMiner();
    const t0 = performance.now();
    for (let i = 0; i < all.length; i++) miner.add(input[i] as string);
    const t1 = performance.now();
    for (let i = all.length; i < input.length; i++) miner.add(input[i] as string);
    const t2 = performance.now();
    times.push(t2 - t0);
    coldRates.push(all.length / ((t1 - t0) / 1000));
  }
  const ms = median(times);
  const rate = THROUGHPUT_LINES / (ms / 1000);
  console.log('');
  console.log(
    `Throughput: ${Math.round(rate).toLocaleString('en-US')} lines/s (${THROUGHPUT_LINES.toLocaleString('en-US')} lines cycled from ${all.length.toLocaleString('en-US')} distinct samples, median of ${RUNS} runs after a warm-up run, ${ms.toFixed(1)} ms, one thread)`,
  );
  console.log(
    `  first pass, every line new (no exact-line cache hits): ${Math.round(median(coldRates)).toLocaleString('en-US')} lines/s`,
  );
  return 0;
}

function printFailures(contents: string[], gt: string[], pred: string[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < contents.length; i++) {
    if (gt[i] === pred[i]) continue;
    const k = (gt[i] as string) + '\u0000' + (pred[i] as string);
    if (seen.has(k)) continue;
    seen.add(k);
    console.log(`GT  : ${gt[i]}\nOURS: ${pred[i]}\nMSG : ${contents[i]}\n`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
