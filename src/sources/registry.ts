import { captureSpineAdapter } from './capture-spine';
import { elasticsearchAdapter } from './elasticsearch';
import { lokiAdapter } from './loki';
import type { AdapterDeps, AnySourceAdapter, Capability, CapabilityFns, ParamsFrom, SourceAdapter, SourceInstance } from './source-adapter';
import { SourceError } from './source-error';

/**
 * The built-in adapters, one line each. Everything that lists kinds derives from this: the
 * `SourceKind` type, the runtime config's schema, the console server's environment variables and
 * proxy (each adapter's `server` descriptor), the mocks' fault scenarios. Order matters: it is
 * the order of the server's sources.
 */
export const builtInAdapters = [captureSpineAdapter, lokiAdapter, elasticsearchAdapter] as const;

/** A list of adapters: the built-in ones, or a host's or a test's own (each `kind` once). */
export type AdapterRegistry = readonly AnySourceAdapter[];

export type SourceKind = (typeof builtInAdapters)[number]['kind'];

/** The kinds of a registry, in its order. */
export function kindsOf<R extends AdapterRegistry>(registry: R): R[number]['kind'][] {
  return registry.map((a) => a.kind);
}

/** The built-in adapters by kind. */
export const adapters = Object.fromEntries(builtInAdapters.map((a) => [a.kind, a])) as Record<SourceKind, AnySourceAdapter>;

/**
 * An adapter with the capabilities `C`. Its log capabilities also take what `C` produce
 * (`ParamsFrom<C>`: a pattern for `logPatterns`, field filters for `detectedFields`), and nothing
 * else beyond the shared parameters: the view learns what a source accepts from its capabilities.
 */
export type WithCapability<C extends Capability> = AnySourceAdapter & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  capabilities: Partial<CapabilityFns<any, ParamsFrom<C>>> & Required<Pick<CapabilityFns<any, ParamsFrom<C>>, C>>;
};

/**
 * Type guard: the adapter implements the capability, so the compiler knows the function exists
 * and which parameters the capability's results let the caller send back (WithCapability).
 */
export function supports<C extends Capability>(adapter: SourceAdapter<unknown, unknown> | AnySourceAdapter, capability: C): adapter is WithCapability<C> {
  return typeof adapter.capabilities[capability] === 'function';
}

export interface ResolvedSource {
  instance: SourceInstance<string>;
  adapter: AnySourceAdapter;
  client: unknown;
}

export type SourceResolution = { ok: true; source: ResolvedSource } | { ok: false; instance: SourceInstance<string>; error: SourceError };

/** Validates an instance's config with its adapter's schema and builds its client. */
export function resolveSource(instance: SourceInstance<string>, deps: Omit<AdapterDeps, 'sourceId'>, registry: AdapterRegistry = builtInAdapters): SourceResolution {
  const adapter = registry.find((a) => a.kind === instance.kind);
  if (!adapter) {
    const known = kindsOf(registry).join(', ');
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
