import { z } from '@/lib/zod';
import { builtInAdapters, kindsOf } from '@/sources/registry';
import type { AdapterRegistry } from '@/sources/registry';

/**
 * What the console server tells the page at /runtime-config.json, built from its environment
 * so one build serves any deployment. It never carries credentials: the server's proxy adds them.
 * A source's kind must be one of the registry's.
 */
export function runtimeConfigSchemaFor<R extends AdapterRegistry>(registry: R) {
  return z.object({
    mode: z.enum(['live', 'demo']),
    sources: z.array(
      z.object({
        id: z.string().min(1),
        kind: z.enum(kindsOf(registry) as [R[number]['kind'], ...R[number]['kind'][]]),
        label: z.string().min(1),
        config: z.unknown(),
      }),
    ),
    /** Configuration problems the server found (named settings with a fix). */
    problems: z.array(z.string()).default([]),
    /**
     * Set when the console service runs behind this page (`npm start`): the page becomes its client.
     * `demoAnchorMs` and `demoScenario`: the demo story's anchor and the scenario the service's
     * watcher reads, so the page's mocks tell the service's story.
     */
    service: z.object({ demoAnchorMs: z.number().int().optional(), demoScenario: z.string().max(100).optional() }).nullable().default(null),
  });
}

export const runtimeConfigSchema = runtimeConfigSchemaFor(builtInAdapters);
export type RuntimeConfig<R extends AdapterRegistry = typeof builtInAdapters> = z.infer<ReturnType<typeof runtimeConfigSchemaFor<R>>>;

export async function loadRuntimeConfig<R extends AdapterRegistry = typeof builtInAdapters>(
  fetchImpl: typeof fetch = fetch,
  registry: R = builtInAdapters as unknown as R,
): Promise<{ config: RuntimeConfig<R>; problem: string | null }> {
  const demo: RuntimeConfig<R> = { mode: 'demo', sources: [], problems: [], service: null };
  let response: Response;
  try {
    response = await fetchImpl('/runtime-config.json', { headers: { Accept: 'application/json' } });
  } catch {
    return { config: demo, problem: null };
  }
  if (response.status === 404) return { config: demo, problem: null };
  if (!response.ok) return { config: demo, problem: `The console server answered HTTP ${response.status} for /runtime-config.json; running on demo data.` };
  const parsed = runtimeConfigSchemaFor(registry).safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { config: demo, problem: 'The console server sent an unreadable /runtime-config.json; running on demo data.' };
  return { config: parsed.data, problem: null };
}
