import type { QueueStatsReport } from '@/lib/model';
import type { QueueStatsResponse } from './api-schemas';

export function toQueueStats(raw: QueueStatsResponse): QueueStatsReport {
  const warnings: string[] = [];
  const online = new Set(raw.workers.filter((w) => w.status === 'online').map((w) => w.hostname));
  const queues = raw.queues.map((q) => {
    if (q.messages > 0 && q.consumers.filter((c) => online.has(c) || raw.workers.length === 0).length === 0) {
      warnings.push(`Queue "${q.name}" has ${q.messages} waiting tasks and no online worker.`);
    }
    return {
      name: q.name,
      depth: q.messages,
      active: q.active,
      reserved: q.reserved,
      // Consumers are the connected workers; add those configured for the queue but offline.
      workers: [...new Set([...q.consumers, ...raw.workers.filter((w) => w.queues.includes(q.name)).map((w) => w.hostname)])],
      succeededPerMin: q.succeeded_per_minute,
      failedPerMin: q.failed_per_minute,
      oldestTaskAgeSeconds: q.oldest_message_age_seconds,
      depthHistory: [...q.history]
        .map((h) => ({ at: h.t, depth: h.messages }))
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    };
  });
  const workers = raw.workers.map((w) => ({
    name: w.hostname,
    status: w.status,
    queues: w.queues,
    active: w.active,
    lastHeartbeatAt: w.last_heartbeat,
  }));
  return { queues, workers, generatedAt: raw.generated_at, warnings };
}
