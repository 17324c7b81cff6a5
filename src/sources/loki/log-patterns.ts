/**
 * The `logPatterns` capability: `/loki/api/v1/patterns` over the source's stream selector.
 * Turned on by version (buildinfo ≥ 3.0); an unknown build tries the endpoint; an old server or a
 * 404 (no pattern ingester route) is SourceError('unsupported') with the way to enable it.
 */
import type { LogPatternReport } from '@/lib/model';
import { msToNs } from '@/lib/nanotime';
import type { LogFilterParams, LogQueryParams, QueryContext } from '../source-adapter';
import { lokiPatternsSchema, parseLoki } from './api-schemas';
import type { LokiClient } from './client';
import type { LokiLogParams } from './log-params';
import { featureUnsupported, getFeatureJson } from './features';
import { formatStep, patternFilterNeedsPatternSyntax } from './logql';
import { toLogPatterns } from './to-log-patterns';

export async function lokiLogPatterns(client: LokiClient, params: LogFilterParams & LokiLogParams & { stepMs: number }, ctx: QueryContext): Promise<LogPatternReport> {
  const { selector } = await client.selector(ctx.signal);
  const json = await getFeatureJson(
    client,
    'patterns',
    'loki/api/v1/patterns',
    {
      // The pattern ingester takes label matchers only (no pipeline), so the stream selector is
      // sent; text, service and level filters narrow the lines, not the patterns.
      query: selector,
      start: msToNs(ctx.range.from),
      end: msToNs(ctx.range.to),
      step: formatStep(Math.max(1000, params.stepMs)),
    },
    ctx.signal,
  );
  const report = toLogPatterns(parseLoki(lokiPatternsSchema, json, client.sourceId, 'patterns response'));
  return { ...report, warnings: [...report.warnings, ...scopeWarnings(params)] };
}

function scopeWarnings(params: LogFilterParams & LokiLogParams): string[] {
  const narrowed = [params.text && 'text', params.raw && 'raw query', params.services?.length && 'service', params.levels?.length && 'level', params.fields?.length && 'field'].filter(
    (x): x is string => typeof x === 'string',
  );
  return narrowed.length > 0 ? [`Patterns cover the whole stream selector; the ${narrowed.join(', ')} filter does not narrow them.`] : [];
}

/**
 * A `pattern` filter written as `|>` needs Loki 3.0+: on a server known to be older, say so instead
 * of a LogQL parse error. One Loki sent without its spaces is filtered by a regex (patternFilter),
 * which any Loki reads, so it is not refused.
 */
export async function requirePatternFilter(client: LokiClient, params: Pick<LogQueryParams, 'raw'> & LokiLogParams, signal: AbortSignal): Promise<void> {
  if (!params.pattern || params.raw?.trim() || !patternFilterNeedsPatternSyntax(params.pattern)) return;
  const info = await client.serverInfo(signal);
  if (info.features && !info.features.patterns) throw featureUnsupported(client.sourceId, 'patterns', info.version);
}
