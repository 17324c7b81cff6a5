/**
 * The console service's JSON API (/api/…): one zod schema per shape, parsed by the UI's client
 * and produced by the service, so the two cannot drift. Times are epoch milliseconds.
 */
import { z } from '@/lib/zod';
import { alertingConfigSchema, maintenanceSchema, ruleSchema, severitySchema } from '@/alerting/rule-schemas';
import { storedIssueStateSchema } from '@/errors/lifecycle/schemas';

const epochMs = z.number().int();

export const incidentSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(['issue', 'error-rate', 'service-down', 'feed', 'queue', 'dead-man']),
  subject: z.string(),
  subjectLabel: z.string(),
  services: z.array(z.string()),
  severity: severitySchema,
  status: z.enum(['firing', 'resolved']),
  condition: z.string(),
  summary: z.string(),
  pendingSince: epochMs,
  startedAt: epochMs,
  lastSeenAt: epochMs,
  resolvedAt: epochMs.optional(),
  resolvedBy: z.enum(['condition', 'user', 'rule-removed', 'scenario-changed']).optional(),
  count: z.number().int(),
  acknowledgedAt: epochMs.optional(),
  acknowledgedBy: z.string().optional(),
  snoozedUntil: epochMs.optional(),
  muted: z.boolean(),
  notified: z.boolean(),
});
export type IncidentDto = z.infer<typeof incidentSchema>;

export const incidentEventSchema = z.object({
  id: z.number().int(),
  incidentId: z.string(),
  type: z.string(),
  at: epochMs,
  actor: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

/** GET /api/incidents: firing incidents and those resolved in the last 7 days, newest first. */
export const incidentsResponseSchema = z.object({ incidents: z.array(incidentSchema), now: epochMs });
/** GET /api/incidents/:id */
export const incidentDetailSchema = z.object({ incident: incidentSchema, events: z.array(incidentEventSchema) });

/** POST /api/incidents/:id/actions */
export const incidentActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('acknowledge') }),
  z.strictObject({ type: z.literal('snooze'), until: epochMs }),
  z.strictObject({ type: z.literal('unsnooze') }),
  z.strictObject({ type: z.literal('resolve') }),
]);
export type IncidentActionDto = z.infer<typeof incidentActionSchema>;

/** GET /api/alerting/config; PUT /api/alerting/config takes `alertingConfigSchema` (the export file). */
export const alertingConfigResponseSchema = z.object({
  rules: z.array(ruleSchema),
  maintenance: z.array(maintenanceSchema),
  /** Stored rows that no longer parse (ignored), with what to do. */
  problems: z.array(z.string()),
});
export { alertingConfigSchema };

/** GET /api/issue-states?source=<id>; PUT /api/issue-states/<source>/<issue> takes `{ state }` (null clears). */
export const issueStatesResponseSchema = z.object({ states: z.record(z.string(), storedIssueStateSchema) });
export const issueStatePutSchema = z.strictObject({ state: storedIssueStateSchema.nullable() });

const partStatusSchema = z.object({ part: z.string(), sourceId: z.string(), ok: z.boolean(), message: z.string().nullable(), at: epochMs });

