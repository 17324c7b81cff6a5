import { createContext, useContext, useMemo } from 'react';
import type { ReactNode } from 'react';
import { builtInAdapters, resolveSource, supports } from './registry';
import type { AdapterRegistry, ResolvedSource, SourceResolution, WithCapability } from './registry';
import type { Capability, SourceInstance } from './source-adapter';

interface SourcesContextValue {
  resolutions: SourceResolution[];
}

const SourcesContext = createContext<SourcesContextValue | null>(null);

export interface SourcesProviderProps {
  sources: SourceInstance<string>[];
  /** The adapters the instances' kinds name; the built-in ones unless a host or a test brings its own. */
  adapters?: AdapterRegistry;
  fetch?: typeof fetch;
  now?: () => number;
  children: ReactNode;
}

/** Holds one client per configured source instance, rebuilt only when the list changes. */
export function SourcesProvider({ sources, adapters = builtInAdapters, fetch: fetchImpl, now, children }: SourcesProviderProps) {
  const value = useMemo<SourcesContextValue>(() => {
    const deps = {
      fetch: fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
      now: now ?? (() => Date.now()),
    };
    return { resolutions: sources.map((instance) => resolveSource(instance, deps, adapters)) };
  }, [sources, adapters, fetchImpl, now]);
  return <SourcesContext.Provider value={value}>{children}</SourcesContext.Provider>;
}

function useSourcesContext(): SourcesContextValue {
  const value = useContext(SourcesContext);
  if (!value) throw new Error('No SourcesProvider found. Did you forget a Provider?');
  return value;
}

/** Every configured source, including those whose configuration is invalid. */
export function useSourceResolutions(): SourceResolution[] {
  return useSourcesContext().resolutions;
}

export function useSource(id: string): SourceResolution | undefined {
  return useSourcesContext().resolutions.find((r) => (r.ok ? r.source.instance.id : r.instance.id) === id);
}

export type CapableSource<C extends Capability> = ResolvedSource & { adapter: WithCapability<C> };

/** The valid sources that can provide a capability, in configuration order. */
export function useSourcesFor<C extends Capability>(capability: C): CapableSource<C>[] {
  const { resolutions } = useSourcesContext();
  return useMemo(
    () =>
      resolutions.flatMap((r) =>
        r.ok && supports(r.source.adapter, capability) ? [r.source as CapableSource<C>] : [],
      ),
    [resolutions, capability],
  );
}

/**
 * The log source a view picks on its own: the first whose adapter is a log store (`logStore`),
 * else the first that has logs at all (capture-spine's alerts).
 */
export function preferredLogSource<S extends ResolvedSource>(sources: readonly S[]): S | undefined {
  return sources.find((s) => s.adapter.logStore === true) ?? sources[0];
}
