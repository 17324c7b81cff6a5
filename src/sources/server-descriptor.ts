/**
 * The server-side half of an adapter (its `server` field): the environment variables that
 * configure a source of its kind, the headers the console server's proxy adds, what the proxy
 * forwards, and the instance config the page gets. Plain data and pure functions, no Node
 * modules, so it can sit on the adapter in the browser bundle. The console server
 * (server/config.ts) loops over the registry's descriptors; it names no kind itself.
 */

/** An environment: `process.env`, or a test's object literal. */
export type ServerEnv = Readonly<Record<string, string | undefined>>;

/** A credential variable. Its value becomes one header on every upstream request, and never reaches the page. */
export interface CredentialVariable {
  variable: string;
  /** Lower-case header name (`authorization`, `x-scope-orgid`). */
  header: string;
  /** An auth scheme to put before the value (`Bearer`). Without one, the value is the whole header. */
  scheme?: string;
}

/** A setting that is not secret: read from its variable into one key of the instance config. */
export interface SettingVariable {
  variable: string;
  /**
   * Returns the config value for the raw variable (`undefined` when the variable is unset), or
   * `undefined` to leave the key out. A bad value goes to `problem`, as a message that names the
   * variable and how to fix it; the function then returns a fallback or `undefined`.
   */
  read: (raw: string | undefined, problem: (message: string) => void) => unknown;
}

export interface ServerDescriptor<Config = unknown> {
  /** The id the server gives its source of this kind. It is also the proxy path, `/proxy/<id>`. */
  id: string;
  /** The source's label in the console. */
  label: string;
  /** The upstream's base URL. The source exists when this holds an http(s) URL without credentials. */
  urlVariable: string;
  /** How the proxy authenticates to the upstream. */
  credentials: readonly CredentialVariable[];
  /** Instance config keys read from the environment. `baseUrl` is always the proxy prefix. */
  settings: { [K in Exclude<keyof Config, 'baseUrl'>]?: SettingVariable };
  /** What the proxy forwards besides GET, HEAD and POST with the Accept and Content-Type headers. */
  proxy?: {
    /** More request headers passed on from the page (lower case). */
    forwardHeaders?: readonly string[];
    /** Tunnel WebSocket upgrades, adding the same credential headers (Loki's live tail). */
    webSocket?: boolean;
  };
}

/** The request headers every proxy target passes on from the page. */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = ['accept', 'content-type'];

/** The same-origin path the console server proxies this kind under. */
export function proxyPrefixOf(descriptor: Pick<ServerDescriptor, 'id'>): string {
  return `/proxy/${descriptor.id}`;
}

/** The headers the proxy adds to every upstream request, read from the environment. */
export function proxyHeadersOf(descriptor: ServerDescriptor, env: ServerEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { variable, header, scheme } of descriptor.credentials) {
    const value = env[variable];
    if (value) headers[header] = scheme ? `${scheme} ${value}` : value;
  }
  return headers;
}

/** The instance config the page gets: the proxy prefix as `baseUrl`, then each setting read from the environment. */
export function instanceConfigOf(descriptor: ServerDescriptor, env: ServerEnv, problem: (message: string) => void): Record<string, unknown> {
  const config: Record<string, unknown> = { baseUrl: proxyPrefixOf(descriptor) };
  for (const [key, setting] of Object.entries(descriptor.settings) as [string, SettingVariable | undefined][]) {
    if (!setting) continue;
    const value = setting.read(env[setting.variable], problem);
    if (value !== undefined) config[key] = value;
  }
  return config;
}
