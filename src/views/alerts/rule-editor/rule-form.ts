/**
 * The rule form as data: which fields each rule kind has, a draft of strings and booleans the
 * inputs edit, and the conversion back to a Rule through the same zod schema the import uses,
 * with errors keyed by field path ("threshold", "flapping.window") to show next to the field.
 */
import { ruleSchema, SEVERITIES } from '@/alerting';
import type { Rule, RuleKind } from '@/alerting';

export type FieldType = 'text' | 'number' | 'list' | 'checkbox' | 'select' | 'choices';

export interface FieldSpec {
  /** Path in the rule ("flapping.window"); also the key of the draft and of the errors. */
  path: string;
  label: string;
  type: FieldType;
  options?: readonly string[];
  hint?: string;
}

export const RULE_KINDS: { kind: RuleKind; label: string }[] = [
  { kind: 'error-rate', label: 'Error rate' },
  { kind: 'service-down', label: 'Service down' },
  { kind: 'queue', label: 'Queue' },
  { kind: 'feed', label: 'Feed' },
  { kind: 'dead-man', label: "Dead man's switch" },
  { kind: 'issue', label: 'Issue' },
];

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'unknown'] as const;
const DURATION_HINT = 'e.g. 30s, 5m, 1h30m';

export const COMMON_FIELDS: FieldSpec[] = [
  { path: 'name', label: 'Name', type: 'text' },
  { path: 'id', label: 'Id', type: 'text', hint: 'letters, digits, ".", "_" or "-"' },
  { path: 'severity', label: 'Severity', type: 'select', options: SEVERITIES },
  { path: 'for', label: 'Pending for', type: 'text', hint: `the condition must hold this long (${DURATION_HINT})` },
  { path: 'keepFiringFor', label: 'Keep firing for', type: 'text', hint: 'after the condition stops' },
  { path: 'enabled', label: 'Enabled', type: 'checkbox' },
];

export const KIND_FIELDS: Record<RuleKind, FieldSpec[]> = {
  'error-rate': [
    { path: 'threshold', label: 'Threshold (lines)', type: 'number', hint: 'fires when more lines than this fall in the window' },
    { path: 'window', label: 'Window', type: 'text', hint: DURATION_HINT },
    { path: 'levels', label: 'Levels', type: 'choices', options: LEVELS, hint: 'none ticked: error and critical' },
    { path: 'services', label: 'Services', type: 'list', hint: 'comma-separated; empty: every service' },
  ],
  'service-down': [
    { path: 'failAfter', label: 'Down after failed checks', type: 'number' },
    { path: 'recoverAfter', label: 'Up after good checks', type: 'number' },
    { path: 'degradedIsDown', label: 'Degraded counts as down', type: 'checkbox' },
    { path: 'flapping.changes', label: 'Flapping after changes', type: 'number' },
    { path: 'flapping.window', label: 'Flapping window', type: 'text', hint: DURATION_HINT },
    { path: 'services', label: 'Services', type: 'list', hint: 'comma-separated; empty: every service' },
  ],
  queue: [
    { path: 'depthAbove', label: 'Depth above', type: 'number', hint: 'empty: no depth condition' },
    { path: 'oldestAgeAbove', label: 'Oldest task older than', type: 'text', hint: `empty: no age condition (${DURATION_HINT})` },
    { path: 'noWorker', label: 'Messages and no online worker', type: 'checkbox' },
    { path: 'queues', label: 'Queues', type: 'list', hint: 'comma-separated; empty: every queue' },
  ],
  feed: [
    { path: 'states', label: 'States', type: 'choices', options: ['late', 'missed', 'failing'] },
    { path: 'feeds', label: 'Feeds', type: 'list', hint: 'names or ids, comma-separated; empty: every feed' },
  ],
  'dead-man': [
    { path: 'services', label: 'Services', type: 'list', hint: 'comma-separated, at least one' },
    { path: 'silence', label: 'Silent for', type: 'text', hint: DURATION_HINT },
  ],
  issue: [
    { path: 'statuses', label: 'Statuses', type: 'choices', options: ['new', 'regressed', 'escalating'] },
    { path: 'newWithin', label: 'New within', type: 'text', hint: DURATION_HINT },
    { path: 'text', label: 'Title contains', type: 'text', hint: 'optional literal text' },
    { path: 'levels', label: 'Levels', type: 'choices', options: LEVELS },
    { path: 'services', label: 'Services', type: 'list', hint: 'comma-separated; empty: every service' },
  ],
};

export type DraftValue = string | boolean | string[];
export interface RuleDraft {
  kind: RuleKind;
  values: Record<string, DraftValue>;
  /** Fields of the edited rule the form does not show (description, per-state severities): kept as they are. */
  extra: Record<string, unknown>;
}

