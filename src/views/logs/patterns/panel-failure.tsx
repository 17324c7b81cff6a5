import { Button } from '@/components/ui/button';
import { isSourceError } from '@/sources/source-error';

/** Error or "not on this server": explained, never a crash; 'unsupported' is a note, not an alert. */
export function PanelFailure({ error, what, label, onRetry }: { error: Error; what: string; label: string; onRetry: () => void }) {
  if (isSourceError(error) && error.code === 'unsupported') {
    return (
      <div role="note" className="flex flex-col gap-1 rounded-md border border-line bg-surface-2 p-3 text-sm">
        <p className="font-medium">{what} are not available on {label}.</p>
        <p className="text-muted">
          {error.message} {error.hint}
        </p>
      </div>
    );
  }
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-md border border-crit/40 bg-crit/8 p-3 text-sm">
      <p className="font-medium text-crit">
        {what} unavailable: {error.message}
      </p>
      <p>{isSourceError(error) ? error.hint : 'Retry; if it keeps failing, check the Sources view.'}</p>
      <Button variant="primary" className="self-start" onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}
