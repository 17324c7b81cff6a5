import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { LogContext, LogEntry, LogPage } from '@/lib/model';
import type { CapableSource } from '@/sources/sources-context';
import { CONTEXT_WINDOW_MS, contextQuery } from './line-context-queries';

const T = 1_795_000_000_000;
const e = (id: string, ms: number, streamId = 's1'): LogEntry => ({ id, timeNs: `${T + ms}000000`, service: 'api', level: 'info', message: id, labels: {}, raw: id, streamId });
const entry = e('line', 0);

/** A partial source: only what the factory calls. */
function source(capabilities: Record<string, unknown>): CapableSource<'logs'> {
  return { instance: { id: 'src', kind: 'loki', label: 'Test', config: {} }, adapter: { capabilities }, client: {} } as unknown as CapableSource<'logs'>;
}

describe('contextQuery', () => {
  it("asks the source's logContext for the line's stream, 30 min each way", async () => {
    const answer: LogContext = { before: [e('older', -240_000)], after: [], warnings: [] };
    const logContext = vi.fn(async () => answer);
    const logs = vi.fn();
    const data = await new QueryClient().fetchQuery(contextQuery(source({ logs, logContext }), entry));
    expect(data).toBe(answer);
    expect(logs).not.toHaveBeenCalled();
    expect(logContext).toHaveBeenCalledWith({}, { entry, limit: 10 }, expect.objectContaining({ range: { from: T - CONTEXT_WINDOW_MS, to: T + CONTEXT_WINDOW_MS } }));
  });

  it("falls back to the service's lines, kept to the line's stream, without logContext", async () => {
    const page = (entries: LogEntry[]): LogPage => ({ entries, truncated: false, nextCursor: null, warnings: [] });
    const logs = vi.fn(async (_client: unknown, params: { direction: string }) =>
      params.direction === 'backward' ? page([entry, e('other stream', -1000, 's2'), e('b2', -2000), e('b1', -3000)]) : page([entry, e('a1', 1000), e('other', 2000, 's2')]),
    );
    const data = await new QueryClient().fetchQuery(contextQuery(source({ logs }), entry));
    expect(data.before.map((x) => x.id)).toEqual(['b1', 'b2']);
    expect(data.after.map((x) => x.id)).toEqual(['a1']);
  });
});
