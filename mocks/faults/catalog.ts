/**
 * The fault table: each kind of failure a source can show, and which sources it applies to.
 * Scenarios are generated from it (`<source>-<suffix>`), so adding a row adds one scenario per
 * source rather than another copy of handler code.
 */
export type SourceName = 'capture-spine' | 'loki' | 'elasticsearch';

export const SOURCE_PREFIX = { 'capture-spine': 'capture-spine', loki: 'loki', elasticsearch: 'es' } as const satisfies Record<SourceName, string>;
export const SOURCE_LABEL = { 'capture-spine': 'capture-spine', loki: 'Loki', elasticsearch: 'Elasticsearch' } as const satisfies Record<SourceName, string>;

/** Transport-level fault kinds. `down` and `slow` are the original ones (proxy 502 JSON, 3 s delay). */
export const FAULT_TABLE = {
  refused: { kind: 'refused', label: 'connection refused', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  slow: { kind: 'slow-10s', label: 'slow (10 s)', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  timeout: { kind: 'timeout', label: 'timeout (never answers)', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  '429': { kind: 'rate-limited', label: '429 with Retry-After', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  '500': { kind: 'html-500', label: '500 with an HTML body', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  '502': { kind: 'gateway-502', label: '502 from a gateway', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  malformed: { kind: 'malformed', label: 'malformed JSON', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  truncated: { kind: 'truncated', label: 'truncated body', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  drift: { kind: 'drift', label: 'schema drift', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  flapping: { kind: 'flapping', label: 'flapping', sources: ['capture-spine', 'loki', 'elasticsearch'] },
  partial: { kind: 'partial', label: 'partial results', sources: ['loki', 'elasticsearch'] },
} as const;

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
