/**
 * Zod schemas of the alerting config ("config as code"): rules and maintenance windows.
 * Objects are strict, so a typo in an imported file is an error that names the field.
 * Times in rules are Prometheus durations ("5m"); one-off windows use ISO-8601 instants.
 */
import { z } from '@/lib/zod';
import { parseCron } from '@/lib/cron';
import { DURATION_RE } from './duration';

export const SEVERITIES = ['CRITICAL', 'ERROR', 'WARNING'] as const;
export const severitySchema = z.enum(SEVERITIES);

const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'unknown'] as const;
const levelSchema = z.enum(LOG_LEVELS);
const duration = z.string().regex(DURATION_RE, 'must be a duration such as 30s, 5m, 1h30m or 7d');
const name = z.string().trim().min(1, 'must not be empty');
const names = z.array(name);

const base = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
  name: name.max(200),
  description: z.string().max(2000).optional(),
  enabled: z.boolean().default(true),
  severity: severitySchema,
  /** Only these services (ids as the sources name them); absent = every service. */
  services: names.optional(),
  /** Only these log levels (issue and error-rate rules). */
  levels: z.array(levelSchema).optional(),
  /** Pending duration: the condition must hold this long before an incident opens. */
  for: duration.default('0s'),
  /** Keep an incident firing this long after its condition stops holding (merges on/off noise). */
  keepFiringFor: duration.default('0s'),
};

export const issueRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('issue'),
  statuses: z.array(z.enum(['new', 'regressed', 'escalating'])).min(1, 'pick at least one status'),
  /** An issue counts as "new" for this long after it was first seen. */
  newWithin: duration.default('1h'),
  /** Only issues whose title contains this literal (also what the Loki export searches for). */
  text: z.string().min(1).max(500).optional(),
});

export const errorRateRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('error-rate'),
  /** Fires when more than `threshold` lines at the rule's levels (default error+critical) fall in `window`. */
  threshold: z.number().int().min(0),
  window: duration.default('5m'),
});

export const serviceDownRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('service-down'),
  failAfter: z.number().int().min(1).max(100).default(3),
  recoverAfter: z.number().int().min(1).max(100).default(2),
  /** Degraded checks count as failed. */
  degradedIsDown: z.boolean().default(false),
  flapping: z
    .strictObject({ changes: z.number().int().min(1).default(4), window: duration.default('10m') })
    .default({ changes: 4, window: '10m' }),
});

const feedState = z.enum(['late', 'missed', 'failing']);
export const feedRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('feed'),
  states: z.array(feedState).min(1, 'pick at least one state'),
  /** Feed names or ids; absent = every feed. */
  feeds: names.optional(),
  /** Severity per state, e.g. late WARNING but failing ERROR (a worse state escalates the incident). */
  severities: z.partialRecord(feedState, severitySchema).optional(),
});

export const queueRuleSchema = z
  .strictObject({
    ...base,
    kind: z.literal('queue'),
    queues: names.optional(),
    depthAbove: z.number().int().min(0).optional(),
    oldestAgeAbove: duration.optional(),
    /** Messages waiting and no online worker consuming the queue. */
    noWorker: z.boolean().optional(),
  })
  .refine((r) => r.depthAbove !== undefined || r.oldestAgeAbove !== undefined || r.noWorker === true, {
    message: 'set depthAbove, oldestAgeAbove or noWorker',
    path: ['depthAbove'],
  });

export const deadManRuleSchema = z.strictObject({
  ...base,
  kind: z.literal('dead-man'),
  services: z.array(name).min(1, 'name the services to watch'),
  silence: duration,
});

export const ruleSchema = z.discriminatedUnion('kind', [
  issueRuleSchema,
  errorRateRuleSchema,
  serviceDownRuleSchema,
  feedRuleSchema,
  queueRuleSchema,
  deadManRuleSchema,
]);

const weekday = z.number().int().min(0).max(6);
const maintenanceBase = {
  id: base.id,
  name: name.max(200),
  /** Only rules about these services are muted; absent = every rule. */
  services: names.optional(),
};
const cronText = z.string().refine((s) => {
  try {
    parseCron(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a 5-field cron expression (minute hour day month weekday, UTC)');

export const maintenanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...maintenanceBase, kind: z.literal('once'), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
    .refine((w) => Date.parse(w.to) > Date.parse(w.from), { message: 'must be after from', path: ['to'] }),
  z.strictObject({
    ...maintenanceBase,
    kind: z.literal('weekly'),
    days: z.array(weekday).min(1, 'pick at least one day (0 = Sunday)'),
    /** Start time of day, UTC. */
    start: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)'),
    duration,
  }),
  z.strictObject({ ...maintenanceBase, kind: z.literal('cron'), cron: cronText, duration }),
]);

export const alertingConfigSchema = z.strictObject({
  version: z.literal(1),
  rules: z.array(ruleSchema),
  maintenance: z.array(maintenanceSchema).default([]),
});

export type Severity = z.infer<typeof severitySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
export type RuleKind = Rule['kind'];
export type IssueRule = z.infer<typeof issueRuleSchema>;
export type ErrorRateRule = z.infer<typeof errorRateRuleSchema>;
export type ServiceDownRule = z.infer<typeof serviceDownRuleSchema>;
export type FeedRule = z.infer<typeof feedRuleSchema>;
export type QueueRule = z.infer<typeof queueRuleSchema>;
export type DeadManRule = z.infer<typeof deadManRuleSchema>;
export type MaintenanceWindow = z.infer<typeof maintenanceSchema>;
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;
