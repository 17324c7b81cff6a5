/** The `logVolume` capability: counts per level over time from a LogQL metric range query. */
import type { LogVolumeBucket } from '@/lib/model';
import { msToNs } from '@/lib/nanotime';
import type { CapabilityFns, QueryContext } from '../source-adapter';
import { parseLokiResult } from './api-schemas';
import type { LokiClient } from './client';
import { requirePatternFilter } from './log-patterns';
import { buildForSource, buildVolumeQuery, formatStep } from './logql';
import { queryConfig } from './selector';
import { toLogVolume } from './to-log-volume';

export type LogVolumeParams = Parameters<CapabilityFns<LokiClient>['logVolume']>[1];

/**
 * A sample of `count_over_time(…[step])` at t counts the lines in (t − step, t]. The buckets of the
 * contract start at `at` ([at, at + step)), so the first sample asked for is one step after the
 * range start, and every sample is moved back one step to its bucket's start: the bucket at `from`
 * is the sample at `from + step`. (The edges still belong to the window's end: a line stamped
 * exactly at `at + step` is in the bucket at `at`; nanosecond ties with a step edge are that rare.)
 */
export async function lokiLogVolume(client: LokiClient, params: LogVolumeParams, ctx: QueryContext): Promise<LogVolumeBucket[]> {
  const stepMs = Math.max(1, params.stepMs);
  await requirePatternFilter(client, params, ctx.signal);
  const start = ctx.range.from + stepMs;
  const config = await queryConfig(client, ctx.signal);
  const json = await client.getJson(
    'loki/api/v1/query_range',
    {
      query: buildForSource(client.sourceId, () => buildVolumeQuery(config, params, stepMs)),
      start: msToNs(start),
      end: msToNs(Math.max(ctx.range.to, start)),
      step: formatStep(stepMs),
    },
    ctx.signal,
  );
  const { result } = parseLokiResult(json, 'matrix', client.sourceId);
  return toLogVolume(result, client.config.levelLabel, stepMs);
}
