/** testConnection: `/loki/api/v1/status/buildinfo` → version and the features that version has. */
import type { CapabilityStatus, ConnectionTest } from '@/lib/model';
import type { Capability } from '../source-adapter';
import { isSourceError, toSourceError } from '../source-error';
import { lokiBuildInfoSchema, parseLoki } from './api-schemas';
import type { LokiClient } from './client';
import { featureSince, lokiFeatures, type LokiFeature, type LokiFeatures } from './features';
import type { ResolvedSelector } from './selector';

export { lokiFeatures, parseLokiVersion, type LokiFeatures } from './features';

function describeFeatures(features: LokiFeatures | null): string {
  if (!features) return 'features unknown for this build';
  const names = [
    features.volume && 'volume endpoints',
    features.patterns && 'patterns',
    features.detectedFields && (features.detectedFieldValues ? 'detected fields and their values' : 'detected fields'),
  ].filter((n): n is string => typeof n === 'string');
  return names.length > 0 ? `supports ${names.join(', ')}` : 'no volume, patterns or detected fields (before 2.9)';
}

/** The adapter's capabilities that need a Loki feature (the others work on every Loki it supports). */
const FEATURE_OF = { logPatterns: 'patterns', detectedFields: 'detectedFields', detectedFieldValues: 'detectedFieldValues' } as const satisfies Partial<Record<Capability, LokiFeature>>;

/** Which of those this version has; for a build that is not a release, not known until tried. */
export function lokiCapabilities(version: string, features: LokiFeatures | null): Partial<Record<Capability, CapabilityStatus>> {
  const status = (feature: LokiFeature): CapabilityStatus => {
    if (!features) return { available: null, reason: `not known on Loki ${version} (not a release): tried when used` };
    return features[feature] ? { available: true } : { available: false, reason: `not on Loki ${version}: needs ${featureSince(feature)}` };
  };
  return Object.fromEntries(Object.entries(FEATURE_OF).map(([capability, feature]) => [capability, status(feature)]));
}

function describeSelector({ selector, origin }: ResolvedSelector): string {
  if (origin === 'configured') return `streams ${selector} (LOKI_SELECTOR)`;
  if (origin === 'labels') return `streams ${selector} (from Loki's labels; LOKI_SELECTOR overrides)`;
  return `streams ${selector}: Loki listed no labels in the last 7 days (set LOKI_SELECTOR to choose)`;
}

export async function lokiTestConnection(client: LokiClient, options: { signal: AbortSignal }): Promise<ConnectionTest> {
  const started = client.now();
  try {
    const json = await client.getJson('loki/api/v1/status/buildinfo', {}, options.signal);
    const latencyMs = client.now() - started;
    const info = parseLoki(lokiBuildInfoSchema, json, client.sourceId, 'buildinfo');
    const streams = describeSelector(await client.selector(options.signal));
    const features = lokiFeatures(info.version);
    return {
      ok: true,
      message: `Reachable, Loki ${info.version}: ${describeFeatures(features)}; ${streams}.`,
      version: info.version,
      latencyMs,
      capabilities: lokiCapabilities(info.version, features),
    };
  } catch (error) {
    const sourceError = isSourceError(error) ? error : toSourceError(error, client.sourceId);
    if (sourceError.code === 'cancelled') throw sourceError;
    return { ok: false, message: `${sourceError.message} ${sourceError.hint}`, version: null, latencyMs: null };
  }
}
