import { ScrollX } from '@/components/ui/scroll-x';
import { lazy, Suspense } from 'react';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDuration, formatRate } from '@/lib/format';
import type { QueueStats, QueueStatsReport, WorkerInfo } from '@/lib/model';

const QueueDepthChart = lazy(() => import('./queue-depth-chart'));

/** A queue needs attention when work waits with nobody to take it, or waits too long. */
export function queueAlarm(queue: QueueStats, workers: WorkerInfo[]): string | null {
  const online = queue.workers.filter((w) => workers.length === 0 || workers.some((x) => x.name === w && x.status === 'online'));
  if (queue.depth > 0 && online.length === 0) return 'no worker online';
  if ((queue.oldestTaskAgeSeconds ?? 0) > 600) return 'backlog';
  if (queue.failedPerMin > 0 && queue.failedPerMin >= queue.succeededPerMin) return 'failing';
  return null;
}

export function summarizeQueues(report: QueueStatsReport): string {
  const depth = report.queues.reduce((n, q) => n + q.depth, 0);
  const online = report.workers.filter((w) => w.status === 'online').length;
  return `${depth} waiting · ${online}/${report.workers.length} workers online`;
}

function WorkersCell({ queue, workers }: { queue: QueueStats; workers: WorkerInfo[] }) {
  if (queue.workers.length === 0) return <span className="text-crit">none</span>;
  return (
    <ul className="flex flex-col">
      {queue.workers.map((name) => {
        const w = workers.find((x) => x.name === name);
        const offline = w?.status === 'offline';
        return (
          <li key={name} className={`whitespace-nowrap font-mono text-xs ${offline ? 'text-crit line-through' : 'text-muted'}`} title={offline ? `${name} is offline` : name}>
            {name.replace(/^celery@/, '')}
            {offline && <span className="sr-only"> (offline)</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function QueueStatsView({ report }: { report: QueueStatsReport }) {
  if (report.queues.length === 0) {
    return (
      <EmptyState title="No queues reported">
        No Celery queue has been seen. Start a worker (celery -A app worker -Q realtime,high,default,low,slow) and its queues appear here.
      </EmptyState>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <ScrollX label="Queues table">
        <table className="text-sm">
          <thead className="text-xs text-muted">
            <tr className="border-b border-line">
              <th scope="col" className="py-1.5 pr-3">Queue</th>
              <th scope="col" className="py-1.5 pr-3 text-right">Depth</th>
              <th scope="col" className="py-1.5 pr-3 text-right">Active / reserved</th>
              <th scope="col" className="py-1.5 pr-3">Workers</th>
              <th scope="col" className="py-1.5 pr-3 text-right">Succeeded</th>
              <th scope="col" className="py-1.5 pr-3 text-right">Failed</th>
              <th scope="col" className="py-1.5 text-right">Oldest task</th>
            </tr>
          </thead>
          <tbody>
            {report.queues.map((q) => {
              const alarm = queueAlarm(q, report.workers);
              return (
                <tr key={q.name} className="border-b border-line/60 align-top last:border-0">
                  <th scope="row" className="py-1.5 pr-3 font-normal">
                    <div className="flex items-center gap-1.5 font-medium">
                      {q.name}
                      {alarm && <Badge tone="crit">{alarm}</Badge>}
                    </div>
                  </th>
                  <td className={`py-1.5 pr-3 text-right font-medium tabular-nums ${alarm ? 'text-crit' : ''}`}>{q.depth}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">
                    {q.active} / {q.reserved}
                  </td>
                  <td className="py-1.5 pr-3">
                    <WorkersCell queue={q} workers={report.workers} />
                  </td>
                  <td className="whitespace-nowrap py-1.5 pr-3 text-right tabular-nums">{formatRate(q.succeededPerMin)}</td>
                  <td className={`whitespace-nowrap py-1.5 pr-3 text-right tabular-nums ${q.failedPerMin > 0 ? 'text-crit' : ''}`}>{formatRate(q.failedPerMin)}</td>
                  <td className="whitespace-nowrap py-1.5 text-right tabular-nums">{formatDuration(q.oldestTaskAgeSeconds)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollX>
      <Suspense fallback={<div className="h-48 animate-pulse rounded bg-surface-2" aria-hidden="true" />}>
        <QueueDepthChart queues={report.queues} />
      </Suspense>
    </div>
  );
}
