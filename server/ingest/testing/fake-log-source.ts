/**
 * A log source held in memory that keeps the `logs` contract to the letter (forward and backward,
 * exact `newerThan`, an opaque cursor, `limit`, `truncated`), for the ingest tests: lines can be
 * added between calls (late arrivals), a request can be made to fail, and every request is recorded.
 */
import { z } from 'zod';
import type { LogEntry, LogLevel, LogPage } from '@/lib/model';
import { compareNs, msToNs } from '@/lib/nanotime';
import type { ResolvedSource } from '@/sources/registry';
import type { AnySourceAdapter, LogQueryParams, QueryContext } from '@/sources/source-adapter';
import { SourceError } from '@/sources/source-error';

export interface FakeLogSource {
  source: ResolvedSource;
  /** Adds lines (any order); they are kept sorted by time, ties in insertion order. */
  add(...entries: LogEntry[]): void;
  requests: LogQueryParams[];
  /** Fails the request with this index (0-based, counted over the source's life). */
  failAt: Set<number>;
}

export function line(id: string, timeNs: string | bigint, message: string, over: Partial<LogEntry> = {}): LogEntry {
  const level: LogLevel = over.level ?? 'error';
  return { id, timeNs: String(timeNs), service: 'api', level, message, labels: {}, raw: message, streamId: 'api', ...over };
}

export function createFakeLogSource(id = 'fake'): FakeLogSource {
  const lines: LogEntry[] = [];
  const requests: LogQueryParams[] = [];
  const failAt = new Set<number>();
  const logs = async (_client: unknown, params: LogQueryParams, ctx: QueryContext): Promise<LogPage> => {
    const n = requests.push(structuredClone(params)) - 1;
    if (ctx.signal.aborted) throw new DOMException('aborted', 'AbortError');
    if (failAt.has(n)) throw new SourceError({ code: 'network', sourceId: id, message: `request ${n} failed (test)`, hint: '' });
    const forward = params.direction === 'forward';
    const from = msToNs(ctx.range.from);
    const to = msToNs(ctx.range.to);
    const after = params.newerThan;
    let idx = lines
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => compareNs(e.timeNs, from) >= 0 && compareNs(e.timeNs, to) < 0)
      .filter(({ e }) => !params.levels?.length || params.levels.includes(e.level))
      .filter(({ e }) => !after || compareNs(e.timeNs, after.timeNs) > 0 || (e.timeNs === after.timeNs && !after.seenIds.includes(e.id)));
    if (!forward) idx.reverse();
    if (params.cursor) {
      const { last } = JSON.parse(params.cursor) as { last: number };
      const at = idx.findIndex(({ i }) => i === last);
      idx = at >= 0 ? idx.slice(at + 1) : idx.filter(({ i }) => (forward ? i > last : i < last));
    }
    const page = idx.slice(0, Math.max(1, params.limit));
    // As Loki and Elasticsearch say it: a full page is "truncated", whether or not more follow.
    const truncated = page.length >= Math.max(1, params.limit);
    const last = page[page.length - 1];
    return { entries: page.map(({ e }) => e), truncated, nextCursor: truncated && last ? JSON.stringify({ last: last.i }) : null, warnings: [] };
  };
  const adapter = {
    kind: 'fake',
    displayName: 'Fake',
    logStore: true,
    configSchema: z.unknown(),
    createClient: () => ({}),
    testConnection: async () => ({ ok: true, message: 'ok', version: null, latencyMs: 0 }),
    capabilities: { logs },
  } as AnySourceAdapter;
  return {
    source: { instance: { id, kind: 'fake', label: 'Fake', config: {} }, adapter, client: {} },
    add: (...entries) => {
      lines.push(...entries);
      // Stable: ties keep insertion order, as a real store keeps one.
      lines.sort((a, b) => compareNs(a.timeNs, b.timeNs));
    },
    requests,
    failAt,
  };
}
