/**
 * The store's tables as drizzle sees them, in the `spine_console` schema. migrations/*.sql is the
 * truth; schema.test.ts checks that these definitions match what the migrations create.
 */
import { bigint, bigserial, boolean, integer, jsonb, pgSchema, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

export const SCHEMA = 'spine_console';
const s = pgSchema(SCHEMA);
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const rules = s.table('rules', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  body: jsonb('body').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

export const maintenanceWindows = s.table('maintenance_windows', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  body: jsonb('body').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

export const evaluatorState = s.table('evaluator_state', {
  id: smallint('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  rulesSeeded: boolean('rules_seeded').notNull().default(false),
  trackers: jsonb('trackers').notNull(),
  lastCycleAt: at('last_cycle_at'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const incidents = s.table('incidents', {
  id: text('id').primaryKey(),
  ruleId: text('rule_id').notNull(),
  ruleName: text('rule_name').notNull(),
  kind: text('kind').notNull(),
  subject: text('subject').notNull(),
  subjectLabel: text('subject_label').notNull(),
  services: jsonb('services').$type<string[]>().notNull(),
  severity: text('severity').notNull(),
  status: text('status').notNull(),
  condition: text('condition').notNull(),
  summary: text('summary').notNull(),
  pendingSince: at('pending_since').notNull(),
  startedAt: at('started_at').notNull(),
  lastSeenAt: at('last_seen_at').notNull(),
  resolvedAt: at('resolved_at'),
  resolvedBy: text('resolved_by'),
  count: integer('count').notNull(),
  acknowledgedAt: at('acknowledged_at'),
  acknowledgedBy: text('acknowledged_by'),
  snoozedUntil: at('snoozed_until'),
  muted: boolean('muted').notNull(),
  notified: boolean('notified').notNull(),
});

export const incidentEvents = s.table('incident_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  incidentId: text('incident_id').notNull(),
  type: text('type').notNull(),
  at: at('at').notNull(),
  actor: text('actor'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
});

export const outbox = s.table('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  incidentEventId: bigint('incident_event_id', { mode: 'number' }),
  channel: text('channel').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  payload: jsonb('payload').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
  sentAt: at('sent_at'),
  lastError: text('last_error'),
});

export const notificationLog = s.table('notification_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channel: text('channel').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  sentAt: at('sent_at').notNull(),
  summary: text('summary').notNull(),
});

export const issueStates = s.table(
  'issue_states',
  {
    sourceId: text('source_id').notNull(),
    issueId: text('issue_id').notNull(),
    state: jsonb('state').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.issueId] })],
);

export const savedViews = s.table('saved_views', {
  id: text('id').primaryKey(),
  view: text('view').notNull(),
  name: text('name').notNull(),
  query: text('query').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  createdBy: text('created_by'),
});

/** One per watcher cycle: the observation it evaluated, without `at` (the key). */
export const observations = s.table('observations', {
  at: at('at').primaryKey(),
  body: jsonb('body').$type<Record<string, unknown>>().notNull(),
});

/** One per log source the issue index ingests: where its ingest stands (migration 003). */
export const ingestCursors = s.table('ingest_cursors', {
  sourceId: text('source_id').primaryKey(),
  timeNs: text('time_ns'),
  seenIds: jsonb('seen_ids').$type<string[]>().notNull().default([]),
  linesIngested: bigint('lines_ingested', { mode: 'number' }).notNull().default(0),
  pulledAt: at('pulled_at'),
  lastError: text('last_error'),
  lastErrorAt: at('last_error_at'),
  updatedAt: at('updated_at').notNull().defaultNow(),
  // Backfill (migration 005, server/ingest/backfill.ts).
  liveStartNs: text('live_start_ns'),
  backfillFromNs: text('backfill_from_ns'),
  backfillToNs: text('backfill_to_ns'),
  backfillSpanNs: text('backfill_span_ns'),
  backfillTimeNs: text('backfill_time_ns'),
  backfillSeenIds: jsonb('backfill_seen_ids').$type<string[]>().notNull().default([]),
  backfillLines: bigint('backfill_lines', { mode: 'number' }).notNull().default(0),
  backfillError: text('backfill_error'),
});

export const tables = { rules, maintenanceWindows, evaluatorState, incidents, incidentEvents, outbox, notificationLog, issueStates, savedViews, observations, ingestCursors };

// The issue index (migration 004, server/ingest/issue-index.ts). Not in `tables`: nothing uses
// drizzle's relational queries on them, and that line is the other table groups' to edit.
const ns = (name: string) => bigint(name, { mode: 'bigint' });

export const indexSources = s.table('index_sources', {
  sourceId: text('source_id').primaryKey(),
  knownSinceNs: ns('known_since_ns').notNull(),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const indexIssues = s.table(
  'index_issues',
  {
    sourceId: text('source_id').notNull(),
    issueId: text('issue_id').notNull(),
    title: text('title').notNull(),
    template: text('template').notNull(),
    exceptionType: text('exception_type'),
    fingerprintKind: text('fingerprint_kind').notNull(),
    level: text('level').notNull(),
    firstSeenNs: ns('first_seen_ns').notNull(),
    lastSeenNs: ns('last_seen_ns').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    framelessCount: bigint('frameless_count', { mode: 'number' }).notNull().default(0),
    slotValues: jsonb('slot_values').$type<{ index: number; values: { value: string; count: number }[] }[]>().notNull(),
    loggers: jsonb('loggers').$type<{ name: string; count: number }[]>().notNull(),
    stacks: jsonb('stacks').$type<{ id: string; frames: string[]; count: number }[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.issueId] })],
);

export const indexIssueHours = s.table(
  'index_issue_hours',
  {
    sourceId: text('source_id').notNull(),
    hour: at('hour').notNull(),
    issueId: text('issue_id').notNull(),
    service: text('service').notNull(),
    level: text('level').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.hour, t.issueId, t.service, t.level] })],
);

export const indexIssueSamples = s.table(
  'index_issue_samples',
  {
    sourceId: text('source_id').notNull(),
    issueId: text('issue_id').notNull(),
    role: text('role').$type<'first' | 'newest' | 'reservoir'>().notNull(),
    slot: smallint('slot').notNull(),
    lineId: text('line_id').notNull(),
    timeNs: ns('time_ns').notNull(),
    text: text('text').notNull(),
    event: jsonb('event').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.issueId, t.role, t.slot] })],
);

export const indexIssueMerges = s.table(
  'index_issue_merges',
  {
    sourceId: text('source_id').notNull(),
    fromId: text('from_id').notNull(),
    intoId: text('into_id').notNull(),
    fromTitle: text('from_title').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.fromId, t.intoId] })],
);
