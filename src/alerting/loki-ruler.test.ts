import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { unquoteLogql } from '@/lib/logql';
import { exportLokiRules } from './loki-ruler';
import { defaultRules, defineRule } from './rules';
import type { Rule } from './rules';
import { assertValidAlertExpr, checkLogql } from './testing/lezer-logql';
import { LogqlSyntaxError, parseAlertExpr } from './testing/logql-parser';
import { toYaml, yamlString } from './yaml';

const yaml = { load };

interface Group { name: string; interval: string; rules: { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }[] }

const HOSTILE = 'Bad "quote" \\ back`tick` {a="b"} |= x\nnew line: # not a comment\t';

function hostileRules(): Rule[] {
  return [
    defineRule({ id: 'er', name: HOSTILE, description: HOSTILE, kind: 'error-rate', severity: 'CRITICAL', threshold: 10, window: '5m', for: '2m', services: ['spine-dev-api', 'we"ird}', 'a|b.c'] }),
    defineRule({ id: 'dm', name: 'API silent', kind: 'dead-man', severity: 'ERROR', services: ['spine-dev-api', 'x"y'], silence: '15m' }),
    defineRule({ id: 'tok', name: 'Token errors', kind: 'issue', severity: 'WARNING', statuses: ['escalating'], text: HOSTILE, levels: ['error'] }),
    defineRule({ id: 'iss', name: 'Issues', kind: 'issue', severity: 'WARNING', statuses: ['new'] }),
    defineRule({ id: 'off', name: 'Off', kind: 'error-rate', severity: 'ERROR', threshold: 1, enabled: false }),
  ];
}

describe('Loki ruler export', () => {
  it('exports LogQL-expressible rules and explains the others', () => {
    const out = exportLokiRules(defaultRules());
    expect(out.rules.map((r) => r.ruleId)).toEqual(['error-rate', 'api-silent']);
    expect(out.rules[0]?.expr).toBe('sum by (service_name) (count_over_time({service_name=~".+"} | (level=~"(?i)(?:error|err|eror|critical|crit|fatal|panic|emerg|emergency|alert|crt)" or detected_level=~"(?i)(?:error|err|eror|critical|crit|fatal|panic|emerg|emergency|alert|crt)") [5m])) > 20');
    expect(out.rules[1]?.expr).toBe('absent_over_time({service_name="spine-dev-api"} [15m])');
    expect(out.skipped.map((s) => s.ruleId)).toEqual(['service-down', 'new-or-escalating-issue', 'feed-health', 'queue-backlog', 'queue-no-worker']);
  });

  it('the YAML parses back (js-yaml) to the rule group, and every expr is a metric query Grafana\'s LogQL grammar accepts', () => {
    for (const rules of [defaultRules(), hostileRules()]) {
      const out = exportLokiRules(rules, { serviceLabel: 'container' });
      const doc = yaml.load(out.yaml) as { groups: Group[] };
      expect(doc.groups).toHaveLength(1);
      const g = doc.groups[0] as Group;
      expect(g.name).toBe('spine-console');
      expect(g.rules.map((r) => [r.alert, r.expr, r.for])).toEqual(out.rules.map((r) => [r.alert, r.expr, r.for]));
      expect(g.rules.length).toBeGreaterThan(0);
      for (const r of g.rules) {
        expect(() => assertValidAlertExpr(r.expr), r.expr).not.toThrow();
        expect(() => parseAlertExpr(r.expr), r.expr).not.toThrow();
        expect(r.alert).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(['critical', 'error', 'warning']).toContain(r.labels.severity);
      }
    }
  });

  it('escapes hostile names and texts: quotes, backslashes, newlines, backticks, braces', () => {
    const out = exportLokiRules(hostileRules());
    const g = (yaml.load(out.yaml) as { groups: Group[] }).groups[0] as Group;
    expect(g.rules.map((r) => r.labels.rule_id)).toEqual(['er', 'dm', 'dm', 'tok']);
    expect(g.rules[0]?.annotations.summary).toBe(HOSTILE.trim()); // names are trimmed on validation
    expect(g.rules[0]?.annotations.description).toBe(HOSTILE);
    expect(g.rules[0]?.alert).toBe('BadQuoteBackTickABXNewLineNotAComment');
    // The issue text is one line filter whose string decodes back to the exact text.
    const tok = parseAlertExpr(g.rules[3]?.expr ?? '');
    const inner = 'agg' in tok.metric ? tok.metric.inner : tok.metric;
    expect('fn' in inner && inner.log.stages[0]).toEqual({ line: '|=', value: HOSTILE });
    const m = /\|= ("(?:[^"\\]|\\.)*")/.exec(g.rules[3]?.expr ?? '');
    expect(unquoteLogql(m?.[1] ?? '')).toBe(HOSTILE);
    // Service names are literal: a regex alternative of escaped values.
    const er = parseAlertExpr(g.rules[0]?.expr ?? '');
    const log = 'agg' in er.metric && 'fn' in er.metric.inner ? er.metric.inner.log : null;
    expect(log?.matchers[0]).toEqual({ name: 'service_name', op: '=~', value: '(?:spine-dev-api|we"ird\\}|a\\|b\\.c)' });
    expect(g.rules[2]?.expr).toBe('absent_over_time({service_name="x\\"y"} [15m])');
  });

  it('the YAML emitter quotes every string', () => {
    expect(yamlString('a"b\\c\nd\u2028')).toBe('"a\\"b\\\\c\\nd\\u2028"');
    const doc = { a: [{ b: 'x: y # z', c: [] }, 'true'], d: {} };
    expect(yaml.load(toYaml(doc))).toEqual(doc);
  });
});

