/**
 * The daily digest: new, regressed and escalating issues, alerts fired, feeds that missed runs
 * and services that went down over the last 24 hours, as data and as Markdown (what the
 * ecosystem's log-scanning script writes to logs/digest.md, from every source at once).
 */
import type { CheckObs, IssueObs } from './observation';
import type { Severity } from './rule-schemas';
import { SEVERITY_COLOURS, SEVERITY_RANK } from './rules';
import type { Incident } from './state';

export interface DigestFeedInput {
  name: string;
  state: string;
  missedRuns?: number;
  failedRuns?: number;
  lastError?: string | null;
}

export interface DigestServiceInput {
  id: string;
  name?: string;
  checks: CheckObs[];
}

export interface DigestInput {
  now: number;
  /** Default 24 h. */
  periodMs?: number;
  incidents: readonly Incident[];
  issues?: readonly IssueObs[];
  feeds?: readonly DigestFeedInput[];
  services?: readonly DigestServiceInput[];
}

export interface DigestDowntime {
  id: string;
  name: string;
  /** Down intervals (consecutive down checks), [from, to]; `to` null while still down. */
  intervals: { from: number; to: number | null }[];
  downChecks: number;
}

export interface Digest {
  from: number;
  to: number;
  alerts: { total: number; bySeverity: Record<Severity, number>; stillFiring: number; items: Incident[] };
  issues: { new: IssueObs[]; regressed: IssueObs[]; escalating: IssueObs[] };
  feeds: DigestFeedInput[];
  services: DigestDowntime[];
}

export function buildDigest(input: DigestInput): Digest {
  const to = input.now;
  const from = to - (input.periodMs ?? 86_400_000);
  const items = input.incidents
    .filter((i) => i.startedAt >= from && i.startedAt <= to)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.startedAt - b.startedAt);
  const bySeverity: Record<Severity, number> = { CRITICAL: 0, ERROR: 0, WARNING: 0 };
  for (const i of items) bySeverity[i.severity] += 1;
  const issues = input.issues ?? [];
  const pick = (s: IssueObs['status']) => issues.filter((i) => i.status === s).sort((a, b) => b.count - a.count);
  const feedNames = new Set(items.filter((i) => i.kind === 'feed' && (i.condition === 'missed' || i.condition === 'failing')).map((i) => i.subject));
  const feeds = (input.feeds ?? []).filter((f) => (f.missedRuns ?? 0) > 0 || (f.failedRuns ?? 0) > 0 || f.state === 'missed' || f.state === 'failing' || feedNames.has(f.name));
  for (const name of feedNames) if (!feeds.some((f) => f.name === name)) feeds.push({ name, state: 'see alerts' });
  const services: DigestDowntime[] = [];
  for (const s of input.services ?? []) {
    const intervals: DigestDowntime['intervals'] = [];
    let downChecks = 0;
    let open: { from: number; to: number | null } | null = null;
    for (const c of [...s.checks].sort((a, b) => a.at - b.at)) {
      if (c.at < from || c.at > to) continue;
      if (c.status === 'down') {
        downChecks += 1;
        if (!open) intervals.push((open = { from: c.at, to: null }));
      } else if (open && c.status !== 'unknown') {
        open.to = c.at;
        open = null;
      }
    }
    if (downChecks > 0) services.push({ id: s.id, name: s.name ?? s.id, intervals, downChecks });
  }
  return { from, to, alerts: { total: items.length, bySeverity, stillFiring: items.filter((i) => i.status === 'firing').length, items }, issues: { new: pick('new'), regressed: pick('regressed'), escalating: pick('escalating') }, feeds, services };
}

/** Escapes text for a Markdown table cell or list item (no HTML, no table breaks). */
export function mdEscape(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

const hm = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function digestMarkdown(d: Digest): string {
  const L: string[] = [];
  L.push(`# Spine daily digest — ${hm(d.from)} to ${hm(d.to)} UTC`, '');
  L.push('## Summary', '');
  L.push(`- Alerts fired: ${d.alerts.total} (${d.alerts.bySeverity.CRITICAL} critical, ${d.alerts.bySeverity.ERROR} error, ${d.alerts.bySeverity.WARNING} warning), ${d.alerts.stillFiring} still firing`);
  L.push(`- Issues: ${d.issues.new.length} new, ${d.issues.regressed.length} regressed, ${d.issues.escalating.length} escalating`);
  L.push(`- Feeds with missed or failed runs: ${d.feeds.length}`, `- Services that went down: ${d.services.length}`, '');
  L.push('## Alerts fired', '');
  if (d.alerts.items.length === 0) L.push('None.');
  else {
    L.push('| Severity | Started (UTC) | Resolved (UTC) | Rule | Subject | Summary |', '|---|---|---|---|---|---|');
    for (const i of d.alerts.items) {
      const resolved = i.resolvedAt === undefined ? 'still firing' : hm(i.resolvedAt);
      L.push(`| ${SEVERITY_COLOURS[i.severity].emoji} ${i.severity} | ${hm(i.startedAt)} | ${resolved} | ${mdEscape(i.ruleName)} | ${mdEscape(i.subjectLabel)} | ${mdEscape(i.summary)} |`);
    }
  }
  for (const [title, list] of [['New issues', d.issues.new], ['Regressed issues', d.issues.regressed], ['Escalating issues', d.issues.escalating]] as const) {
    L.push('', `## ${title}`, '');
    if (list.length === 0) L.push('None.');
    for (const i of list) L.push(`- **${mdEscape(i.title)}** — ${i.count} events${i.services?.length ? ` (${i.services.map(mdEscape).join(', ')})` : ''}`);
  }
  L.push('', '## Feeds that missed runs', '');
  if (d.feeds.length === 0) L.push('None.');
  for (const f of d.feeds) {
    const parts = [`state ${f.state}`];
    if (f.missedRuns) parts.push(`${f.missedRuns} missed`);
    if (f.failedRuns) parts.push(`${f.failedRuns} failed`);
    if (f.lastError) parts.push(`last error: ${mdEscape(f.lastError)}`);
    L.push(`- **${mdEscape(f.name)}** — ${parts.join(', ')}`);
  }
  L.push('', '## Services that went down', '');
  if (d.services.length === 0) L.push('None.');
  for (const s of d.services) {
    const spans = s.intervals.map((x) => `${hm(x.from)}–${x.to === null ? 'now' : hm(x.to).slice(11)}`).join(', ');
    L.push(`- **${mdEscape(s.name)}** — ${s.downChecks} failed checks: ${spans}`);
  }
  return `${L.join('\n')}\n`;
}
