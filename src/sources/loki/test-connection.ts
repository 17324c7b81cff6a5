/** testConnection: `/loki/api/v1/status/buildinfo` → version and the features that version has. */
import type { ConnectionTest } from '@/lib/model';
import { isSourceError, toSourceError } from '../source-error';
import { lokiBuildInfoSchema, parseLoki } from './api-schemas';
import type { LokiClient } from './client';

export interface LokiFeatures {
  /** `/index/volume` and `/index/volume_range` (2.9+). */
  volume: boolean;
  /** `/patterns` (3.0+, needs the pattern ingester). */
  patterns: boolean;
  /** `/detected_fields` and `/detected_labels` (3.0+). */
  detectedFields: boolean;
}

/** Semver-ish `3.4.1`, `v2.9.17`, `k123-abc` → [major, minor] or null when it is not a release. */
export function parseLokiVersion(version: string): [number, number] | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** null when the version is not a release number (main builds, weekly tags): feature-detect instead. */
export function lokiFeatures(version: string): LokiFeatures | null {
  const parsed = parseLokiVersion(version);
  if (!parsed) return null;
  const [major, minor] = parsed;
  const atLeast = (ma: number, mi: number) => major > ma || (major === ma && minor >= mi);
  return { volume: atLeast(2, 9), patterns: atLeast(3, 0), detectedFields: atLeast(3, 0) };
}

function describeFeatures(features: LokiFeatures | null): string {
  if (!features) return 'features unknown for this build';
  const names = [
    features.volume && 'volume endpoints',
    features.patterns && 'patterns',
    features.detectedFields && 'detected fields',
  ].filter((n): n is string => typeof n === 'string');
  return names.length > 0 ? `supports ${names.join(', ')}` : 'no volume, patterns or detected fields (before 2.9)';
}

export async function lokiTestConnection(client: LokiClient, options: { signal: AbortSignal }): Promise<ConnectionTest> {
  const started = client.now();
  try {
    const json = await client.getJson('loki/api/v1/status/buildinfo', {}, options.signal);
    const info = parseLoki(lokiBuildInfoSchema, json, client.sourceId, 'buildinfo');
    return {
      ok: true,
      message: `Reachable, Loki ${info.version}: ${describeFeatures(lokiFeatures(info.version))}.`,
      version: info.version,
      latencyMs: client.now() - started,
    };
  } catch (error) {
    const sourceError = isSourceError(error) ? error : toSourceError(error, client.sourceId);
    if (sourceError.code === 'cancelled') throw sourceError;
    return { ok: false, message: `${sourceError.message} ${sourceError.hint}`, version: null, latencyMs: null };
  }
}
