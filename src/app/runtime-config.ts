import { z } from '@/lib/zod';
import type { SourceInstance } from '@/sources/source-adapter';

/**
 * What the console server tells the page at /runtime-config.json, built from its environment
 * so one build serves any deployment. It never carries credentials: the server's proxy adds them.
 */
export const runtimeConfigSchema = z.object({
  mode: z.enum(['live', 'demo']),
  sources: z.array(
    z.object({
      id: z.string().min(1),
      kind: z.enum(['capture-spine', 'loki', 'elasticsearch']),
      label: z.string().min(1),
      config: z.unknown(),
    }),
  ),
  /** Configuration problems the server found (named settings with a fix). */
  problems: z.array(z.string()).default([]),
});
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** The sources the demo serves from the MSW mocks, at the same URLs the live proxy uses. */
export const DEMO_SOURCES: SourceInstance[] = [
  { id: 'capture-spine', kind: 'capture-spine', label: 'capture-spine (demo)', config: { baseUrl: '/proxy/capture-spine' } },
  { id: 'loki', kind: 'loki', label: 'Loki (demo)', config: { baseUrl: '/proxy/loki' } },
  { id: 'elasticsearch', kind: 'elasticsearch', label: 'Elasticsearch (demo)', config: { baseUrl: '/proxy/elasticsearch', index: 'logs-*,spine-logs*' } },
];

export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<{ config: RuntimeConfig; problem: string | null }> {
  const demo: RuntimeConfig = { mode: 'demo', sources: [], problems: [] };
  let response: Response;
  try {
    response = await fetchImpl('/runtime-config.json', { headers: { Accept: 'application/json' } });
  } catch {
    return { config: demo, problem: null };
  }
  if (response.status === 404) return { config: demo, problem: null };
  if (!response.ok) return { config: demo, problem: `The console server answered HTTP ${response.status} for /runtime-config.json; running on demo data.` };
  const parsed = runtimeConfigSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { config: demo, problem: 'The console server sent an unreadable /runtime-config.json; running on demo data.' };
  return { config: parsed.data, problem: null };
}
