import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { SkeletonRows } from '@/components/ui/skeleton';
import { useConsoleSettings } from '@/lib/console-settings';
import type { DetectedField } from '@/lib/model';
import { supports } from '@/sources/registry';
import type { FieldFilter } from '@/sources/source-adapter';
import type { CapableSource } from '@/sources/sources-context';
import type { LogParams } from '../log-params';
import { FieldsView, FieldValuesView } from './fields-view';
import { PanelFailure } from './panel-failure';
import { detectedFieldsQuery, detectedFieldValuesQuery } from './patterns-queries';

export interface DetectedFieldsProps {
  source: CapableSource<'detectedFields'>;
  /** The explorer's filters, field filters included: the fields of the lines shown. */
  params: LogParams;
  filters: FieldFilter[];
  onToggleFilter: (filter: FieldFilter) => void;
  /** A raw query is set: field filters are added after it. */
  rawActive: boolean;
}

/** The params for one field's values: without that field's own filters, so every value stays listed and can be toggled back. */
function withoutFiltersOn(params: LogParams, label: string | null): LogParams {
  const { fields, ...rest } = params;
  const others = (fields ?? []).filter((f) => f.field !== label);
  return others.length > 0 ? { ...rest, fields: others } : rest;
}

function FieldValues({ source, params, field, filters, onToggleFilter }: { source: CapableSource<'detectedFieldValues'>; field: DetectedField } & Pick<DetectedFieldsProps, 'params' | 'filters' | 'onToggleFilter'>) {
  const { range, now } = useConsoleSettings();
  const label = field.filter.ok ? field.filter.label : null;
  const scoped = useMemo(() => withoutFiltersOn(params, label), [params, label]);
  const query = useQuery(detectedFieldValuesQuery(source, scoped, field.name, range, now));
  if (query.isPending) return <SkeletonRows rows={3} label={`Loading values of ${field.name}`} />;
  if (query.isError && !query.data) return <PanelFailure error={query.error} what={`Values of ${field.name}`} label={source.instance.label} onRetry={() => void query.refetch()} />;
  if (query.data.values.length === 0) {
    return (
      <p role="status" className="py-1 text-muted">
        No values of {field.name} in the newest lines of this range.
      </p>
    );
  }
  return <FieldValuesView field={field} report={query.data} active={label ? filters.filter((f) => f.field === label) : []} onToggle={onToggleFilter} />;
}

/** The Detected fields tab: the fields of the current lines; a field expands to its values, each a filter. */
export function DetectedFields({ source, params, filters, onToggleFilter, rawActive }: DetectedFieldsProps) {
  const { range, now } = useConsoleSettings();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const query = useQuery(detectedFieldsQuery(source, params, range, now));
  const values = supports(source.adapter, 'detectedFieldValues') ? (source as unknown as CapableSource<'detectedFieldValues'>) : null;
  if (query.isPending) return <SkeletonRows rows={5} label="Loading fields" />;
  if (query.isError && !query.data) return <PanelFailure error={query.error} what="Detected fields" label={source.instance.label} onRetry={() => void query.refetch()} />;
  if (query.data.fields.length === 0) return <EmptyState title="No fields detected">No json or logfmt fields were found in the newest matching lines.</EmptyState>;
  const toggle = (name: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <FieldsView
      report={query.data}
      expanded={expanded}
      onToggleExpanded={toggle}
      note={rawActive ? 'A raw LogQL query is set: field filters are added after it.' : null}
      renderValues={(field) =>
        values ? (
          <FieldValues source={values} params={params} field={field} filters={filters} onToggleFilter={onToggleFilter} />
        ) : (
          <p role="note" className="py-1 text-muted">
            {source.instance.label} cannot list the values of a field.
          </p>
        )
      }
    />
  );
}
