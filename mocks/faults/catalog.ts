/**
 * The fault table: each kind of failure a source can show, and which sources it applies to.
 * Scenarios are generated from it (`<source>-<suffix>`), so adding a row adds one scenario per
 * source rather than another copy of handler code.
 */
import { builtInAdapters, kindsOf } from '@/sources/registry';
import type { SourceKind } from '@/sources/registry';

/** The mocked sources: the registry's kinds. */
export type SourceName = SourceKind;
const ALL_SOURCES: readonly SourceName[] = kindsOf(builtInAdapters);

/** Scenario names start with the kind, or with a shorter name where one is given here. */
const SHORT_PREFIX = { elasticsearch: 'es' } as const satisfies Partial<Record<SourceName, string>>;
type ScenarioPrefix = Exclude<SourceName, keyof typeof SHORT_PREFIX> | (typeof SHORT_PREFIX)[keyof typeof SHORT_PREFIX];

export const SOURCE_PREFIX = Object.fromEntries(
  ALL_SOURCES.map((source) => [source, (SHORT_PREFIX as Partial<Record<SourceName, ScenarioPrefix>>)[source] ?? source]),
) as Record<SourceName, ScenarioPrefix>;
/** The label the console server gives each kind's source (its adapter's server descriptor). */
export const SOURCE_LABEL = Object.fromEntries(builtInAdapters.map((a) => [a.kind, a.server?.label ?? a.kind])) as Record<SourceName, string>;

/** Transport-level fault kinds. `down` and `slow` are the original ones (proxy 502 JSON, 3 s delay). */
export const FAULT_TABLE = {
  refused: { kind: 'refused', label: 'connection refused', sources: ALL_SOURCES },
  slow: { kind: 'slow-10s', label: 'slow (10 s)', sources: ALL_SOURCES },
  timeout: { kind: 'timeout', label: 'timeout (never answers)', sources: ALL_SOURCES },
  '429': { kind: 'rate-limited', label: '429 with Retry-After', sources: ALL_SOURCES },
  '500': { kind: 'html-500', label: '500 with an HTML body', sources: ALL_SOURCES },
  '502': { kind: 'gateway-502', label: '502 from a gateway', sources: ALL_SOURCES },
  malformed: { kind: 'malformed', label: 'malformed JSON', sources: ALL_SOURCES },
  truncated: { kind: 'truncated', label: 'truncated body', sources: ALL_SOURCES },
  drift: { kind: 'drift', label: 'schema drift', sources: ALL_SOURCES },
  flapping: { kind: 'flapping', label: 'flapping', sources: ALL_SOURCES },
  partial: { kind: 'partial', label: 'partial results', sources: ['loki', 'elasticsearch'] },
} as const satisfies Record<string, { kind: string; label: string; sources: readonly SourceName[] }>;

export type FaultSuffix = keyof typeof FAULT_TABLE;
/**
 * Server variants rather than failures: `old-version` answers everything but is older than the
 * console's newest features (Loki 2.9); `opensearch` is OpenSearch 2.10 where Elasticsearch was
 * expected (its `GET /`, its point-in-time API, no `X-Elastic-Product` header).
 */
export type FaultKind = 'down' | 'slow' | 'hostile' | 'old-version' | 'opensearch' | (typeof FAULT_TABLE)[FaultSuffix]['kind'];

/** Seconds a 429 asks the console to wait. */
export const RETRY_AFTER_S = 3;
export const SLOW_10S_MS = 10_000;

type Prefix = (typeof SOURCE_PREFIX)[SourceName];
export type FaultScenarioName = Exclude<`${Prefix}-${FaultSuffix}`, 'capture-spine-partial'>;

export interface FaultScenarioDef {
  label: string;
  story: 'incident';
  faults: Partial<Record<SourceName, FaultKind>>;
}

/** One scenario per (source, fault) pair of the table. */
export function faultScenarios(): Record<FaultScenarioName, FaultScenarioDef> {
  const out: Record<string, FaultScenarioDef> = {};
  for (const [suffix, row] of Object.entries(FAULT_TABLE)) {
    for (const source of row.sources as readonly SourceName[]) {
      out[`${SOURCE_PREFIX[source]}-${suffix}`] = { label: `${SOURCE_LABEL[source]}: ${row.label}`, story: 'incident', faults: { [source]: row.kind } };
    }
  }
  return out as Record<FaultScenarioName, FaultScenarioDef>;
}
