/**
 * The rule model's helpers: severities, a default rule set, import/export as JSON ("config as
 * code") with validation errors that name the field, and a diff to show before an import.
 */
import { alertingConfigSchema, ruleSchema } from './rule-schemas';
import type { AlertingConfig, MaintenanceWindow, Rule, RuleInput, Severity } from './rule-schemas';

export type { AlertingConfig, MaintenanceWindow, Rule, RuleInput, RuleKind, Severity } from './rule-schemas';

export const SEVERITY_RANK: Record<Severity, number> = { WARNING: 1, ERROR: 2, CRITICAL: 3 };

/** capture-spine's AlertNotificationBar colours (and spine-core's Slack colours). */
export const SEVERITY_COLOURS: Record<Severity, { name: string; hex: string; emoji: string }> = {
  CRITICAL: { name: 'red', hex: '#FF0000', emoji: '🔴' },
  ERROR: { name: 'orange', hex: '#FFA500', emoji: '🟠' },
  WARNING: { name: 'yellow', hex: '#FFFF00', emoji: '🟡' },
};

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** A rule with every default filled in; throws a ConfigError naming the field when invalid. */
export function defineRule(input: RuleInput): Rule {
  const r = ruleSchema.safeParse(input);
  if (!r.success) throw new ConfigError(r.error.issues.map((i) => ({ path: pathText(['rule', ...i.path]), message: i.message })));
  return r.data;
}

/** A sensible starting set for the Spine ecosystem (the defaults the incident scenario is tested with). */
export function defaultRules(): Rule[] {
  return [
    defineRule({ id: 'service-down', name: 'Service down', kind: 'service-down', severity: 'CRITICAL', failAfter: 3, recoverAfter: 2 }),
    defineRule({ id: 'error-rate', name: 'Error rate above 20 per 5 min', kind: 'error-rate', severity: 'ERROR', threshold: 20, window: '5m', for: '2m', keepFiringFor: '5m' }),
    defineRule({ id: 'new-or-escalating-issue', name: 'New or escalating issue', kind: 'issue', severity: 'ERROR', statuses: ['new', 'regressed', 'escalating'], levels: ['error', 'critical'] }),
    defineRule({ id: 'feed-health', name: 'Feed late, missed a run or failing', kind: 'feed', severity: 'WARNING', states: ['late', 'missed', 'failing'], severities: { failing: 'ERROR' }, for: '1m', keepFiringFor: '10m' }),
    defineRule({ id: 'queue-backlog', name: 'Queue backlog', kind: 'queue', severity: 'ERROR', depthAbove: 100, oldestAgeAbove: '15m', for: '1m', keepFiringFor: '5m' }),
    defineRule({ id: 'queue-no-worker', name: 'Queue has messages and no worker', kind: 'queue', severity: 'CRITICAL', noWorker: true, for: '1m' }),
    defineRule({ id: 'api-silent', name: 'capture-spine API stopped logging', kind: 'dead-man', severity: 'ERROR', services: ['spine-dev-api'], silence: '15m' }),
  ];
}

/* ------------------------------------------------------------- import/export */

export interface FieldError {
  /** `rules[2].threshold`, `maintenance[0].to`, `(root)`. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(root)';
}

export type ImportResult = { ok: true; config: AlertingConfig } | { ok: false; errors: FieldError[] };

/** Parses and validates an exported config (JSON text or an already-parsed value). */
export function importConfig(input: string | unknown): ImportResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [{ path: '(root)', message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  // A bare array of rules is accepted too.
  if (Array.isArray(value)) value = { version: 1, rules: value };
  const r = alertingConfigSchema.safeParse(value);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })) };
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  r.data.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) errors.push({ path: `rules[${i}].id`, message: `duplicate id "${rule.id}"` });
    seen.add(rule.id);
  });
  const seenW = new Set<string>();
  r.data.maintenance.forEach((w, i) => {
    if (seenW.has(w.id)) errors.push({ path: `maintenance[${i}].id`, message: `duplicate id "${w.id}"` });
    seenW.add(w.id);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: r.data };
}

/** Pretty JSON, keys in a stable order, ready to commit. */
export function exportConfig(rules: readonly Rule[], maintenance: readonly MaintenanceWindow[] = []): string {
  return `${JSON.stringify({ version: 1, rules, maintenance }, sortedReplacer, 2)}\n`;
}

function sortedReplacer(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    const head = ['version', 'id', 'name', 'kind'];
    entries.sort(([a], [b]) => {
      const ia = head.indexOf(a);
      const ib = head.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return Object.fromEntries(entries);
  }
  return value;
}

export function stableJson(value: unknown): string {
  return JSON.stringify(value, sortedReplacer) ?? 'undefined';
}

/* ----------------------------------------------------------------------- diff */

export interface RuleDiff {
  added: Rule[];
  removed: Rule[];
  /** Rules whose id exists on both sides; `fields` lists the top-level fields that differ. */
  changed: { id: string; fields: string[]; before: Rule; after: Rule }[];
  unchanged: string[];
}

export function diffRules(current: readonly Rule[], incoming: readonly Rule[]): RuleDiff {
  const before = new Map(current.map((r) => [r.id, r]));
  const after = new Map(incoming.map((r) => [r.id, r]));
  const diff: RuleDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const r of incoming) {
    const old = before.get(r.id);
    if (!old) {
      diff.added.push(r);
      continue;
    }
    const keys = [...new Set([...Object.keys(old), ...Object.keys(r)])].sort();
    const a = old as Record<string, unknown>;
    const b = r as Record<string, unknown>;
    const fields = keys.filter((k) => stableJson(a[k]) !== stableJson(b[k]));
    if (fields.length > 0) diff.changed.push({ id: r.id, fields, before: old, after: r });
    else diff.unchanged.push(r.id);
  }
  for (const r of current) if (!after.has(r.id)) diff.removed.push(r);
  return diff;
}
