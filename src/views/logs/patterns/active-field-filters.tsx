import { Button } from '@/components/ui/button';
import type { FieldFilter } from '@/sources/source-adapter';
import { describeFieldFilter } from '../field-filters';

export interface ActiveFieldFiltersProps {
  filters: FieldFilter[];
  /** The source applies them (it has detected fields); else they are listed as not applied. */
  applied: boolean;
  sourceLabel: string;
  onRemove: (filter: FieldFilter) => void;
  onClear: () => void;
}

/** The field filters in the query, as chips: visible whether or not the Patterns panel is open. */
export function ActiveFieldFilters({ filters, applied, sourceLabel, onRemove, onClear }: ActiveFieldFiltersProps) {
  if (filters.length === 0) return null;
  if (!applied) {
    return (
      <span role="note" className="flex items-center gap-1">
        {filters.length === 1 ? '1 field filter is' : `${filters.length} field filters are`} not applied: {sourceLabel} has no detected fields.
        <Button variant="ghost" className="px-1 py-0" onClick={onClear}>
          Clear
        </Button>
      </span>
    );
  }
  return (
    <ul aria-label="Field filters" className="flex min-w-0 flex-wrap items-center gap-1">
      {filters.map((f) => {
        const text = describeFieldFilter(f);
        return (
          <li key={`${f.op}|${f.field}|${f.value}`} className={`flex min-w-0 items-center gap-1 rounded-full px-2 py-0.5 ${f.op === '=' ? 'bg-accent/15' : 'bg-crit/10'}`}>
            <code className="min-w-0 max-w-xs truncate font-mono" title={text}>
              {text}
            </code>
            <Button variant="ghost" className="px-1 py-0" aria-label={`Remove field filter ${text}`} onClick={() => onRemove(f)}>
              ✕
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
