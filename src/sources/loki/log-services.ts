/**
 * The `logServices` capability: the values of the first service label (config order:
 * service_name, container, app, job) that the streams of the selector carry in the range, from
 * Loki's index (`/labels`, `/label/<name>/values`), never from reading lines.
 */
import { msToNs } from '@/lib/nanotime';
import type { QueryContext } from '../source-adapter';
import { SourceError } from '../source-error';
import type { LokiClient } from './client';
import { isLabelName } from './logql';

function stringList(json: unknown, sourceId: string, what: string): string[] {
  const data = typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
  // Loki answers `"data": null`, or no data, when nothing matches.
  if (data === undefined || data === null) return [];
  if (!Array.isArray(data)) {
    throw new SourceError({ code: 'parse', sourceId, message: `Loki's ${what} answer has no list of names.`, hint: 'Check that baseUrl points at Loki (e.g. /proxy/loki).' });
  }
  return data.filter((v): v is string => typeof v === 'string');
}

export async function lokiLogServices(client: LokiClient, _params: Record<string, never>, ctx: QueryContext): Promise<string[]> {
  const { selector } = await client.selector(ctx.signal);
  const window = { query: selector, start: msToNs(ctx.range.from), end: msToNs(ctx.range.to) };
  const labels = new Set(stringList(await client.getJson('loki/api/v1/labels', window, ctx.signal), client.sourceId, 'labels'));
  const label = client.config.serviceLabel.find((l) => labels.has(l) && isLabelName(l));
  if (!label) return [];
  const values = stringList(await client.getJson(`loki/api/v1/label/${label}/values`, window, ctx.signal), client.sourceId, 'label values');
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}
