/**
 * Reads the console server's environment into the runtime config the page loads and the proxy
 * table the server uses. Credentials stay in the proxy table; the runtime config never has them.
 * Which variables exist, which headers the proxy adds and what it forwards come from each
 * adapter's server descriptor (src/sources/<kind>/server-descriptor.ts): nothing here names a kind.
 */
import { builtInAdapters } from '../src/sources/registry';
import type { AdapterRegistry } from '../src/sources/registry';
import { instanceConfigOf, proxyHeadersOf, proxyPrefixOf } from '../src/sources/server-descriptor';
import type { ServerEnv } from '../src/sources/server-descriptor';

export interface ProxyTarget {
  /** Path prefix served by the console server, e.g. /proxy/capture-spine. */
  prefix: string;
  /** Upstream base URL, without a trailing slash. */
  upstream: string;
  /** Headers added to every upstream request (credentials, tenant). Never sent to the browser. */
  headers: Record<string, string>;
  name: string;
  /** Request headers passed on from the page besides Accept and Content-Type (the descriptor's `proxy`). */
  forwardHeaders?: readonly string[];
  /** WebSocket upgrades are tunnelled (Loki's live tail). */
  webSocket?: true;
}

export interface RuntimeSource {
  id: string;
  /** One of the registry's kinds. */
  kind: string;
  label: string;
  config: Record<string, unknown>;
}

export interface ServerConfig {
  mode: 'live' | 'demo';
  sources: RuntimeSource[];
  proxies: ProxyTarget[];
  problems: string[];
  port: number;
  host: string;
}

function readUrl(env: ServerEnv, name: string, problems: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    if (url.username || url.password) {
      problems.push(`${name} contains credentials in the URL; put them in the matching *_AUTH / *_TOKEN variable instead. The source is disabled.`);
      return null;
    }
    return url.toString().replace(/\/+$/, '');
  } catch {
    problems.push(`${name}="${raw}" is not an http(s) URL; set it like ${name}=http://localhost:8000. The source is disabled.`);
    return null;
  }
}

/** `registry`: the adapters whose descriptors are read (the built-in ones; a test may add its own). */
export function readServerConfig(env: ServerEnv, registry: AdapterRegistry = builtInAdapters): ServerConfig {
  const problems: string[] = [];
  const sources: RuntimeSource[] = [];
  const proxies: ProxyTarget[] = [];
  const problem = (message: string) => void problems.push(message);

  // PORT=0 takes any free port (tests run several services side by side).
  const port = Number(env.PORT ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    problems.push(`PORT="${env.PORT}" is not a port number; using 4173.`);
  }

  for (const adapter of registry) {
    const descriptor = adapter.server;
    if (!descriptor) continue;
    const upstream = readUrl(env, descriptor.urlVariable, problems);
    if (!upstream) continue;
    const { forwardHeaders, webSocket } = descriptor.proxy ?? {};
    proxies.push({
      name: descriptor.id,
      prefix: proxyPrefixOf(descriptor),
      upstream,
      headers: proxyHeadersOf(descriptor, env),
      ...(forwardHeaders?.length ? { forwardHeaders } : {}),
      ...(webSocket ? { webSocket: true as const } : {}),
    });
    sources.push({ id: descriptor.id, kind: adapter.kind, label: descriptor.label, config: instanceConfigOf(descriptor, env, problem) });
  }

  return {
    mode: sources.length > 0 ? 'live' : 'demo',
    sources,
    proxies,
    problems,
    port: Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : 4173,
    host: env.HOST?.trim() || '127.0.0.1',
  };
}

/** The part of the config the browser may see. */
export function runtimeConfigOf(config: ServerConfig) {
  return { mode: config.mode, sources: config.sources, problems: config.problems };
}
