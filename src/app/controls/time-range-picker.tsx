import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { RELATIVE_RANGES } from '@/lib/time-range';
import type { RelativeRange, TimeRangeSpec } from '@/lib/time-range';

const LABELS: Record<RelativeRange, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last 1 hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

/** `datetime-local` values are local time without a zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function TimeRangePicker({ value, onChange, now }: { value: TimeRangeSpec; onChange: (next: TimeRangeSpec) => void; now: () => number }) {
  const isAbsolute = !('last' in value);
  const [editing, setEditing] = useState(false);
  const initialFrom = isAbsolute ? value.from : new Date(now() - 3_600_000).toISOString();
  const initialTo = isAbsolute ? value.to : new Date(now()).toISOString();
  const [from, setFrom] = useState(() => toLocalInput(initialFrom));
  const [to, setTo] = useState(() => toLocalInput(initialTo));
  const [error, setError] = useState<string | null>(null);
  const showAbsolute = editing || isAbsolute;

  function apply() {
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (Number.isNaN(f) || Number.isNaN(t)) return setError('Enter both dates.');
    if (f >= t) return setError('"From" must be before "To".');
    setError(null);
    setEditing(false);
    onChange({ from: new Date(f).toISOString(), to: new Date(t).toISOString() });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-1.5 text-sm">
        <span className="text-muted">Range</span>
        <select
          aria-label="Time range"
          className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line"
          value={showAbsolute ? 'absolute' : value.last}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'absolute') setEditing(true);
            else {
              setEditing(false);
              onChange({ last: v as RelativeRange });
            }
          }}
        >
          {RELATIVE_RANGES.map((r) => (
            <option key={r} value={r}>
              {LABELS[r]}
            </option>
          ))}
          <option value="absolute">Absolute range…</option>
        </select>
      </label>
      {showAbsolute && (
        <form
          className="flex flex-wrap items-center gap-1.5 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <input aria-label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="rounded-md bg-surface px-2 py-0.5 ring-1 ring-inset ring-line" />
          <span aria-hidden="true">→</span>
          <input aria-label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md bg-surface px-2 py-0.5 ring-1 ring-inset ring-line" />
          <Button type="submit" variant="secondary">
            Apply
          </Button>
          {error && (
            <span role="alert" className="text-crit">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
