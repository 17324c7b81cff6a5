import { useEffect, useId, useMemo, useState } from 'react';
import type { Rule, RuleKind } from '@/alerting';
import { Button } from '@/components/ui/button';
import { BacktestPanel } from './backtest-panel';
import { changeKind, draftFrom, fieldsOf, RULE_KINDS, ruleFromDraft, slugify } from './rule-form';
import type { DraftValue, FieldSpec, FormErrors, RuleDraft } from './rule-form';

const DEBOUNCE_MS = 400;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

const inputClass = 'rounded border border-line bg-surface px-2 py-1 text-sm text-fg aria-[invalid=true]:border-crit';

function Field({ spec, value, error, placeholder, onChange }: { spec: FieldSpec; value: DraftValue; error?: string; placeholder?: string; onChange: (v: DraftValue) => void }) {
  const id = useId();
  const described = [error ? `${id}-error` : null, spec.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const messages = (
    <>
      {spec.hint && <span id={`${id}-hint`} className="text-xs text-muted">{spec.hint}</span>}
      {error && <span id={`${id}-error`} className="text-xs font-medium text-crit">{error}</span>}
    </>
  );
  if (spec.type === 'checkbox') {
    return (
      <div className="flex flex-col gap-0.5">
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={described} aria-invalid={error ? true : undefined} />
          {spec.label}
        </label>
        {messages}
      </div>
    );
  }
  if (spec.type === 'choices') {
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset className="flex flex-col gap-0.5" aria-describedby={described} aria-invalid={error ? true : undefined}>
        <legend className="text-xs font-medium text-muted">{spec.label}</legend>
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          {spec.options?.map((o) => (
            <label key={o} className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={list.includes(o)} onChange={(e) => onChange(e.target.checked ? [...list, o] : list.filter((x) => x !== o))} />
              {o}
            </label>
          ))}
        </div>
        {messages}
      </fieldset>
    );
  }
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className="text-xs font-medium text-muted">{spec.label}</label>
      {spec.type === 'select' ? (
        <select id={id} className={inputClass} value={String(value)} onChange={(e) => onChange(e.target.value)} aria-describedby={described} aria-invalid={error ? true : undefined}>
          {spec.options?.map((o) => <option key={o}>{o}</option>)}
        </select>
      ) : (
        <input
          id={id}
          className={inputClass}
          inputMode={spec.type === 'number' ? 'numeric' : undefined}
          value={String(value)}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
        />
      )}
      {messages}
    </div>
  );
}

export interface RuleEditorProps {
  /** The rule being edited; null for a new rule. */
  rule: Rule | null;
  /** Ids of the other rules (a new id must not reuse one). */
  takenIds: string[];
  onSave: (rule: Rule) => void;
  onCancel: () => void;
}

/** "New rule" / "Edit" form for every rule kind, with field errors from the rule schema and a live backtest. */
export function RuleEditor({ rule, takenIds, onSave, onCancel }: RuleEditorProps) {
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftFrom(rule.kind, rule) : draftFrom('error-rate')));
  const [touched, setTouched] = useState(false);
  const result = useMemo(() => ruleFromDraft(draft, takenIds), [draft, takenIds]);
  const errors: FormErrors = !result.ok && touched ? result.errors : {};
  // The backtest runs before the rule is named: an unnamed rule is replayed as "New rule".
  const forBacktest = useMemo(() => {
    const r = draft.values.name ? result : ruleFromDraft({ ...draft, values: { ...draft.values, name: 'New rule' } });
    return r.ok ? r.rule : null;
  }, [draft, result]);
  const debounced = useDebounced(forBacktest, DEBOUNCE_MS);
  const title = rule ? `Edit rule: ${rule.name}` : 'New rule';
  const set = (path: string, v: DraftValue) => {
    setTouched(true);
    setDraft((d) => ({ ...d, values: { ...d.values, [path]: v } }));
  };
  return (
    <section aria-label="Rule editor" className="flex flex-col gap-3 rounded-lg border border-accent/40 bg-surface p-3 shadow-sm">
      <form
        aria-label={title}
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (result.ok) onSave(result.rule);
        }}
      >
        <div className="flex flex-wrap items-center gap-3">
          <h3 className="font-semibold">{title}</h3>
          <label className="flex items-center gap-1.5 text-sm">
            Kind
            <select
              className={inputClass}
              value={draft.kind}
              disabled={rule !== null}
              title={rule ? 'The kind of a saved rule cannot change; create a new rule instead' : undefined}
              onChange={(e) => setDraft((d) => changeKind(d, e.target.value as RuleKind))}
            >
              {RULE_KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>{k.label}</option>
              ))}
            </select>
          </label>
        </div>
        <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
          {fieldsOf(draft.kind)
            .filter((f) => !(rule && f.path === 'id'))
            .map((f) => (
              <Field
                key={`${draft.kind}-${f.path}`}
                spec={f}
                value={draft.values[f.path] ?? ''}
                error={errors[f.path]}
                placeholder={f.path === 'id' ? slugify(String(draft.values.name ?? '')) || undefined : undefined}
                onChange={(v) => set(f.path, v)}
              />
            ))}
        </div>
        {rule && <p className="text-xs text-muted">Id: <code>{rule.id}</code> (kept, so incidents and the exported config stay linked).</p>}
        <BacktestPanel rule={debounced} updating={debounced !== forBacktest} />
        {touched && !result.ok && (
          <p role="alert" className="text-sm text-crit">
            {Object.keys(result.errors).length} field{Object.keys(result.errors).length === 1 ? '' : 's'} to fix before saving.
          </p>
        )}
        <div className="flex gap-2">
          <Button type="submit" variant="primary">Save rule</Button>
          <Button variant="ghost" onClick={onCancel}>Cancel</Button>
        </div>
      </form>
    </section>
  );
}