/** GET /api/status: what the service does now. Never carries credentials. */
export const serviceStatusSchema = z.object({
  mode: z.enum(['live', 'demo']),
  store: z.object({ driver: z.enum(['pglite', 'postgres']), where: z.string(), ok: z.boolean(), problem: z.string().nullable() }),
  watcher: z.object({
    role: z.enum(['leader', 'standby', 'stopped']),
    intervalMs: z.number().int(),
    lastCycleAt: epochMs.nullable(),
    lastDurationMs: z.number().nullable(),
    storeProblem: z.string().nullable(),
    parts: z.array(partStatusSchema),
    problems: z.array(z.string()),
  }),
  /** Writes need `Authorization: Bearer <CONSOLE_AUTH_TOKEN>`. */
  writesNeedToken: z.boolean(),
  /** The demo scenario's anchor, so the page's mocks tell the same story as the service's. */
  demoAnchorMs: epochMs.optional(),
  /** The demo scenario the watcher reads now (PUT /api/demo/scenario switches it for everyone). */
  demoScenario: z.string().optional(),
  /** The issue index's ingest, per log source (absent: no log source, or an older service). */
  ingest: z.array(z.object({
    sourceId: z.string(), linesIngested: z.number(), pulledAt: epochMs.nullable(), caughtUp: z.boolean(), lastError: z.string().nullable(),
    /** The walk back through the source's history: [from, to) to read, [doneTo, to) read. null: BACKFILL=0; absent: live ingest has not started. */
    backfill: z.object({ from: epochMs, to: epochMs, doneTo: epochMs.nullable(), done: z.boolean() }).nullable().optional(),
  })).optional(),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** PUT /api/demo/scenario (demo mode only): the simulated story the service and every page tell. */
export const demoScenarioPutSchema = z.strictObject({ scenario: z.string().min(1).max(100) });
export const demoScenarioResponseSchema = z.object({ scenario: z.string() });

/** Every error the API answers with: what went wrong and what to do. */
export const apiErrorSchema = z.object({ error: z.string(), message: z.string() });

/** Pushed on GET /api/events (Server-Sent Events): which collection changed. */
export const changeEventSchema = z.object({ topic: z.enum(['incidents', 'config', 'issue-states', 'status', 'issues']), at: epochMs });
export type ChangeEvent = z.infer<typeof changeEventSchema>;

/** A saved search or view: the view's URL parameters under a name. */
export const savedViewSchema = z.object({
  id: z.string(),
  view: z.enum(['logs', 'issues', 'alerts', 'dashboard']),
  name: z.string().trim().min(1).max(200),
  /** The view's URL search parameters (`?q=…&range=…`), without the leading `?`. */
  query: z.string().max(8000),
  createdAt: epochMs,
  createdBy: z.string().nullable(),
});
export const savedViewInputSchema = savedViewSchema.pick({ view: true, name: true, query: true }).strict();
export const savedViewsResponseSchema = z.object({ views: z.array(savedViewSchema) });

/** POST /api/backtest: a rule (as the editor has it), replayed over what the service has observed. */
export const backtestRequestSchema = z.strictObject({ rule: ruleSchema });
export const backtestFiringSchema = z.object({
  incidentId: z.string(),
  start: epochMs,
  /** null: still firing at the end of the history. */
  end: epochMs.nullable(),
  subject: z.string(),
  severity: severitySchema,
  condition: z.string(),
});
/**
 * The rule's incidents and notifications over the stored observations (the last 24 h, at most as
 * many evaluations as a browser keeps), with the stored maintenance windows; from/to are null
 * while the service has observed nothing.
 */
export const backtestResponseSchema = z.object({
  from: epochMs.nullable(),
  to: epochMs.nullable(),
  evaluations: z.number().int(),
  firings: z.array(backtestFiringSchema),
  /** Firing incidents after each evaluation. */
  timeline: z.array(z.object({ at: epochMs, firing: z.number().int() })),
  notifications: z.number().int(),
});
export type BacktestResponse = z.infer<typeof backtestResponseSchema>;

/** Line times as the sources give them: ns since the epoch, a decimal string. */
const nsTime = z.string().regex(/^\d+$/);
const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warning', 'error', 'critical', 'unknown']);
const countEntrySchema = z.object({ name: z.string(), count: z.number() });
const indexedLogEventSchema = z.object({
  id: z.string(),
  timeNs: nsTime,
  entryIds: z.array(z.string()),
  text: z.string(),
  service: z.string().nullable(),
  level: logLevelSchema,
  streamId: z.string(),
  labels: z.record(z.string(), z.string()),
});
/** One issue of the issue index: the page's IssueGroup (src/errors/pipeline) plus what only the index knows. */
export const indexedIssueSchema = z.object({
  id: z.string(),
  title: z.string(),
  template: z.string(),
  exceptionType: z.string().optional(),
  fingerprintKind: z.enum(['stack', 'exception', 'message']),
  level: logLevelSchema,
  services: z.array(countEntrySchema),
  loggers: z.array(countEntrySchema),
  /** Occurrences in the range (its whole hours); `totalCount` ever. */
  count: z.number(),
  totalCount: z.number(),
  /** First seen ever (as `firstSeenEverNs`), last seen ever. */
  firstSeenNs: nsTime,
  lastSeenNs: nsTime,
  firstSeenEverNs: nsTime,
  /** Since when the index has known the source (null: it has not). */
  knownSinceNs: nsTime.nullable(),
  sparkline: z.array(z.number()),
  sparklineFromMs: z.number(),
  bucketMs: z.number(),
  /** The first line ever, the newest, a reservoir: newest first. */
  samples: z.array(indexedLogEventSchema),
  slotValues: z.array(z.object({ index: z.number().int(), values: z.array(z.object({ value: z.string(), count: z.number() })) })),
  frames: z.array(z.object({ file: z.string(), line: z.number(), fn: z.string(), code: z.string().optional(), inApp: z.boolean() })),
  aliases: z.array(z.string()),
  stacks: z.array(z.object({ id: z.string(), frames: z.array(z.string()), count: z.number() })),
  framelessCount: z.number(),
  levels: z.array(countEntrySchema),
  /** Issues merged into this one when the miner generalized their templates, newest first. */
  merged: z.array(z.object({ fromId: z.string(), title: z.string(), count: z.number(), at: epochMs })),
  /** Its count over up to a week of whole hours before the range: escalation's baseline. */
  baseline: z.object({ count: z.number(), spanMs: z.number() }).optional(),
});
export type IndexedIssueDto = z.infer<typeof indexedIssueSchema>;
/** A source's issues seen in [from, to), most frequent first; counts in whole hours (`hourMs`). */
export const indexedIssuesResponseSchema = z.object({
  sourceId: z.string(),
  from: epochMs,
  to: epochMs,
  hourMs: z.number().int(),
  knownSinceNs: nsTime.nullable(),
  issues: z.array(indexedIssueSchema),
});
export type IndexedIssuesResponse = z.infer<typeof indexedIssuesResponseSchema>;
