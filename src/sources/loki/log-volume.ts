/** The `logVolume` capability: counts per level over time from a LogQL metric range query. */
import type { LogVolumeBucket } from '@/lib/model';
import { msToNs } from '@/lib/nanotime';
import type { CapabilityFns, QueryContext } from '../source-adapter';
import { parseLokiResult } from './api-schemas';
import type { LokiClient } from './client';
import type { LokiLogParams } from './log-params';
import { requirePatternFilter } from './log-patterns';
import { buildForSource, buildVolumeQuery, formatStep } from './logql';
import { queryConfig } from './selector';
import { toLogVolume } from './to-log-volume';

export type LogVolumeParams = Parameters<CapabilityFns<LokiClient, LokiLogParams>['logVolume']>[1];

/**
 * A sample of `count_over_time(…[step])` at t counts the lines in (t − step, t]. The buckets of the
 * contract start at `at` ([at, at + step)), so every sample is moved back one step to its bucket's
 * start. Loki aligns a range query's evaluation times to multiples of the step (a sample at
 * `floor(start / step) · step`, the last at `ceil(end / step) · step`), so the buckets sit on the
 * epoch's step grid, as Elasticsearch's date_histogram does: the first one may begin before
 * `from`. Asking from `from + step` gives the bucket that holds `from` first; a sample whose
 * bucket lies wholly outside the range is dropped. (A line stamped exactly on a step edge counts
 * in the bucket before it: nanosecond ties with a step edge are that rare.)
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
  return toLogVolume(result, client.config.levelLabel, stepMs).filter((b) => b.at + stepMs > ctx.range.from && b.at < ctx.range.to);
}
