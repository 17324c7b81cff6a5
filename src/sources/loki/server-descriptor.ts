/** How the console server configures Loki from its environment (see ../server-descriptor.ts). */
import type { ServerDescriptor } from '../server-descriptor';
import type { LokiConfig } from './config';

const MATCHER = String.raw`\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\]|\\.)*"|\x60[^\x60]*\x60)\s*`;
const SELECTOR = new RegExp(`^\\{${MATCHER}(?:,${MATCHER})*\\}$`);

/** LOKI_SELECTOR: a stream selector such as {service_name=~".+"}; a bad value is reported and the server's labels used. */
function readSelector(raw: string | undefined, problem: (message: string) => void): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (SELECTOR.test(text)) return text;
  problem(`LOKI_SELECTOR=${JSON.stringify(text)} is not a LogQL stream selector; set it like LOKI_SELECTOR='{service_name=~".+"}'. Using a selector built from Loki's labels.`);
  return undefined;
}

export const lokiServerDescriptor: ServerDescriptor<LokiConfig> = {
  id: 'loki',
  label: 'Loki',
  urlVariable: 'LOKI_URL',
  credentials: [
    { variable: 'LOKI_TENANT', header: 'x-scope-orgid' },
    { variable: 'LOKI_AUTH', header: 'authorization' },
  ],
  settings: { selector: { variable: 'LOKI_SELECTOR', read: readSelector } },
  // Loki's own request headers: the client's categorize-labels flag, and X-Query-Tags (query tagging).
  proxy: { forwardHeaders: ['x-loki-response-encoding-flags', 'x-query-tags'], webSocket: true },
};
