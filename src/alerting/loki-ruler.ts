/**
 * Rules that LogQL can express, exported as a Loki ruler rule group (Prometheus rule format):
 *   error-rate → sum by (<service label>) (count_over_time({…} | <level filter> [window])) > N
 *   dead-man   → absent_over_time({<service label>="svc"} [silence])   (one alert per service)
 *   issue      → occurrences of the rule's literal `text` (only when it has one; lifecycle states
 *                such as new/escalating cannot be computed by the ruler, so this is an approximation)
 * User text only ever lands in escaped double-quoted LogQL strings (the builders in lib/logql.ts).
 */
import type { LogLevel } from '@/lib/model';
import { anyOfRegex, labelMatcher, levelFilter, lineFilter } from '@/lib/logql';
import { formatDuration, parseDuration } from './duration';
import type { Rule } from './rule-schemas';
import { toYaml } from './yaml';
import type { YamlValue } from './yaml';

export interface LokiExportOptions {
  groupName?: string;
  /** Label that names the service. Default `service_name`. */
  serviceLabel?: string;
  /** Labels that may carry the level (the console's Loki config `levelLabel`). Default level, detected_level. */
  levelLabels?: string[];
  /** Group evaluation interval. Default 1m. */
  interval?: string;
}

export interface LokiExportedRule {
  ruleId: string;
  alert: string;
  expr: string;
  for: string;
}

export interface LokiExport {
  yaml: string;
  rules: LokiExportedRule[];
  skipped: { ruleId: string; reason: string }[];
}

const ERROR_LEVELS: LogLevel[] = ['error', 'critical'];

/** An alert name Prometheus accepts everywhere: letters, digits and `_`, CamelCased from the rule name. */
export function alertName(name: string, fallback: string): string {
  const words = name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const camel = words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
  const safe = /^[A-Za-z_]/.test(camel) ? camel : `Rule_${camel}`;
  return safe === 'Rule_' ? `Rule_${fallback.replace(/[^A-Za-z0-9_]/g, '_')}` : safe.slice(0, 120);
}

function selector(label: string, services: readonly string[] | undefined): string {
  if (!services || services.length === 0) return `{${labelMatcher(label, '=~', '.+')}}`;
  if (services.length === 1) return `{${labelMatcher(label, '=', services[0] as string)}}`;
  return `{${labelMatcher(label, '=~', anyOfRegex(services))}}`;
}

function window(ms: number): string {
  return formatDuration(Math.max(60_000, ms));
}

function expressions(rule: Rule, o: Required<LokiExportOptions>): { suffix: string; expr: string }[] | string {
  const by = `sum by (${o.serviceLabel})`;
  switch (rule.kind) {
    case 'error-rate': {
      const levels = rule.levels && rule.levels.length > 0 ? rule.levels : ERROR_LEVELS;
      const log = `${selector(o.serviceLabel, rule.services)} ${levelFilter(o.levelLabels, levels)}`;
      return [{ suffix: '', expr: `${by} (count_over_time(${log} [${window(parseDuration(rule.window))}])) > ${rule.threshold}` }];
    }
    case 'dead-man':
      return rule.services.map((s) => ({ suffix: rule.services.length > 1 ? s : '', expr: `absent_over_time(${selector(o.serviceLabel, [s])} [${window(parseDuration(rule.silence))}])` }));
    case 'issue': {
      if (!rule.text) return 'issue rules need a literal `text` to be searched for in LogQL';
      const levels = rule.levels && rule.levels.length > 0 ? ` ${levelFilter(o.levelLabels, rule.levels)}` : '';
      const log = `${selector(o.serviceLabel, rule.services)} ${lineFilter(rule.text)}${levels}`;
      return [{ suffix: '', expr: `${by} (count_over_time(${log} [${window(parseDuration(rule.newWithin))}])) > 0` }];
    }
    case 'service-down':
      return 'health checks are not in the logs: use Uptime Kuma or a blackbox exporter';
    case 'feed':
      return 'feed state comes from capture-spine, not from the logs';
    case 'queue':
      return 'queue depth comes from Celery (Flower or a celery exporter), not from the logs';
  }
}

export function exportLokiRules(rules: readonly Rule[], options: LokiExportOptions = {}): LokiExport {
  const o: Required<LokiExportOptions> = {
    groupName: options.groupName ?? 'spine-console',
    serviceLabel: options.serviceLabel ?? 'service_name',
    levelLabels: options.levelLabels ?? ['level', 'detected_level'],
    interval: options.interval ?? '1m',
  };
  const exported: LokiExportedRule[] = [];
  const skipped: LokiExport['skipped'] = [];
  const yamlRules: YamlValue[] = [];
  for (const rule of rules) {
    if (!rule.enabled) {
      skipped.push({ ruleId: rule.id, reason: 'disabled' });
      continue;
    }
    const exprs = expressions(rule, o);
    if (typeof exprs === 'string') {
      skipped.push({ ruleId: rule.id, reason: exprs });
      continue;
    }
    for (const { suffix, expr } of exprs) {
      const alert = alertName(suffix ? `${rule.name} ${suffix}` : rule.name, rule.id);
      const forText = formatDuration(parseDuration(rule.for));
      exported.push({ ruleId: rule.id, alert, expr, for: forText });
      const summary = suffix ? `${rule.name} (${suffix})` : rule.name;
      yamlRules.push({
        alert,
        expr,
        for: forText,
        labels: { severity: rule.severity.toLowerCase(), rule_id: rule.id, source: 'spine-console' },
        annotations: {
          summary,
          description: rule.description ?? `Exported from the Spine console rule "${rule.name}" (${rule.kind}).`,
        },
      });
    }
  }
  const doc: YamlValue = { groups: [{ name: o.groupName, interval: o.interval, rules: yamlRules }] };
  return { yaml: toYaml(doc), rules: exported, skipped };
}
