/**
 * Point in time (PIT) for consistent "Load older" pages: Elasticsearch ≥ 7.10 (`/_pit`, answer
 * `{id}`) and OpenSearch ≥ 2.4 (`/_search/point_in_time`, answer `{pit_id}`). The PIT id lives
 * in the opaque cursor. A PIT that cannot be opened, or has expired, falls back to plain
 * `search_after`: the lines keep coming, only the snapshot guarantee is lost.
 */
import { z } from '@/lib/zod';
import { SourceError } from '../source-error';
import type { EsClient, EsPitApi } from './client';
import type { EsCursorPit } from './cursor';
import type { EsFeatures } from './features';

export const PIT_KEEP_ALIVE = '1m';

const openPitSchema = z.object({ id: z.string().min(1).optional(), pit_id: z.string().min(1).optional() }).refine((v) => v.id !== undefined || v.pit_id !== undefined, 'id or pit_id is required');

/** `{id}` (ES) or `{pit_id}` (OpenSearch) → the id; anything else is a parse SourceError. */
export function readPitId(json: unknown, sourceId: string): string {
  const parsed = openPitSchema.safeParse(json);
  const id = parsed.success ? (parsed.data.id ?? parsed.data.pit_id) : undefined;
  if (id !== undefined) return id;
  throw new SourceError({
    code: 'parse',
    sourceId,
    message: 'Opening a point in time answered without an id.',
    hint: 'Check that baseUrl points at Elasticsearch 7.10+ or OpenSearch 2.4+ through the console proxy.',
    cause: parsed.success ? undefined : parsed.error,
  });
}

/**
 * Opens a PIT when the server has them. A 4xx refusal (no privilege, a proxy that does not route
 * the PIT API) gives null: page without one. Server and network failures are thrown.
 */
export async function openPit(client: EsClient, features: EsFeatures | null, signal: AbortSignal): Promise<EsCursorPit | null> {
  if (!features?.pit || !features.pitApi) return null;
  try {
    const id = readPitId(await client.openPit(features.pitApi, PIT_KEEP_ALIVE, signal), client.sourceId);
    return { id, api: features.pitApi, tiebreak: features.shardDoc ? '_shard_doc' : '_doc' };
  } catch (error) {
    if (error instanceof SourceError && (error.code === 'unauthorized' || (error.code === 'http' && (error.status ?? 500) < 500))) return null;
    throw error;
  }
}

/** The PIT is gone (expired keep_alive, node restart): ES `search_context_missing_exception` (404), or OpenSearch's equivalent. */
export function isPitMissing(error: unknown): boolean {
  if (!(error instanceof SourceError) || error.code !== 'http') return false;
  const text = `${error.message}`;
  return (error.status === 404 && /search_context_missing|No search context found|point in time|pit/i.test(text)) || /search_context_missing_exception/.test(text);
}

/** Closes a PIT without waiting: best effort, it expires after keep_alive anyway. */
export function closePit(client: EsClient, pit: { id: string; api: EsPitApi }): void {
  void client.closePit(pit.api, pit.id, new AbortController().signal).catch(() => undefined);
}
