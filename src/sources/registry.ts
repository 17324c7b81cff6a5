import { captureSpineAdapter } from './capture-spine';
import { elasticsearchAdapter } from './elasticsearch';
import { lokiAdapter } from './loki';
import type { AdapterDeps, AnySourceAdapter, Capability, CapabilityFns, SourceAdapter, SourceInstance, SourceKind } from './source-adapter';
import { SourceError } from './source-error';

/** The static map of adapters by kind; an unknown kind is a configuration error naming the setting. */
export const adapters: Partial<Record<SourceKind, AnySourceAdapter>> = {
  'capture-spine': captureSpineAdapter,
  loki: lokiAdapter,
  elasticsearch: elasticsearchAdapter,
} satisfies Record<SourceKind, AnySourceAdapter>;

export type WithCapability<C extends Capability> = AnySourceAdapter & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  capabilities: Required<Pick<CapabilityFns<any>, C>>;
};

/** Type guard: the adapter implements the capability, so the compiler knows the function exists. */
export function supports<C extends Capability>(adapter: SourceAdapter<unknown, unknown> | AnySourceAdapter, capability: C): adapter is WithCapability<C> {
  return typeof adapter.capabilities[capability] === 'function';
}

export interface ResolvedSource {
  instance: SourceInstance;
  adapter: AnySourceAdapter;
  client: unknown;
}

export type SourceResolution = { ok: true; source: ResolvedSource } | { ok: false; instance: SourceInstance; error: SourceError };

/** Validates an instance's config with its adapter's schema and builds its client. */
export function resolveSource(instance: SourceInstance, deps: Omit<AdapterDeps, 'sourceId'>): SourceResolution {
  const adapter = adapters[instance.kind];
  if (!adapter) {
    const known = Object.keys(adapters).join(', ');
    return {
      ok: false,
      instance,
      error: new SourceError({
        code: 'config',
        sourceId: instance.id,
        message: `Source "${instance.id}" has an unknown kind "${String(instance.kind)}".`,
        hint: `Set "kind" to one of: ${known}.`,
      }),
    };
  }
  const parsed = adapter.configSchema.safeParse(instance.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = issue && issue.path.length > 0 ? issue.path.join('.') : 'config';
    return {
      ok: false,
      instance,
      error: new SourceError({
        code: 'config',
        sourceId: instance.id,
        message: `Source "${instance.id}" (${adapter.displayName}) has an invalid setting "${setting}": ${issue?.message ?? 'invalid'}.`,
        hint: `Fix "${setting}" in the source configuration (see README, "Live mode").`,
        cause: parsed.error,
      }),
    };
  }
  return { ok: true, source: { instance, adapter, client: adapter.createClient(parsed.data, { ...deps, sourceId: instance.id }) } };
}
