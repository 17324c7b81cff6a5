import { REFRESH_OPTIONS } from '@/lib/time-range';
import type { RefreshOption } from '@/lib/time-range';

const LABELS: Record<RefreshOption, string> = { off: 'Off', '5s': '5 s', '15s': '15 s', '30s': '30 s', '1m': '1 min', '5m': '5 min' };

export function RefreshPicker({ value, onChange }: { value: RefreshOption; onChange: (next: RefreshOption) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <span className="text-muted">Auto-refresh</span>
      <select
        aria-label="Auto-refresh"
        className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line"
        value={value}
        onChange={(e) => onChange(e.target.value as RefreshOption)}
      >
        {REFRESH_OPTIONS.map((r) => (
          <option key={r} value={r}>
            {LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}
