import { SkeletonRows } from '@/components/ui/skeleton';
import { useConsoleSettings } from '@/lib/console-settings';
import { useSourcesFor } from '@/sources/sources-context';
import type { CapableSource } from '@/sources/sources-context';
import { TileFrame } from '@/tiles/tile-frame/tile-frame';
import { TileUnconfigured } from '@/tiles/tile-frame/tile-unconfigured';
import { useCapabilityQuery } from '@/tiles/tile-frame/use-capability-query';
import { ServiceHealthView, summarizeHealth } from './service-health-view';

export const SERVICE_HEALTH_TITLE = 'Service health';

function ServiceHealthBody({ source }: { source: CapableSource<'serviceHealth'> }) {
  const { now } = useConsoleSettings();
  const { query, staleSince, staleReason } = useCapabilityQuery(source, 'serviceHealth');
  const data = query.data;
  return (
    <TileFrame
      title={SERVICE_HEALTH_TITLE}
      sourceLabel={source.instance.label}
      busy={query.isPending}
      staleSince={staleSince}
      staleReason={staleReason}
      updatedAt={query.dataUpdatedAt || null}
      summary={data ? summarizeHealth(data.services) : null}
    >
      {data ? <ServiceHealthView report={data} now={now()} /> : <SkeletonRows rows={8} label="Loading service health" />}
    </TileFrame>
  );
}

export function ServiceHealthTile() {
  const [source] = useSourcesFor('serviceHealth');
  if (!source) return <TileUnconfigured title={SERVICE_HEALTH_TITLE} what="service health" />;
  return <ServiceHealthBody source={source} />;
}
