import { useSyncExternalStore } from 'react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { consoleKeys } from '@/lib/console-keys';
import { formatDateTime, formatInt, formatMs } from '@/lib/format';
import type { ServiceStatus } from '@/service/api-schemas';
import type { ServiceConnection } from '@/service/service-connection';
import { useServiceConnection } from '@/service/service-context';
import type { CapabilityStatus, ConnectionTest } from '@/lib/model';
import { capabilityLabels } from '@/sources/source-adapter';
import type { Capability } from '@/sources/source-adapter';
import type { ResolvedSource } from '@/sources/registry';
import { useSourceResolutions } from '@/sources/sources-context';

/** The source's connection test, shared by the Connection and Provides cells of its row. */
function connectionQuery(source: ResolvedSource) {
  return queryOptions({
    queryKey: consoleKeys.query(source.instance.id, 'connection', {}),
    queryFn: ({ signal }) => source.adapter.testConnection(source.client, { signal }),
    refetchInterval: 60_000,
  });
}

function ConnectionCell({ source }: { source: ResolvedSource }) {
  const query = useQuery(connectionQuery(source));
  if (query.isPending) return <Badge tone="unknown">testing…</Badge>;
  if (query.isError) return <Badge tone="crit">test failed</Badge>;
  const r = query.data;
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex items-center gap-2">
        <Badge tone={r.ok ? 'ok' : 'crit'}>{r.ok ? 'reachable' : 'unreachable'}</Badge>
        {r.latencyMs !== null && <span className="text-xs text-muted">{formatMs(r.latencyMs)}</span>}
        {r.version && <span className="text-xs text-muted">version {r.version}</span>}
      </div>
      <p className="text-xs text-muted">{r.message}</p>
    </div>
  );
}

function capabilitiesOf(source: ResolvedSource): Capability[] {
  return (Object.keys(capabilityLabels) as Capability[]).filter((c) => typeof source.adapter.capabilities[c] === 'function');
}

type Lacking = { capability: Capability; status: Exclude<CapabilityStatus, { available: true }> };

/**
 * The adapter's capabilities, split by what the server's connection test reported: those it
 * provides (or did not report on), and those it lacks or cannot vouch for, with why. Until the
 * test answers, or when the server is unreachable, the adapter's own list.
 */
export function splitCapabilities(capabilities: Capability[], test: ConnectionTest | undefined): { provided: Capability[]; lacking: Lacking[] } {
  const reported = test?.ok ? test.capabilities : undefined;
  const provided: Capability[] = [];
  const lacking: Lacking[] = [];
  for (const capability of capabilities) {
    const status = reported?.[capability];
    if (status && status.available !== true) lacking.push({ capability, status });
    else provided.push(capability);
  }
  return { provided, lacking };
}

