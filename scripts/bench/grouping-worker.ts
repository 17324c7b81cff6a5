/**
 * One-off check of the error pipeline: (1) the simulator's incident scenario as Loki would return
 * it (one line per entry, newest first) grouped into issues; (2) throughput of groupIssues on
 * 100,000 synthetic error lines (pipe lines + tracebacks + ECS JSON + structlog).
 * Run: npx tsx scripts/bench/grouping-worker.ts
 */
import { createScenario } from '../../mocks/scenario/index.ts';
import type { LogEntry } from '../../src/lib/model.ts';
import { groupIssues } from '../../src/errors/pipeline/group-issues.ts';

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
const base = Date.UTC(2026, 1, 17, 0, 0, 0);
const lines: LogEntry[] = [];
let n = 0;
const push = (line: string, ms: number, stream: string) =>
  lines.push({ id: `s${n}`, timeNs: `${ms}${String(n++ % 1e6).padStart(6, '0')}`, service: stream, level: 'error', message: line, labels: {}, raw: line, streamId: stream });
for (let i = 0; lines.length < 100_000; i++) {
  const ms = base + i * 500;
  const t = new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
  switch (i % 4) {
    case 0:
      push(`${t} | ERROR    | capture_spine.api.feeds | Failed to fetch feed https://example.com/rss/${i % 97}.xml: Connection timeout after ${i % 30}s`, ms, 'api');
      break;
    case 1:
      push(`${t} | ERROR    | capture_spine.db.session | Database error while handling GET /api/v1/items/${i}: ConnectionRefusedError: [Errno 111] Connection refused`, ms, 'api');
      push('Traceback (most recent call last):', ms, 'api');
      push(`  File "/app/app/db/repos/items.py", line ${80 + (i % 7)}, in list_items`, ms, 'api');
      push('    async with self._pool.acquire() as conn:', ms, 'api');
      push('  File "/usr/local/lib/python3.11/site-packages/asyncpg/pool.py", line 1024, in __aenter__', ms, 'api');
      push('    self.connection = await self.pool._acquire(self.timeout)', ms, 'api');
      push('ConnectionRefusedError: [Errno 111] Connection refused', ms, 'api');
      break;
    case 2:
      push(`{"@timestamp": "2026-02-17T22:04:35.095528+00:00", "log.level": "error", "log.logger": "spine.runner", "message": "Step ${i % 13} failed for run run_${i}", "service.name": "spine", "error.type": "RuntimeError", "error.message": "Simulated failure ${i % 5}"}`, ms, 'spine');
      break;
    default:
      push(`2026-02-17T22:04:48.810500Z [error    ] task.failed                    exc_type=TimeoutError task=app.tasks.fetch task_id=${i.toString(16)}abcdef worker=celery@w${i % 3}`, ms, 'worker');
  }
}
lines.length = 100_000;
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