const SYNTAX_ERRORS = [
  'sum(count_over_time({a="b"}[5m])',
  'count_over_time({a="b"} [5x])',
  'count_over_time({a="b} [5m])',
  'count_over_time({a="b"} |= "x [5m])',
  'count_over_time({a="b"} [5m]) > "x"',
  'sum by (a (count_over_time({a="b"} [5m]))',
  'count_over_time({a="b"} [5m]) > 1 extra',
];

describe("Grafana's LogQL grammar (@grafana/lezer-logql) in the tests", () => {
  it.each(SYNTAX_ERRORS)('rejects %s', (q) => {
    expect(checkLogql(q).errorsAt.length).toBeGreaterThan(0);
    expect(() => assertValidAlertExpr(q)).toThrow(/syntax error at \d+/);
  });

  it('rejects a log query as an alert expression', () => {
    expect(checkLogql('{a="b"} |= "x"')).toEqual({ errorsAt: [], isMetric: false });
    expect(() => assertValidAlertExpr('{a="b"}')).toThrow(/not a metric query/);
  });

  it('accepts comparisons, absent_over_time, label filters and raw strings', () => {
    for (const q of ['sum by (service_name) (count_over_time({service_name=~".+"} |= `x"y` | level="error" [5m])) > 10', 'absent_over_time({job="a"} [15m])']) {
      expect(() => assertValidAlertExpr(q), q).not.toThrow();
    }
  });
});

describe('the test LogQL parser rejects malformed input', () => {
  it.each([
    ...SYNTAX_ERRORS,
    // Valid to the grammar but rejected by Loki when it runs them (what our stricter parser adds):
    'count_over_time({a=~".*"} [5m]) > 1', // a selector that matches the empty label set
    'count_over_time({a="b"} |~ "(" [5m])', // an invalid RE2 regex
    '{a="b"}', // a log query, not a metric
    'absent_over_time({a="b\\q"} [5m])', // an invalid escape in a Go string
  ])('%s', (q) => {
    expect(() => parseAlertExpr(q)).toThrow(LogqlSyntaxError);
  });

  it('accepts comparisons, absent_over_time, label filters and raw strings', () => {
    expect(parseAlertExpr('sum by (service_name) (count_over_time({service_name=~".+"} |= `x"y` | level="error" [5m])) > 10').compare).toEqual({ op: '>', bool: false, value: 10 });
    expect(parseAlertExpr('absent_over_time({job="a"} [15m])').compare).toBeNull();
  });
});
