/**
 * Server-Sent Events: every open browser hears which collection changed and refetches it, so a
 * change made in one browser shows in the others within a moment. Bounded, with a heartbeat
 * that keeps proxies from closing idle streams.
 */
import type { ServerResponse } from 'node:http';
import type { ChangeEvent } from '@/service/api-schemas';

const MAX_CLIENTS = 200;
const HEARTBEAT_MS = 25_000;

export function createChangeHub(now: () => number) {
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    /** Takes over the response as an event stream; false when too many are open. */
    attach(res: ServerResponse): boolean {
      if (clients.size >= MAX_CLIENTS) return false;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 3000\n\n');
      clients.add(res);
      res.on('close', () => clients.delete(res));
      return true;
    },
    publish(topic: ChangeEvent['topic']) {
      const line = `data: ${JSON.stringify({ topic, at: now() } satisfies ChangeEvent)}\n\n`;
      for (const res of clients) res.write(line);
    },
    size: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}

export type ChangeHub = ReturnType<typeof createChangeHub>;