function ProvidesCell({ source }: { source: ResolvedSource }) {
  const { data } = useQuery(connectionQuery(source));
  const { provided, lacking } = splitCapabilities(capabilitiesOf(source), data);
  return (
    <div className="flex flex-col gap-1">
      <ul aria-label={`${source.instance.label} provides`} className="flex flex-wrap gap-1">
        {provided.map((c) => (
          <li key={c}>
            <Badge tone="neutral" dot={false}>
              {capabilityLabels[c]}
            </Badge>
          </li>
        ))}
      </ul>
      {lacking.length > 0 && (
        <ul aria-label={`${source.instance.label} lacks, or may lack`} className="flex flex-col gap-0.5 text-xs text-muted">
          {lacking.map(({ capability, status }) => (
            <li key={capability}>
              <span className={status.available === false ? 'line-through' : 'text-unknown'}>{capabilityLabels[capability]}</span> — {status.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type IngestStatus = NonNullable<ServiceStatus['ingest']>[number];

const DAY_MS = 86_400_000;

/** "3 of 7 days" (hours under two days: a short BACKFILL would read "0 of 1 days"). */
function spanText(done: number, total: number): string {
  if (total >= 2 * DAY_MS) return `${Math.floor(done / DAY_MS)} of ${Math.round(total / DAY_MS)} days`;
  const h = 3_600_000;
  return `${Math.floor(done / h)} of ${Math.max(1, Math.round(total / h))} hours`;
}

/** One line on where the service's issue index stands in a source: live ingest, the backfill, the last error. */
export function ingestText(s: IngestStatus): string {
  const parts = [`Issue index: ${formatInt(s.linesIngested)} lines ingested, ${s.caughtUp ? 'live' : 'catching up'}`];
  const b = s.backfill;
  if (b === null) parts.push('backfill off');
  else if (b?.done) parts.push(`backfill done: known since ${formatDateTime(b.from)}`);
  else if (b) parts.push(`backfill ${spanText(b.doneTo === null ? 0 : b.to - b.doneTo, b.to - b.from)}`);
  return parts.join('; ');
}

const noService = () => () => {};
const noStatus = () => null;

/** The service's status, live (null without a service, or before its first answer). */
function useServiceStatus(connection: ServiceConnection | undefined): ServiceStatus | null {
  return useSyncExternalStore(connection ? connection.subscribe : noService, connection ? () => connection.get().status : noStatus);
}

function IngestNote({ status, label }: { status: IngestStatus; label: string }) {
  return (
    <div aria-label={`${label} issue index`} className="mt-1 flex flex-col gap-0.5 text-xs">
      <p className="text-muted">{ingestText(status)}</p>
      {status.lastError && <p className="text-crit">Last error: {status.lastError}</p>}
    </div>
  );
}

export function SourcesPage() {
  const resolutions = useSourceResolutions();
  const status = useServiceStatus(useServiceConnection());
  const ingestOf = (id: string) => status?.ingest?.find((i) => i.sourceId === id);
  return (
    <section aria-label="Sources" className="rounded-lg border border-line bg-surface shadow-sm">
      <header className="border-b border-line px-4 py-2.5">
        <h2 className="text-[15px] font-semibold">Sources</h2>
        <p className="text-xs text-muted">Every configured data source, its connection test and what it can provide.</p>
      </header>
      <div className="overflow-x-auto p-3">
        {resolutions.length === 0 ? (
          <EmptyState title="No data sources configured">Set CAPTURE_SPINE_URL (and optionally LOKI_URL, ELASTICSEARCH_URL) on the console server; see the README.</EmptyState>
        ) : (
          <table className="text-sm">
            <thead className="text-xs text-muted">
              <tr className="border-b border-line">
                <th scope="col" className="py-1.5 pr-3">Source</th>
                <th scope="col" className="py-1.5 pr-3">Kind</th>
                <th scope="col" className="py-1.5 pr-3">Connection</th>
                <th scope="col" className="py-1.5">Provides</th>
              </tr>
            </thead>
            <tbody>
              {resolutions.map((r) => {
                const instance = r.ok ? r.source.instance : r.instance;
                return (
                  <tr key={instance.id} className="border-b border-line/60 align-top last:border-0">
                    <th scope="row" className="py-2 pr-3 font-normal">
                      <div className="font-medium">{instance.label}</div>
                      <div className="font-mono text-xs text-muted">{instance.id}</div>
                    </th>
                    <td className="py-2 pr-3">{r.ok ? r.source.adapter.displayName : String(instance.kind)}</td>
                    <td className="py-2 pr-3">
                      {r.ok ? (
                        <>
                          <ConnectionCell source={r.source} />
                          {ingestOf(instance.id) && <IngestNote status={ingestOf(instance.id) as IngestStatus} label={instance.label} />}
                        </>
                      ) : (
                        <div role="alert" className="flex flex-col gap-0.5">
                          <Badge tone="crit">misconfigured</Badge>
                          <p className="text-xs">{r.error.message}</p>
                          <p className="text-xs text-muted">{r.error.hint}</p>
                        </div>
                      )}
                    </td>
                    <td className="py-2">
                      {r.ok ? (
                        <ProvidesCell source={r.source} />
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
