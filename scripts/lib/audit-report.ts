/**
 * Reads what `npm audit --omit=dev --json` printed and decides: advisories found (and whether any
 * is high or critical), none, or no answer at all — a registry without the audit endpoint (this
 * machine's answers 405 to the bulk advisory POST), no network. An unavailable audit is reported
 * as such and does not fail the build; high or critical advisories do.
 */
export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

export interface AuditAdvisory {
  name: string;
  severity: Severity;
  title: string;
  range: string;
  url: string;
}

export type AuditVerdict =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'result'; counts: Record<Severity, number>; advisories: AuditAdvisory[]; dependencies: number; failing: boolean };

const SEVERITIES: Severity[] = ['info', 'low', 'moderate', 'high', 'critical'];

interface NpmAuditJson {
  statusCode?: number;
  message?: string;
  error?: { summary?: string; code?: string } | string;
  metadata?: { vulnerabilities?: Partial<Record<Severity | 'total', number>>; dependencies?: { prod?: number; total?: number } | number };
  vulnerabilities?: Record<string, { name?: string; severity?: Severity; range?: string; via?: unknown[] }>;
}

function parse(stdout: string): NpmAuditJson | null {
  const start = stdout.indexOf('{');
  if (start < 0) return null;
  try {
    const value = JSON.parse(stdout.slice(start)) as unknown;
    return value && typeof value === 'object' ? (value as NpmAuditJson) : null;
  } catch {
    return null;
  }
}

export function interpretAudit(stdout: string, stderr = ''): AuditVerdict {
  const json = parse(stdout);
  if (!json) {
    const line = stderr.split('\n').find((l) => /audit|ERR|error/i.test(l))?.trim();
    return { kind: 'unavailable', reason: line ? `no JSON from npm audit (${line})` : 'no JSON from npm audit' };
  }
  if (!json.metadata?.vulnerabilities) {
    if (typeof json.statusCode === 'number') return { kind: 'unavailable', reason: `HTTP ${json.statusCode} from the registry's audit endpoint${json.message ? `: ${json.message}` : ''}` };
    const error = typeof json.error === 'string' ? json.error : json.error?.summary || json.error?.code;
    return { kind: 'unavailable', reason: error || json.message || 'npm audit returned no advisory data' };
  }
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, json.metadata?.vulnerabilities?.[s] ?? 0])) as Record<Severity, number>;
  const advisories: AuditAdvisory[] = [];
  for (const [name, v] of Object.entries(json.vulnerabilities ?? {})) {
    for (const via of v.via ?? []) {
      if (typeof via !== 'object' || via === null) continue; // a string names the dependency that brings it in
      const a = via as { title?: string; url?: string; severity?: Severity; range?: string };
      advisories.push({ name, severity: a.severity ?? v.severity ?? 'info', title: a.title ?? '', range: a.range ?? v.range ?? '', url: a.url ?? '' });
    }
  }
  const deps = json.metadata.dependencies;
  return {
    kind: 'result',
    counts,
    advisories,
    dependencies: typeof deps === 'number' ? deps : deps?.prod ?? deps?.total ?? 0,
    failing: counts.high + counts.critical > 0,
  };
}

export function formatVerdict(verdict: AuditVerdict): string {
  if (verdict.kind === 'unavailable') return `npm audit --omit=dev: unavailable (${verdict.reason}); no advisory data, not failing the build. See docs/RELIABILITY.md for the manual review.`;
  const summary = SEVERITIES.slice().reverse().map((s) => `${verdict.counts[s]} ${s}`).join(', ');
  const lines = [`npm audit --omit=dev: ${summary} (${verdict.dependencies} production dependencies).`];
  for (const a of verdict.advisories) lines.push(`  ${a.severity.padEnd(8)} ${a.name} ${a.range}: ${a.title} ${a.url}`);
  lines.push(verdict.failing ? 'FAIL: high or critical advisories in production dependencies.' : 'OK: no high or critical advisory.');
  return lines.join('\n');
}
