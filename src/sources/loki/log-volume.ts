/** The `logVolume` capability: counts per level over time from a LogQL metric range query. */
import type { LogVolumeBucket } from '@/lib/model';
import { msToNs } from '@/lib/nanotime';
import type { CapabilityFns, QueryContext } from '../source-adapter';
import { parseLokiResult } from './api-schemas';
import type { LokiClient } from './client';
import { requirePatternFilter } from './log-patterns';
import { buildVolumeQuery, formatStep } from './logql';
import { toLogVolume } from './to-log-volume';

export type LogVolumeParams = Parameters<CapabilityFns<LokiClient>['logVolume']>[1];

export async function lokiLogVolume(client: LokiClient, params: LogVolumeParams, ctx: QueryContext): Promise<LogVolumeBucket[]> {
  const stepMs = Math.max(1, params.stepMs);
  await requirePatternFilter(client, params, ctx.signal);
  const json = await client.getJson(
    'loki/api/v1/query_range',
    {
      query: buildVolumeQuery(client.config, params, stepMs),
      start: msToNs(ctx.range.from),
      end: msToNs(ctx.range.to),
      step: formatStep(stepMs),
    },
    ctx.signal,
  );
  const { result } = parseLokiResult(json, 'matrix', client.sourceId);
  return toLogVolume(result, client.config.levelLabel);
}
