import { Fragment, useId, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import type { DetectedField, DetectedFieldReport, DetectedFieldValues } from '@/lib/model';
import type { FieldFilter } from '@/sources/source-adapter';
import { formatInt } from '@/lib/format';
import { describeFieldFilter } from '../field-filters';

export interface FieldsViewProps {
  report: DetectedFieldReport;
  /** Names of the fields whose values are shown. */
  expanded: ReadonlySet<string>;
  onToggleExpanded: (name: string) => void;
  /** The values of an expanded field (a container: it loads them). */
  renderValues: (field: DetectedField) => ReactNode;
  /** Said above the table (e.g. how filters combine with a raw query); null for nothing. */
  note: string | null;
}

/** Fields the server parsed out of the lines: name, type, parser and how many distinct values; a field expands to its values. */
export function FieldsView({ report, expanded, onToggleExpanded, renderValues, note }: FieldsViewProps) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      {report.warnings.map((w) => (
        <p key={w} role="status" className="text-xs text-warn">
          {w}
        </p>
      ))}
      {note && (
        <p role="note" className="text-xs text-muted">
          {note}
        </p>
      )}
      <div className="max-h-[28rem] overflow-auto">
        <table className="text-xs">
          <caption className="sr-only">Detected fields</caption>
          <thead className="sticky top-0 bg-surface text-left text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-normal">Field</th>
              <th scope="col" className="py-1 pr-3 font-normal">Type</th>
              <th scope="col" className="py-1 pr-3 text-right font-normal">Distinct values</th>
              <th scope="col" className="py-1 font-normal">Parser</th>
            </tr>
          </thead>
          <tbody>
            {report.fields.map((f, i) => {
              const open = expanded.has(f.name);
              const valuesId = `${id}-values-${i}`;
              return (
                <Fragment key={f.name}>
                  <tr className="border-t border-line/60">
                    <th scope="row" className="py-0.5 pr-3 font-normal">
                      <button
                        type="button"
                        aria-expanded={open}
                        aria-controls={open ? valuesId : undefined}
                        aria-label={`Show values of ${f.name}`}
                        onClick={() => onToggleExpanded(f.name)}
                        className="-ml-1 flex max-w-full items-center gap-1 rounded px-1 text-left font-mono hover:bg-surface-2"
                      >
                        <span aria-hidden="true" className="w-3 shrink-0 text-muted">
                          {open ? '▾' : '▸'}
                        </span>
                        <span className="truncate">{f.name}</span>
                      </button>
                    </th>
                    <td className="py-0.5 pr-3 text-muted">{f.type}</td>
                    <td className="py-0.5 pr-3 text-right font-mono tabular-nums">{formatInt(f.cardinality)}</td>
                    <td className="py-0.5 font-mono text-muted">{f.parsers.length > 0 ? f.parsers.join(', ') : 'structured metadata'}</td>
                  </tr>
                  {open && (
                    <tr id={valuesId}>
                      <td colSpan={4} className="pb-2 pl-4 pr-1">
                        {renderValues(f)}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-[11px] text-muted">
        Expand a field to list its values. <span className="font-medium">Filter for</span> and <span className="font-medium">Filter out</span> add a label
        filter after the field&apos;s parser, e.g. <code className="font-mono">| logfmt | status=&quot;500&quot;</code>; several kept values of one field
        match any of them.
      </p>
    </div>
  );
}

const SHOWN = 50;

export interface FieldValuesViewProps {
  field: DetectedField;
  report: DetectedFieldValues;
  /** The filters on this field now in the query. */
  active: readonly FieldFilter[];
  onToggle: (filter: FieldFilter) => void;
}

/** One field's values, each with Filter for / Filter out (pressed while in the query; a second click removes it). */
export function FieldValuesView({ field, report, active, onToggle }: FieldValuesViewProps) {
  const [all, setAll] = useState(false);
  const shown = all ? report.values : report.values.slice(0, SHOWN);
  const target = field.filter;
  return (
    <div className="flex max-w-2xl flex-col gap-1.5 rounded-md border border-line bg-surface-2/40 p-2">
      {report.warnings.map((w) => (
        <p key={w} role="status" className="text-warn">
          {w}
        </p>
      ))}
      {!target.ok && (
        <p role="note" className="text-muted">
          {field.name} cannot be filtered on here: {target.reason}
        </p>
      )}
      <ul aria-label={`Values of ${field.name}`} className="flex max-h-64 flex-col overflow-auto">
        {shown.map((value) => {
          const is = (op: FieldFilter['op']) => active.some((a) => a.op === op && a.value === value);
          return (
            <li key={value} className="flex items-center gap-2 border-b border-line/40 py-0.5 last:border-0">
              <code className="min-w-0 flex-1 truncate font-mono" title={value}>
                {value === '' ? <span className="italic text-muted">(empty)</span> : value}
              </code>
              {target.ok &&
                (['=', '!='] as const).map((op) => (
                  <Button
                    key={op}
                    variant="ghost"
                    aria-pressed={is(op)}
                    aria-label={`${op === '=' ? 'Filter for' : 'Filter out'} ${describeFieldFilter({ field: field.name, op: '=', value })}`}
                    onClick={() => onToggle({ field: target.label, parsers: field.parsers, op, value })}
                    className={`shrink-0 px-1.5 py-0 text-xs ${is(op) ? `${op === '=' ? 'bg-accent/15' : 'bg-crit/10'} text-fg` : ''}`}
                  >
                    {op === '=' ? 'Filter for' : 'Filter out'}
                  </Button>
                ))}
            </li>
          );
        })}
      </ul>
      {report.values.length > SHOWN && (
        <Button variant="secondary" className="self-start px-2 py-0.5 text-xs" onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${SHOWN}` : `Show all ${formatInt(report.values.length)} values`}
        </Button>
      )}
    </div>
  );
}
