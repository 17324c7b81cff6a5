/**
 * The stream selector every query starts from. A configured one (`LOKI_SELECTOR`) wins; else it
 * is built from the labels the server really has, so a Loki fed by Alloy or OpenTelemetry (only
 * `service_name`, no `job`) is not invisible behind a fixed `{job=~".+"}`.
 */
import { msToNs } from '@/lib/nanotime';
import { SourceError } from '../source-error';
import type { HttpParams } from '../source-http';
import type { LokiConfig } from './config';
import { labelMatcher } from './logql';

/** Labels that name where a line came from, most complete first. Loki 3 gives every stream `service_name`. */
const CANDIDATES = ['service_name', 'service', 'container', 'container_name', 'app', 'application', 'job', 'namespace', 'host', 'hostname', 'instance', 'filename', 'source'];

/** When the server names no usable label: what older versions of the console always sent. */
export const FALLBACK_SELECTOR = '{job=~".+"}';

/**
 * The selector for a server with these label names: the first of the service labels, then the
 * usual source labels, that the server has; else any of its own labels (internal `__…__` ones
 * left out); null when it has none.
 */
export function chooseSelector(labels: readonly string[], serviceLabels: readonly string[]): string | null {
  const have = new Set(labels.filter((l) => !l.startsWith('__')));
  const order = [...new Set(['service_name', ...serviceLabels, ...CANDIDATES])];
  const label = order.find((l) => have.has(l)) ?? [...have].sort()[0];
  return label ? `{${labelMatcher(label, '=~', '.+')}}` : null;
}

export interface ResolvedSelector {
  selector: string;
  /** Where it came from, for the Sources view. */
  origin: 'configured' | 'labels' | 'fallback';
}

/**
 * A look at the server's labels, made once per client: Loki's default window (the last 6 h)
 * first, then the last 7 days when that finds nothing usable (a Loki that has been quiet).
 */
/** What this file needs of a LokiClient (named here, so it does not import client.ts). */
export interface SelectorClient {
  readonly config: LokiConfig;
  readonly now: () => number;
  getJson: (path: string, params: HttpParams, signal: AbortSignal) => Promise<unknown>;
  selector: (signal: AbortSignal) => Promise<ResolvedSelector>;
}

export async function discoverSelector(client: Pick<SelectorClient, 'getJson' | 'config' | 'now'>, signal: AbortSignal): Promise<ResolvedSelector> {
  const now = client.now();
  for (const window of [{}, { start: msToNs(Math.max(0, now - 7 * 86_400_000)), end: msToNs(Math.max(0, now)) }]) {
    let json: unknown;
    try {
      json = await client.getJson('loki/api/v1/labels', window, signal);
    } catch (error) {
      // A proxy that does not forward /labels (404) or a Loki that refuses the range: query anyway.
      if (error instanceof SourceError && error.code === 'http' && error.status !== undefined && error.status < 500) return { selector: FALLBACK_SELECTOR, origin: 'fallback' };
      throw error;
    }
    const data = typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
    const labels = Array.isArray(data) ? data.filter((l): l is string => typeof l === 'string') : [];
    const chosen = chooseSelector(labels, client.config.serviceLabel);
    if (chosen) return { selector: chosen, origin: 'labels' };
  }
  return { selector: FALLBACK_SELECTOR, origin: 'fallback' };
}

/** The config with its selector resolved: what the query builders take. */
export type QueryConfig = LokiConfig & { selector: string };

export async function queryConfig(client: Pick<SelectorClient, 'config' | 'selector'>, signal: AbortSignal): Promise<QueryConfig> {
  const { selector } = await client.selector(signal);
  return { ...client.config, selector };
}
