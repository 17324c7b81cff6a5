/**
 * Reads the console server's environment into the runtime config the page loads and the proxy
 * table the server uses. Credentials stay in the proxy table; the runtime config never has them.
 */
export interface ProxyTarget {
  /** Path prefix served by the console server, e.g. /proxy/capture-spine. */
  prefix: string;
  /** Upstream base URL, without a trailing slash. */
  upstream: string;
  /** Headers added to every upstream request (credentials, tenant). Never sent to the browser. */
  headers: Record<string, string>;
  name: string;
}

export interface RuntimeSource {
  id: string;
  kind: 'capture-spine' | 'loki' | 'elasticsearch';
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

function readUrl(env: NodeJS.ProcessEnv, name: string, problems: string[]): string | null {
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

function readJson(env: NodeJS.ProcessEnv, name: string, problems: string[]): Record<string, unknown> | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  problems.push(`${name} must be a JSON object such as {"dashboard":"/api/system/dashboard"}; ignoring it.`);
  return undefined;
}

/** ELASTICSEARCH_INDEX: comma-separated patterns; a bad value is reported and the default used. */
function readIndex(env: NodeJS.ProcessEnv, problems: string[]): string {
  const fallback = 'logs-*,spine-logs*';
  const raw = env.ELASTICSEARCH_INDEX?.trim();
  if (!raw) return fallback;
  if (/^[^\s/\\?"<>|#]+$/.test(raw) && raw.split(',').every((p) => p.trim() !== '')) return raw;
  problems.push(`ELASTICSEARCH_INDEX="${raw}" is not a list of index patterns; set it like ELASTICSEARCH_INDEX=logs-*,spine-logs*. Using ${fallback}.`);
  return fallback;
}

const MATCHER = String.raw`\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\]|\\.)*"|\x60[^\x60]*\x60)\s*`;
const SELECTOR = new RegExp(`^\\{${MATCHER}(?:,${MATCHER})*\\}$`);

/** LOKI_SELECTOR: a stream selector such as {service_name=~".+"}; a bad value is reported and the server's labels used. */
function readSelector(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const raw = env.LOKI_SELECTOR?.trim();
  if (!raw) return undefined;
  if (SELECTOR.test(raw)) return raw;
  problems.push(`LOKI_SELECTOR=${JSON.stringify(raw)} is not a LogQL stream selector; set it like LOKI_SELECTOR='{service_name=~".+"}'. Using a selector built from Loki's labels.`);
  return undefined;
}

export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const problems: string[] = [];
  const sources: RuntimeSource[] = [];
  const proxies: ProxyTarget[] = [];

  const port = Number(env.PORT ?? 4173);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    problems.push(`PORT="${env.PORT}" is not a port number; using 4173.`);
  }

  const spine = readUrl(env, 'CAPTURE_SPINE_URL', problems);
  if (spine) {
    const headers: Record<string, string> = {};
    if (env.CAPTURE_SPINE_TOKEN) headers.authorization = `Bearer ${env.CAPTURE_SPINE_TOKEN}`;
    proxies.push({ name: 'capture-spine', prefix: '/proxy/capture-spine', upstream: spine, headers });
    const paths = readJson(env, 'CAPTURE_SPINE_PATHS', problems);
    sources.push({
      id: 'capture-spine',
      kind: 'capture-spine',
      label: 'capture-spine',
      config: { baseUrl: '/proxy/capture-spine', ...(paths ? { paths } : {}) },
    });
  }

  const loki = readUrl(env, 'LOKI_URL', problems);
  if (loki) {
    const headers: Record<string, string> = {};
    if (env.LOKI_TENANT) headers['x-scope-orgid'] = env.LOKI_TENANT;
    if (env.LOKI_AUTH) headers.authorization = env.LOKI_AUTH;
    proxies.push({ name: 'loki', prefix: '/proxy/loki', upstream: loki, headers });
    const selector = readSelector(env, problems);
    sources.push({ id: 'loki', kind: 'loki', label: 'Loki', config: { baseUrl: '/proxy/loki', ...(selector ? { selector } : {}) } });
  }

  const es = readUrl(env, 'ELASTICSEARCH_URL', problems);
  if (es) {
    const headers: Record<string, string> = {};
    if (env.ELASTICSEARCH_AUTH) headers.authorization = env.ELASTICSEARCH_AUTH;
    proxies.push({ name: 'elasticsearch', prefix: '/proxy/elasticsearch', upstream: es, headers });
    sources.push({
      id: 'elasticsearch',
      kind: 'elasticsearch',
      label: 'Elasticsearch',
      config: { baseUrl: '/proxy/elasticsearch', index: readIndex(env, problems) },
    });
  }

  return {
    mode: sources.length > 0 ? 'live' : 'demo',
    sources,
    proxies,
    problems,
    port: Number.isInteger(port) && port > 0 && port <= 65_535 ? port : 4173,
    host: env.HOST?.trim() || '127.0.0.1',
  };
}

/** The part of the config the browser may see. */
export function runtimeConfigOf(config: ServerConfig) {
  return { mode: config.mode, sources: config.sources, problems: config.problems };
}
