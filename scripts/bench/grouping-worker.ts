/**
 * One-off check of the error pipeline: (1) the simulator's incident scenario as Loki would return
 * it (one line per entry, newest first) grouped into issues; (2) throughput of groupIssues on
 * 100,000 synthetic error lines (pipe lines + tracebacks + ECS JSON + structlog).
 * Run: npx tsx scripts/bench/grouping-worker.ts
 */
import { createScenario } from '../../mocks/scenario/index.ts';
import type { LogEntry } from '../../src/lib/model.ts';
import { groupIssues } from '../../src/errors/pipeline/group-issues.ts';
import { SYNTHETIC_BASE_MS, syntheticErrorLines } from './synthetic-errors.ts';

const anchorMs = Date.UTC(2026, 1, 17, 22, 0, 0);
const sc = createScenario({ name: 'incident', anchorMs });
const from = anchorMs - 3 * 3_600_000;
const to = anchorMs;
const events = sc.logs(from, to);
const entries: LogEntry[] = [];
for (const e of events) {
  e.lines.forEach((line, i) => {
    const stream = `{service="${e.service}"}`;
    entries.push({ id: `${stream}:${e.tsNs}:${i}`, timeNs: e.tsNs, service: e.service, level: 'unknown', message: line, labels: {}, raw: line, streamId: stream });
  });
}
entries.reverse();
const groups = groupIssues(entries, { range: { from, to } });
console.log(`simulator: ${events.length} events, ${entries.length} lines → ${groups.length} issues`);
for (const g of groups.slice(0, Number(process.env.SHOW ?? 15))) console.log(String(g.count).padStart(6), g.level.padEnd(8), g.id, g.title.slice(0, 110));

// Throughput on 100k synthetic error lines.
const lines = syntheticErrorLines(100_000);
const base = SYNTHETIC_BASE_MS;
const range = { from: base, to: base + 100_000 * 500 };
groupIssues(lines.slice(0, 20_000), { range }); // warm-up
const runs: number[] = [];
let out = 0;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  out = groupIssues(lines, { range }).length;
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
const med = runs[1] ?? 0;
console.log(`throughput: 100,000 lines → ${out} issues; median ${med.toFixed(0)} ms (${Math.round(100_000 / (med / 1000)).toLocaleString('en-US')} lines/s); runs ${runs.map((x) => x.toFixed(0)).join(', ')} ms`);
