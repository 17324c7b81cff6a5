/**
 * What a Loki server can do, from `/loki/api/v1/status/buildinfo`. Release numbers turn features
 * on or off; a build that is not a release (`main-…`, `k123-abc`) is "unknown", and the feature's
 * endpoint is tried instead, a 404 meaning "not here".
 */
import { isAtLeast, parseMajorMinor, type MajorMinor } from '@/lib/version';
import { SourceError } from '../source-error';
import type { HttpParams } from '../source-http';

export interface LokiFeatures {
  /** `/index/volume` and `/index/volume_range` (2.9+). */
  volume: boolean;
  /** `/patterns` and the `|>` line filter (3.0+; the endpoint also needs the pattern ingester). */
  patterns: boolean;
  /** `/detected_fields` and `/detected_labels` (3.0+). */
  detectedFields: boolean;
  /** `/detected_field/<name>/values` (3.3+). */
  detectedFieldValues: boolean;
}

/** The server as the console knows it: version null when buildinfo could not be read. */
export interface LokiServerInfo {
  version: string | null;
  /** null: not a release number (or unknown): feature-detect by trying. */
  features: LokiFeatures | null;
}

/** Semver-ish `3.4.1`, `v2.9.17`, `k123-abc` → [major, minor] or null when it is not a release. */
export function parseLokiVersion(version: string): MajorMinor | null {
  const parsed = parseMajorMinor(version);
  // `0.0.1` and similar are development builds, not releases.
  return parsed && parsed[0] !== 0 ? parsed : null;
}

/** null when the version is not a release number (main builds, weekly tags): feature-detect instead. */
export function lokiFeatures(version: string): LokiFeatures | null {
  const parsed = parseLokiVersion(version);
  if (!parsed) return null;
  const atLeast = (major: number, minor: number) => isAtLeast(parsed, [major, minor]);
  return { volume: atLeast(2, 9), patterns: atLeast(3, 0), detectedFields: atLeast(3, 0), detectedFieldValues: atLeast(3, 3) };
}

export type LokiFeature = 'patterns' | 'detectedFields' | 'detectedFieldValues';

const FEATURE: Record<LokiFeature, { what: string; endpoint: string; since: string; enable: string }> = {
  patterns: {
    what: 'log patterns',
    endpoint: '/loki/api/v1/patterns',
    since: '3.0',
    enable: 'Upgrade Loki to 3.0 or newer and enable the pattern ingester (pattern_ingester.enabled: true).',
  },
  detectedFields: {
    what: 'detected fields',
    endpoint: '/loki/api/v1/detected_fields',
    since: '3.0',
    enable: 'Upgrade Loki to 3.0 or newer to list the fields parsed from log lines.',
  },
  detectedFieldValues: {
    what: 'detected field values',
    endpoint: '/loki/api/v1/detected_field/<name>/values',
    since: '3.3',
    enable: 'Upgrade Loki to 3.3 or newer to list the values of a detected field.',
  },
};

/** The first Loki release with the feature (`3.0`). */
export function featureSince(feature: LokiFeature): string {
  return FEATURE[feature].since;
}

/** The server is too old for the feature (known from buildinfo): 'unsupported', not an error to retry. */
export function featureUnsupported(sourceId: string, feature: LokiFeature, version: string | null): SourceError {
  const f = FEATURE[feature];
  return new SourceError({
    code: 'unsupported',
    sourceId,
    message: `This Loki${version ? ` (${version})` : ''} has no ${f.what}: ${f.endpoint} needs Loki ${f.since} or newer.`,
    hint: f.enable,
  });
}

/**
 * The endpoint answered 404 (not routed: older Loki, or a proxy that does not forward it), or
 * Loki said the feature is disabled: 'unsupported' with the way to turn it on. Other errors pass.
 */
export function asFeatureUnsupported(error: unknown, sourceId: string, feature: LokiFeature, version: string | null): unknown {
  if (!(error instanceof SourceError) || error.code !== 'http') return error;
  const disabled = error.status === 404 || /not enabled|is disabled|disabled for/i.test(error.message);
  if (!disabled) return error;
  const f = FEATURE[feature];
  return new SourceError({
    code: 'unsupported',
    sourceId,
    status: error.status,
    message: `This Loki${version ? ` (${version})` : ''} does not serve ${f.endpoint} (HTTP ${error.status ?? '?'}).`,
    hint: `${f.enable} If Loki is new enough, check that the console proxy forwards ${f.endpoint}.`,
    cause: error,
  });
}

/** What getFeatureJson needs of a LokiClient (named here, so this file does not import client.ts). */
export interface FeatureClient {
  readonly sourceId: string;
  serverInfo: (signal: AbortSignal) => Promise<LokiServerInfo>;
  getJson: (path: string, params: HttpParams, signal: AbortSignal) => Promise<unknown>;
}

/**
 * GET a feature's endpoint: refused without a request on a server known to be too old (from
 * buildinfo); tried on an unknown build, a 404 or "disabled" answer then meaning unsupported.
 */
export async function getFeatureJson(client: FeatureClient, feature: LokiFeature, path: string, params: HttpParams, signal: AbortSignal): Promise<unknown> {
  const info = await client.serverInfo(signal);
  if (info.features && !info.features[feature]) throw featureUnsupported(client.sourceId, feature, info.version);
  try {
    return await client.getJson(path, params, signal);
  } catch (error) {
    throw asFeatureUnsupported(error, client.sourceId, feature, info.version);
  }
}
