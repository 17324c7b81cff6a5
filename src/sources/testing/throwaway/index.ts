/**
 * A throwaway log-source adapter, for tests only: it shows that a new kind is one folder like
 * this one plus one line in a registry (src/app/throwaway-adapter.test.tsx). It is in no
 * built-in registry. Its upstream has two endpoints, GET /ping and GET /lines?stream=…&limit=…
 * (mock-handlers.ts answers them).
 */
import { z } from '@/lib/zod';
import type { LogEntry, LogLevel } from '@/lib/model';
import type { AdapterDeps, SourceAdapter } from '../../source-adapter';
import { SourceError, toSourceError } from '../../source-error';
import { throwawayServerDescriptor } from './server-descriptor';

export const throwawayConfigSchema = z.object({
  baseUrl: z.string().min(1),
  stream: z.string().default('all'),
});
export type ThrowawayConfig = z.output<typeof throwawayConfigSchema>;

export interface ThrowawayClient {
  sourceId: string;
  now: () => number;
  get: (path: string, params: Record<string, string>, signal: AbortSignal) => Promise<unknown>;
  stream: string;
}

const linesSchema = z.object({
  lines: z.array(z.object({ ms: z.number(), level: z.enum(['debug', 'info', 'warn', 'error']), service: z.string(), text: z.string() })),
});

function createThrowawayClient(config: ThrowawayConfig, deps: AdapterDeps): ThrowawayClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  return {
    sourceId: deps.sourceId,
    now: deps.now,
    stream: config.stream,
    async get(path, params, signal) {
      const query = new URLSearchParams(params).toString();
      try {
        const response = await deps.fetch(`${base}${path}${query ? `?${query}` : ''}`, { signal, headers: { Accept: 'application/json' } });
        if (!response.ok) {
          throw new SourceError({ code: 'http', status: response.status, sourceId: deps.sourceId, message: `Throwaway answered HTTP ${response.status} for ${path}.`, hint: 'Check THROWAWAY_URL.' });
        }
        return (await response.json()) as unknown;
      } catch (error) {
        throw toSourceError(error, deps.sourceId);
      }
    },
  };
}

export const throwawayAdapter: SourceAdapter<ThrowawayConfig, ThrowawayClient, 'throwaway'> = {
  kind: 'throwaway',
  displayName: 'Throwaway (test adapter)',
  logStore: true,
  server: throwawayServerDescriptor,
  configSchema: throwawayConfigSchema,
  createClient: createThrowawayClient,
  async testConnection(client, { signal }) {
    const started = client.now();
    try {
      const { version } = z.object({ version: z.string() }).parse(await client.get('/ping', {}, signal));
      return { ok: true, message: `Reachable, throwaway ${version}`, version, latencyMs: client.now() - started };
    } catch (error) {
      return { ok: false, message: toSourceError(error, client.sourceId).message, version: null, latencyMs: null };
    }
  },
  capabilities: {
    async logs(client, params, { signal }) {
      const raw = linesSchema.parse(await client.get('/lines', { stream: client.stream, limit: String(params.limit) }, signal));
      const entries: LogEntry[] = raw.lines.map((line, i) => ({
        id: `${client.stream}:${line.ms}:${i}`,
        timeNs: `${line.ms}000000`,
        service: line.service,
        level: line.level as LogLevel,
        message: line.text,
        labels: { service: line.service, stream: client.stream },
        raw: line.text,
        streamId: client.stream,
      }));
      return { entries, truncated: false, nextCursor: null, warnings: [] };
    },
  },
};
