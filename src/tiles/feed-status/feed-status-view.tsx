import { ScrollX } from '@/components/ui/scroll-x';
import { Badge } from '@/components/ui/badge';
import type { Tone } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { describeCron } from '@/lib/cron';
import { formatDateTime, formatDuration, formatRelative } from '@/lib/format';
import type { FeedCadence, FeedState, FeedStatus, FeedStatusReport } from '@/lib/model';

export const feedStateLabel: Record<FeedState, string> = {
  on_time: 'on time',
  late: 'late',
  missed: 'missed',
  failing: 'failing',
  running: 'running',
  disabled: 'disabled',
  unknown: 'unknown',
};
const TONE: Record<FeedState, Tone> = { on_time: 'ok', late: 'warn', missed: 'crit', failing: 'crit', running: 'info', disabled: 'neutral', unknown: 'unknown' };
const ORDER: Record<FeedState, number> = { failing: 0, missed: 1, late: 2, unknown: 3, running: 4, on_time: 5, disabled: 6 };

export function describeCadence(cadence: FeedCadence | null): string {
  if (!cadence) return '—';
  if (cadence.kind === 'cron') return describeCron(cadence.expression);
  return `every ${formatDuration(cadence.seconds)}`;
}

export function summarizeFeeds(feeds: FeedStatus[]): string {
  const problems = feeds.filter((f) => f.state === 'failing' || f.state === 'missed' || f.state === 'late').length;
  return problems === 0 ? `${feeds.length} feeds, all on schedule` : `${problems} of ${feeds.length} feeds need attention`;
}

export function FeedStatusView({ report, now }: { report: FeedStatusReport; now: number }) {
  if (report.feeds.length === 0) {
    return (
      <EmptyState title="No feeds configured">
        capture-spine has no ingestion feeds yet. Add feeds (feeds.yaml or the Feeds page) and they will show up here with their cadence and lag.
      </EmptyState>
    );
  }
  const feeds = [...report.feeds].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name));
  return (
    <div className="flex flex-col gap-2">
      {report.warnings.length > 0 && (
        <ul className="text-xs text-warn">
          {report.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      <ScrollX label="Feeds table">
        <table className="w-full text-sm">
          <thead className="text-xs text-muted">
            <tr className="border-b border-line">
              <th scope="col" className="py-1.5 pr-3">Feed</th>
              <th scope="col" className="py-1.5 pr-3">Status</th>
              <th scope="col" className="py-1.5 pr-3">Cadence</th>
              <th scope="col" className="py-1.5 pr-3">Last run</th>
              <th scope="col" className="py-1.5 pr-3 text-right">Lag</th>
              <th scope="col" className="py-1.5 pr-3 text-right">New / failed</th>
              <th scope="col" className="py-1.5">Last error</th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((f) => (
              <tr key={f.id} className="border-b border-line/60 align-top last:border-0">
                <th scope="row" className="whitespace-nowrap py-1.5 pr-3 font-normal">
                  <div className="font-medium">{f.name}</div>
                  <div className="text-xs text-muted">{f.type ?? ''}</div>
                </th>
                <td className="py-1.5 pr-3">
                  <Badge tone={TONE[f.state]}>{feedStateLabel[f.state]}</Badge>
                  {f.consecutiveFailures > 1 && <div className="mt-0.5 text-xs text-crit">{f.consecutiveFailures} failures in a row</div>}
                  {f.state === 'failing' && f.lastRun?.status === 'running' && <div className="mt-0.5 whitespace-nowrap text-xs text-muted">retry running</div>}
                </td>
                <td className="min-w-[12ch] py-1.5 pr-3 text-muted">{describeCadence(f.cadence)}</td>
                <td className="whitespace-nowrap py-1.5 pr-3" title={formatDateTime(f.lastRun?.startedAt)}>
                  {f.lastRun ? formatRelative(f.lastRun.startedAt, now) : 'never'}
                  {f.nextDueAt && <div className="text-xs text-muted">next {formatRelative(f.nextDueAt, now)}</div>}
                </td>
                <td className={`whitespace-nowrap py-1.5 pr-3 text-right tabular-nums ${f.lagSeconds ? 'text-warn' : ''}`}>
                  {f.lagSeconds === null ? '—' : f.lagSeconds === 0 ? '0' : formatDuration(f.lagSeconds)}
                </td>
                <td className="whitespace-nowrap py-1.5 pr-3 text-right tabular-nums">
                  {f.lastRun ? (
                    <>
                      {f.lastRun.itemsNew} / <span className={f.lastRun.itemsFailed > 0 ? 'text-crit' : ''}>{f.lastRun.itemsFailed}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="min-w-[16ch] max-w-[30ch] py-1.5 text-xs">
                  {f.lastError ? (
                    <span className="line-clamp-3 break-words font-mono text-crit" title={f.lastError}>
                      {f.lastError}
                    </span>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
    </div>
  );
}
