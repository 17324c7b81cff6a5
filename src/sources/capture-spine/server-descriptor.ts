/** How the console server configures capture-spine from its environment (see ../server-descriptor.ts). */
import type { ServerDescriptor } from '../server-descriptor';
import type { CaptureSpineConfig } from './client';

/** CAPTURE_SPINE_PATHS: a JSON object of API paths; anything else is reported and ignored. */
function readPaths(raw: string | undefined, problem: (message: string) => void): Record<string, unknown> | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  problem('CAPTURE_SPINE_PATHS must be a JSON object such as {"dashboard":"/api/system/dashboard"}; ignoring it.');
  return undefined;
}

export const captureSpineServerDescriptor: ServerDescriptor<CaptureSpineConfig> = {
  id: 'capture-spine',
  label: 'capture-spine',
  urlVariable: 'CAPTURE_SPINE_URL',
  credentials: [{ variable: 'CAPTURE_SPINE_TOKEN', header: 'authorization', scheme: 'Bearer' }],
  settings: { paths: { variable: 'CAPTURE_SPINE_PATHS', read: readPaths } },
};