export const fieldsOf = (kind: RuleKind): FieldSpec[] => [...COMMON_FIELDS, ...KIND_FIELDS[kind]];

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Defaults for a new rule of `kind` (valid as they stand, except the name). */
export function newRuleDefaults(kind: RuleKind): Record<string, unknown> {
  const base = { name: '', id: '', severity: 'ERROR', for: '0s', keepFiringFor: '0s', enabled: true };
  switch (kind) {
    case 'error-rate': return { ...base, threshold: 20, window: '5m' };
    case 'service-down': return { ...base, severity: 'CRITICAL', failAfter: 3, recoverAfter: 2, degradedIsDown: false, flapping: { changes: 4, window: '10m' } };
    case 'queue': return { ...base, depthAbove: 100 };
    case 'feed': return { ...base, severity: 'WARNING', states: ['late', 'missed', 'failing'] };
    case 'dead-man': return { ...base, services: [], silence: '15m' };
    case 'issue': return { ...base, statuses: ['new', 'regressed', 'escalating'], newWithin: '1h' };
  }
}

/** The draft the inputs edit, from a rule (or a kind's defaults). */
export function draftFrom(kind: RuleKind, rule: Rule | Record<string, unknown> = newRuleDefaults(kind)): RuleDraft {
  const values: Record<string, DraftValue> = {};
  const shown = new Set(fieldsOf(kind).map((f) => f.path.split('.')[0]));
  const extra = Object.fromEntries(Object.entries(rule).filter(([k]) => k !== 'kind' && !shown.has(k)));
  for (const f of fieldsOf(kind)) {
    const v = get(rule, f.path);
    if (f.type === 'checkbox') values[f.path] = v === true;
    else if (f.type === 'choices') values[f.path] = Array.isArray(v) ? v.map(String) : [];
    else if (f.type === 'list') values[f.path] = Array.isArray(v) ? v.join(', ') : '';
    else values[f.path] = v === undefined || v === null ? '' : String(v);
  }
  return { kind, values, extra };
}

/** Keeps the common fields (and any the new kind shares) when the kind changes. */
export function changeKind(draft: RuleDraft, kind: RuleKind): RuleDraft {
  const next = draftFrom(kind);
  for (const f of fieldsOf(kind)) if (f.path in draft.values && (COMMON_FIELDS.includes(f) || f.path === 'services')) next.values[f.path] = draft.values[f.path]!;
  return next;
}

/** A rule id from its name: "API errors > 20" → "api-errors-20". */
export function slugify(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '').slice(0, 64);
}

export type FormErrors = Record<string, string>;
export type FormResult = { ok: true; rule: Rule } | { ok: false; errors: FormErrors };

function set(obj: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}

/** Draft → Rule through ruleSchema; `takenIds` are the other rules' ids (a new rule must not reuse one). */
export function ruleFromDraft(draft: RuleDraft, takenIds: readonly string[] = []): FormResult {
  const errors: FormErrors = {};
  const input: Record<string, unknown> = { ...draft.extra, kind: draft.kind };
  for (const f of fieldsOf(draft.kind)) {
    const v = draft.values[f.path];
    if (f.type === 'checkbox') {
      // noWorker is optional in the schema: unticked means absent.
      if (v === true || f.path !== 'noWorker') set(input, f.path, v === true);
    }
    else if (f.type === 'choices') {
      const list = Array.isArray(v) ? v : [];
      if (list.length > 0 || f.path === 'statuses' || f.path === 'states') set(input, f.path, list);
    } else if (f.type === 'list') {
      const list = String(v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (list.length > 0 || draft.kind === 'dead-man') set(input, f.path, list);
    } else if (f.type === 'number') {
      const s = String(v ?? '').trim();
      if (s === '') continue;
      const n = Number(s);
      if (!Number.isFinite(n)) errors[f.path] = 'must be a number';
      else set(input, f.path, n);
    } else {
      const s = String(v ?? '').trim();
      if (s !== '' || f.path === 'name' || f.path === 'id') set(input, f.path, s);
    }
  }
  if (!input.id && typeof input.name === 'string') input.id = slugify(input.name);
  const parsed = ruleSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 0 ? issue.path.join('.') : 'name';
      // A field path the form does not show (should not happen): report it on the name.
      const shown = fieldsOf(draft.kind).some((f) => f.path === key) ? key : 'name';
      errors[shown] ??= issue.message;
    }
  }
  if (typeof input.id === 'string' && takenIds.includes(input.id)) errors.id ??= `another rule already has the id "${input.id}"`;
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, rule: parsed.data };
}
