import { describe, expect, it } from 'vitest';
import { defaultRules } from '@/alerting';
import type { RuleKind } from '@/alerting';
import { changeKind, draftFrom, RULE_KINDS, ruleFromDraft, slugify } from './rule-form';

describe('rule form', () => {
  it('round-trips every default rule through the draft unchanged', () => {
    for (const rule of defaultRules()) {
      const r = ruleFromDraft(draftFrom(rule.kind, rule));
      expect(r).toEqual({ ok: true, rule });
    }
  });

  it('offers valid defaults for every kind once named (dead-man also needs a service)', () => {
    for (const { kind } of RULE_KINDS) {
      const d = draftFrom(kind as RuleKind);
      d.values.name = 'My rule';
      if (kind === 'dead-man') d.values.services = 'spine-dev-api';
      const r = ruleFromDraft(d);
      expect(r.ok, kind).toBe(true);
      if (r.ok) expect(r.rule.id).toBe('my-rule');
    }
  });

  it('puts zod errors on the field they belong to', () => {
    const d = draftFrom('error-rate');
    Object.assign(d.values, { name: '', threshold: '-3', window: '5 minutes' });
    const r = ruleFromDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['id', 'name', 'threshold', 'window']);
    expect(r.errors.window).toMatch(/duration/);
    expect(r.errors.threshold).toMatch(/>=\s*0|too small/i);
  });

  it('rejects text in a number field, nested paths and a taken id', () => {
    const d = draftFrom('service-down');
    Object.assign(d.values, { name: 'Down', failAfter: 'three', 'flapping.window': 'often' });
    const r = ruleFromDraft(d, ['down']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toMatchObject({ failAfter: 'must be a number', id: 'another rule already has the id "down"' });
    expect(r.errors['flapping.window']).toMatch(/duration/);
  });

  it('needs one queue condition and says so on the depth field', () => {
    const d = draftFrom('queue');
    Object.assign(d.values, { name: 'Q', depthAbove: '' });
    const r = ruleFromDraft(d);
    expect(r.ok ? null : r.errors.depthAbove).toMatch(/depthAbove, oldestAgeAbove or noWorker/);
  });

  it('keeps the common fields when the kind changes', () => {
    const d = draftFrom('error-rate');
    Object.assign(d.values, { name: 'X', severity: 'WARNING', services: 'a, b' });
    const next = changeKind(d, 'dead-man');
    expect(next.values).toMatchObject({ name: 'X', severity: 'WARNING', services: 'a, b', silence: '15m' });
  });

  it('slugifies names into valid ids', () => {
    expect(slugify('API errors > 20 / 5 min')).toBe('api-errors-20-5-min');
    expect(slugify('  Ünïcode  ')).toBe('unicode');
  });
});
