import { useEffect, useState } from 'react';
import type { FallbackProps } from 'react-error-boundary';
import { Button } from '@/components/ui/button';
import { useConsoleSettings } from '@/lib/console-settings';
import { useSource } from '@/sources/sources-context';
import { TileFrame } from './tile-frame';

interface ErrorLike {
  message?: unknown;
  hint?: unknown;
  code?: unknown;
  status?: unknown;
  sourceId?: unknown;
}

/** What a tile shows when it has no data to show: the cause, a hint and Retry. */
export function TileFallback({ title, error, resetErrorBoundary }: FallbackProps & { title: string }) {
  const [open, setOpen] = useState(false);
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const { refreshMs } = useConsoleSettings();
  const fromSource = typeof e.code === 'string';
  // A failing source is retried on the refresh interval, so the tile recovers by itself when it returns.
  useEffect(() => {
    if (!fromSource || refreshMs === false) return undefined;
    const timer = setTimeout(() => resetErrorBoundary(), refreshMs);
    return () => clearTimeout(timer);
  }, [fromSource, refreshMs, resetErrorBoundary]);
  const source = useSource(typeof e.sourceId === 'string' ? e.sourceId : '');
  const sourceLabel = source ? (source.ok ? source.source.instance.label : source.instance.label) : undefined;
  const message = typeof e.message === 'string' && e.message ? e.message : 'This tile failed to render.';
  const hint = typeof e.hint === 'string' ? e.hint : 'Retry; if it keeps failing, the details below help to report it.';
  return (
    <TileFrame title={title} sourceLabel={sourceLabel}>
      <div role="alert" className="flex flex-col gap-2 rounded-md border border-crit/40 bg-crit/8 p-3">
        <p className="font-medium text-crit">
          {sourceLabel ? `${sourceLabel}: ` : ''}
          {message}
        </p>
        <p className="text-sm text-fg">{hint}</p>
        <div className="flex items-center gap-2">
          <Button variant="primary" onClick={() => resetErrorBoundary()}>
            Retry
          </Button>
          <Button variant="ghost" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide details' : 'Details'}
          </Button>
        </div>
        {open && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs text-muted">
            <dt>source</dt>
            <dd>{typeof e.sourceId === 'string' ? e.sourceId : '—'}</dd>
            <dt>code</dt>
            <dd>{typeof e.code === 'string' ? e.code : 'render'}</dd>
            <dt>status</dt>
            <dd>{typeof e.status === 'number' ? e.status : '—'}</dd>
          </dl>
        )}
      </div>
    </TileFrame>
  );
}
