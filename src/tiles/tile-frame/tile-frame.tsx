import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { formatClock } from '@/lib/format';

export interface TileFrameProps {
  title: string;
  /** Which source feeds the tile, e.g. "capture-spine (demo)". */
  sourceLabel?: string | undefined;
  /** Short summary shown in the header ("12 up · 1 down"). */
  summary?: ReactNode;
  /** True while the first load is pending: sets aria-busy. */
  busy?: boolean;
  /** Set when a refresh failed but earlier data is shown. */
  staleSince?: number | null;
  staleReason?: string | undefined;
  updatedAt?: number | null;
  className?: string;
  children: ReactNode;
}

/** The chrome of every tile: a named region with a header. */
export function TileFrame({ title, sourceLabel, summary, busy = false, staleSince, staleReason, updatedAt, className = '', children }: TileFrameProps) {
  return (
    <section
      aria-label={title}
      aria-busy={busy}
      className={`flex min-w-0 flex-col rounded-lg border border-line bg-surface shadow-sm ${className}`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-line px-4 py-2.5">
        <h2 className="text-[15px] font-semibold">{title}</h2>
        {summary && <div className="text-xs text-muted">{summary}</div>}
        <div className="ml-auto flex items-center gap-2 text-xs text-muted">
          {staleSince ? (
            <Badge tone="warn" title={staleReason}>
              Stale since {formatClock(staleSince)}, retrying
            </Badge>
          ) : updatedAt ? (
            <span title="Last successful refresh">Updated {formatClock(updatedAt)}</span>
          ) : null}
          {sourceLabel && <span className="rounded bg-surface-2 px-1.5 py-0.5">{sourceLabel}</span>}
        </div>
      </header>
      <div className="min-w-0 flex-1 p-3">{children}</div>
    </section>
  );
}
