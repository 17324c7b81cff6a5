import { describe, expect, it } from 'vitest';
import queues from './fixtures/queue-stats.json';
import { queueStatsResponseSchema } from './api-schemas';
import { toQueueStats } from './to-queue-stats';

describe('toQueueStats', () => {
  const report = toQueueStats(queueStatsResponseSchema.parse(queues));

  it('maps depth, activity, rates and oldest task age per queue', () => {
    const d = report.queues.find((q) => q.name === 'default');
    expect(d).toMatchObject({ depth: 184, active: 4, reserved: 8, succeededPerMin: 6.2, failedPerMin: 0.8, oldestTaskAgeSeconds: 1260 });
    expect(d?.workers).toEqual(['celery@spine-dev-celery-worker-1', 'celery@spine-dev-celery-worker-2']);
    expect(d?.depthHistory.at(-1)?.depth).toBe(184);
    expect(report.queues.find((q) => q.name === 'realtime')?.oldestTaskAgeSeconds).toBeNull();
  });

  it('lists workers with their status and warns when a queue has work and no online worker', () => {
    expect(report.workers.map((w) => [w.name, w.status])).toContainEqual(['celery@spine-dev-celery-worker-2', 'offline']);
    expect(report.warnings).toEqual([]);
    const stranded = queueStatsResponseSchema.parse({
      ...queues,
      queues: [{ ...queues.queues[1], name: 'low', consumers: ['celery@spine-dev-celery-worker-2'] }],
    });
    expect(toQueueStats(stranded).warnings).toEqual(['Queue "low" has 184 waiting tasks and no online worker.']);
  });
});
