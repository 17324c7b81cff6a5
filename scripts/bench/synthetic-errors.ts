/** 100,000 synthetic error lines in the ecosystem's formats (pipe + tracebacks, ECS JSON, structlog). */
import type { LogEntry } from '../../src/lib/model.ts';

export const SYNTHETIC_BASE_MS = Date.UTC(2026, 1, 17, 0, 0, 0);

export function syntheticErrorLines(count = 100_000): LogEntry[] {
  const base = SYNTHETIC_BASE_MS;
  const lines: LogEntry[] = [];
  let n = 0;
  const push = (line: string, ms: number, stream: string) =>
    lines.push({ id: `s${n}`, timeNs: `${ms}${String(n++ % 1e6).padStart(6, '0')}`, service: stream, level: 'error', message: line, labels: {}, raw: line, streamId: stream });
  for (let i = 0; lines.length < count; i++) {
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
  lines.length = count;
  return lines;
}
