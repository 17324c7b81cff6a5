/** How the console server configures a throwaway source from its environment (see ../../server-descriptor.ts). */
import type { ServerDescriptor } from '../../server-descriptor';
import type { ThrowawayConfig } from './index';

/** THROWAWAY_STREAM: one lower-case word; a bad value is reported and `all` used. */
function readStream(raw: string | undefined, problem: (message: string) => void): string {
  const text = raw?.trim();
  if (!text) return 'all';
  if (/^[a-z]+$/.test(text)) return text;
  problem(`THROWAWAY_STREAM="${text}" is not a stream name; set it like THROWAWAY_STREAM=app. Using all.`);
  return 'all';
}

export const throwawayServerDescriptor: ServerDescriptor<ThrowawayConfig> = {
  id: 'throwaway',
  label: 'Throwaway logs',
  urlVariable: 'THROWAWAY_URL',
  credentials: [{ variable: 'THROWAWAY_API_KEY', header: 'x-api-key' }],
  settings: { stream: { variable: 'THROWAWAY_STREAM', read: readStream } },
};
