/**
 * Live tail over Loki's /loki/api/v1/tail WebSocket. Browsers cannot add headers to a WebSocket,
 * so the tenant and credentials come from the same-origin proxy (the console server adds them on
 * the upgrade). Frames are `{ streams, dropped_entries? }`; errors arrive as close code 1011.
 */
import { z } from '@/lib/zod';
import { msToNs } from '@/lib/nanotime';
import type { TailHandlers, TailParams } from '../source-adapter';
import { SourceError, toSourceError } from '../source-error';
import { lokiStreamSchema } from './api-schemas';
import type { LokiClient } from './client';
import type { LokiLogParams } from './log-params';
import { buildForSource, buildLogQuery } from './logql';
import { queryConfig, type QueryConfig } from './selector';
import { toLogEntries } from './to-log-entries';

const tailFrameSchema = z.looseObject({
  streams: z.array(lokiStreamSchema).default([]),
  dropped_entries: z.array(z.unknown()).nullish(),
});

/** ws(s) URL for the tail endpoint; a same-origin path stays relative (browsers resolve it). */
export function tailUrl(baseUrl: string, params: Record<string, string>): string {
  const base = baseUrl.replace(/\/+$/, '').replace(/^http(s?):\/\//, 'ws$1://');
  return `${base}/loki/api/v1/tail?${new URLSearchParams(params).toString()}`;
}

export function lokiTail(client: LokiClient, params: TailParams & LokiLogParams, handlers: TailHandlers, signal: AbortSignal): void {
  if (signal.aborted) return;
  queryConfig(client, signal).then(
    (config) => openTail(client, config, params, handlers, signal),
    (error: unknown) => {
      const sourceError = toSourceError(error, client.sourceId);
      if (!signal.aborted && sourceError.code !== 'cancelled') handlers.onError(sourceError);
    },
  );
}

function openTail(client: LokiClient, config: QueryConfig, params: TailParams & LokiLogParams, handlers: TailHandlers, signal: AbortSignal): void {
  if (signal.aborted) return;
  let query: string;
  try {
    query = buildForSource(client.sourceId, () => buildLogQuery(config, params));
  } catch (error) {
    handlers.onError(toSourceError(error, client.sourceId));
    return;
  }
  const url = tailUrl(client.config.baseUrl, {
    query,
    start: msToNs(params.sinceMs),
    limit: String(Math.min(params.limit, client.config.maxLines)),
  });
  let socket: WebSocket;
  try {
    socket = new WebSocket(url);
  } catch (cause) {
    handlers.onError(new SourceError({ code: 'config', sourceId: client.sourceId, message: 'The live tail URL is invalid.', hint: 'Check the Loki source baseUrl.', cause }));
    return;
  }
  const options = { serviceLabel: client.config.serviceLabel, levelLabel: client.config.levelLabel, direction: 'backward' as const };
  socket.onmessage = (event: MessageEvent) => {
    let frame: z.infer<typeof tailFrameSchema>;
    try {
      frame = tailFrameSchema.parse(JSON.parse(String(event.data)));
    } catch (cause) {
      handlers.onError(new SourceError({ code: 'parse', sourceId: client.sourceId, message: 'Loki sent an unreadable tail frame.', hint: 'A proxy may be rewriting WebSocket frames; check the console server.', cause }));
      socket.close(1000);
      return;
    }
    if (frame.dropped_entries?.length) handlers.onDropped?.(frame.dropped_entries.length);
    const entries = toLogEntries(frame.streams, options);
    if (entries.length > 0) handlers.onEntries(entries);
  };
  socket.onclose = (event: CloseEvent) => {
    if (signal.aborted) return;
    const reason = event.reason || (event.code === 1006 ? 'the connection dropped' : `closed with code ${event.code}`);
    handlers.onError(
      new SourceError({
        code: event.code === 1011 ? 'http' : 'network',
        sourceId: client.sourceId,
        message: `Live tail stopped: ${reason}.`,
        hint: /max concurrent tail/.test(reason)
          ? 'Loki allows only a few tails per tenant: close other tails (or raise max_concurrent_tail_requests).'
          : 'Resume to reconnect; if it keeps stopping, check that the console server proxies WebSockets to LOKI_URL.',
      }),
    );
  };
  signal.addEventListener('abort', () => socket.close(1000), { once: true });
}
