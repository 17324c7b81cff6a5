/**
 * Rules, maintenance windows, incidents and their history. Every change to the alert state, the
 * watcher's cycle and a user's action alike, runs in one transaction under the state row's lock,
 * and writes the incidents it touched, their events and the notifications they cause together
 * (the outbox): a crash between them cannot lose or duplicate anything.
 */
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { defaultRules, maintenanceSchema, ruleSchema } from '@/alerting';
import type { AlertEvent, AlertState, Incident, MaintenanceWindow, Observation, Rule } from '@/alerting';
import type { Db } from './connect';
import { writeObservation } from './observations';
import { evaluatorState, incidentEvents, incidents, maintenanceWindows, observations as observationsTable, outbox, rules as rulesTable } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type IncidentRow = typeof incidents.$inferSelect;

/** What the evaluator keeps between cycles besides the firing incidents. */
type Trackers = Omit<AlertState, 'version' | 'incidents'>;

export interface IncidentEventRecord {
  id: number;
  incidentId: string;
  type: string;
  at: number;
  actor: string | null;
  detail: Record<string, unknown>;
}

/** A state change to record with the cycle or action that caused it. */
export interface ChangeEvent {
  incidentId: string;
  type: string;
  at: number;
  actor?: string | null;
  detail?: Record<string, unknown>;
  /** Put a notification in the outbox (AlertEvent.notify). */
  notify?: boolean;
}

export interface AlertSnapshotRow {
  state: AlertState;
  rules: Rule[];
  maintenance: MaintenanceWindow[];
  lastCycleAt: number | null;
  revision: number;
}

export interface Mutation<T> {
  state: AlertState;
  events: ChangeEvent[];
  result: T;
  /** Set by the watcher: the cycle's time, kept as `lastCycleAt`. */
  cycleAt?: number;
  /** Set by the watcher: the observation the cycle evaluated, kept for backtests (observations.ts). */
  observation?: Observation;
  /** The sources tell another story (a demo scenario switch): the stored observations go first. */
  forgetObservations?: boolean;
}

const ms = (d: Date | null | undefined) => (d ? d.getTime() : undefined);
const date = (n: number | undefined) => (n === undefined ? null : new Date(n));

export function toIncident(r: IncidentRow): Incident {
  const inc: Incident = {
    id: r.id, ruleId: r.ruleId, ruleName: r.ruleName, kind: r.kind as Incident['kind'], subject: r.subject, subjectLabel: r.subjectLabel,
    services: r.services, severity: r.severity as Incident['severity'], status: r.status as Incident['status'], condition: r.condition,
    pendingSince: r.pendingSince.getTime(), startedAt: r.startedAt.getTime(), lastSeenAt: r.lastSeenAt.getTime(), count: r.count,
    summary: r.summary, muted: r.muted, notified: r.notified,
  };
  if (r.resolvedAt) inc.resolvedAt = r.resolvedAt.getTime();
  if (r.resolvedBy) inc.resolvedBy = r.resolvedBy as Incident['resolvedBy'];
  if (r.acknowledgedAt) inc.acknowledgedAt = r.acknowledgedAt.getTime();
  if (r.acknowledgedBy) inc.acknowledgedBy = r.acknowledgedBy;
  if (r.snoozedUntil) inc.snoozedUntil = r.snoozedUntil.getTime();
  return inc;
}

function toRow(i: Incident): IncidentRow {
  return {
    id: i.id, ruleId: i.ruleId, ruleName: i.ruleName, kind: i.kind, subject: i.subject, subjectLabel: i.subjectLabel, services: i.services,
    severity: i.severity, status: i.status, condition: i.condition, summary: i.summary, pendingSince: new Date(i.pendingSince),
    startedAt: new Date(i.startedAt), lastSeenAt: new Date(i.lastSeenAt), resolvedAt: date(i.resolvedAt), resolvedBy: i.resolvedBy ?? null,
    count: i.count, acknowledgedAt: date(i.acknowledgedAt), acknowledgedBy: i.acknowledgedBy ?? null, snoozedUntil: date(i.snoozedUntil),
    muted: i.muted, notified: i.notified,
  };
}

/** Rows that fail today's schema (edited by hand, or from a newer build) are skipped, not fatal. */
function parsedBodies<T>(rows: { id: string; body: unknown }[], schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, problems: string[], what: string): T[] {
  const out: T[] = [];
  for (const r of rows) {
    const p = schema.safeParse(r.body);
    if (p.success) out.push(p.data);
    else problems.push(`The stored ${what} "${r.id}" does not match this console's schema and is ignored; fix or delete it.`);
  }
  return out;
}

export function eventFromAlert(e: AlertEvent): ChangeEvent {
  return { incidentId: e.incidentId, type: e.type, at: e.at, detail: { severity: e.severity, condition: e.condition, summary: e.summary }, notify: e.notify };
}

export function createAlertingStore(db: Db) {
  const problems: string[] = [];
  /** Rows written by committed mutations (the service bench reports it per cycle). */
  let rowsWritten = 0;

  async function readConfig(tx: Tx | Db): Promise<{ rules: Rule[]; maintenance: MaintenanceWindow[] }> {
    const ruleRows = await tx.select({ id: rulesTable.id, body: rulesTable.body }).from(rulesTable).orderBy(asc(rulesTable.position));
    const windowRows = await tx.select({ id: maintenanceWindows.id, body: maintenanceWindows.body }).from(maintenanceWindows).orderBy(asc(maintenanceWindows.position));
    problems.length = 0;
    return { rules: parsedBodies<Rule>(ruleRows, ruleSchema, problems, 'rule'), maintenance: parsedBodies<MaintenanceWindow>(windowRows, maintenanceSchema, problems, 'maintenance window') };
  }

  /** The first start writes the default rules once; deleting them all later is respected. */
  async function seed(): Promise<void> {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(evaluatorState).where(eq(evaluatorState.id, 1)).for('update');
      if (!row || row.rulesSeeded) return;
      const defaults = defaultRules();
      if (defaults.length) await tx.insert(rulesTable).values(defaults.map((r, i) => ({ id: r.id, position: i, body: r, updatedBy: 'defaults' }))).onConflictDoNothing();
      await tx.update(evaluatorState).set({ rulesSeeded: true }).where(eq(evaluatorState.id, 1));
    });
  }

  async function replaceAll(table: typeof rulesTable | typeof maintenanceWindows, items: { id: string }[], actor: string | null) {
    await db.transaction(async (tx) => {
      await tx.select({ id: evaluatorState.id }).from(evaluatorState).where(eq(evaluatorState.id, 1)).for('update');
      const ids = items.map((i) => i.id);
      if (ids.length) await tx.delete(table).where(sql`${table.id} NOT IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
      else await tx.delete(table);
      for (const [position, item] of items.entries()) {
        await tx.insert(table).values({ id: item.id, position, body: item, updatedBy: actor, updatedAt: new Date() })
          .onConflictDoUpdate({ target: table.id, set: { position, body: item, updatedBy: actor, updatedAt: new Date() } });
      }
      await tx.update(evaluatorState).set({ revision: sql`${evaluatorState.revision} + 1`, updatedAt: new Date() }).where(eq(evaluatorState.id, 1));
    });
  }

  return {
    seed,
    /** Problems found reading the stored config the last time (rows ignored). */
    problems: () => [...problems],
    config: () => readConfig(db),
    async lastCycleAt(): Promise<number | null> {
      const [row] = await db.select({ at: evaluatorState.lastCycleAt }).from(evaluatorState).where(eq(evaluatorState.id, 1));
      return ms(row?.at) ?? null;
    },
    saveRules: (rules: Rule[], actor: string | null) => replaceAll(rulesTable, rules, actor),
    saveMaintenance: (windows: MaintenanceWindow[], actor: string | null) => replaceAll(maintenanceWindows, windows, actor),

    /** Reads the state, lets `fn` change it, writes the changes; serialised across processes by the row lock. */
    rowsWritten: () => rowsWritten,
    async mutate<T>(fn: (current: AlertSnapshotRow) => Mutation<T>): Promise<T> {
      let writes = 0;
      const result = await db.transaction(async (tx) => {
        const [row] = await tx.select().from(evaluatorState).where(eq(evaluatorState.id, 1)).for('update');
        if (!row) throw new Error('The store has no evaluator_state row: the migrations did not run.');
        const firing = await tx.select().from(incidents).where(eq(incidents.status, 'firing'));
        const trackers = row.trackers as Partial<Trackers>;
        const before = firing.map(toIncident);
        const state: AlertState = {
          version: 1,
          incidents: before,
          trackers: trackers.trackers ?? {},
          checks: trackers.checks ?? {},
          logs: trackers.logs ?? { since: null, buckets: {}, lastSeen: {} },
        };
        const config = await readConfig(tx);
        const out = fn({ state: structuredClone(state), ...config, lastCycleAt: ms(row.lastCycleAt) ?? null, revision: row.revision });
        const old = new Map(before.map((i) => [i.id, JSON.stringify(i)]));
        for (const inc of out.state.incidents) {
          if (old.get(inc.id) === JSON.stringify(inc)) continue;
          const values = toRow(inc);
          await tx.insert(incidents).values(values).onConflictDoUpdate({ target: incidents.id, set: values });
          writes += 1;
        }
        for (const e of out.events) {
          const [ev] = await tx.insert(incidentEvents).values({ incidentId: e.incidentId, type: e.type, at: new Date(e.at), actor: e.actor ?? null, detail: e.detail ?? {} }).returning({ id: incidentEvents.id });
          writes += 1;
          if (e.notify && ev) {
            writes += 1;
            await tx.insert(outbox).values({ incidentEventId: ev.id, channel: 'pending', dedupeKey: `${e.incidentId}|${e.type}|${e.at}`, payload: { ...e } }).onConflictDoNothing();
          }
        }
        if (out.forgetObservations) await tx.delete(observationsTable);
        if (out.observation) {
          await writeObservation(tx, out.observation);
          writes += 1;
        }
        const { version: _v, incidents: _i, ...rest } = out.state;
        await tx.update(evaluatorState).set({
          trackers: rest,
          revision: sql`${evaluatorState.revision} + 1`,
          updatedAt: new Date(),
          ...(out.cycleAt !== undefined ? { lastCycleAt: new Date(out.cycleAt) } : {}),
        }).where(eq(evaluatorState.id, 1));
        return out.result;
      });
      rowsWritten += writes + 1;
      return result;
    },

    /** Firing incidents and those resolved in the last `recentMs`, newest first. */
    async incidents(options: { now: number; recentMs?: number; limit?: number }): Promise<Incident[]> {
      const since = new Date(options.now - (options.recentMs ?? 7 * 86_400_000));
      const rows = await db.select().from(incidents)
        .where(or(eq(incidents.status, 'firing'), and(eq(incidents.status, 'resolved'), sql`${incidents.resolvedAt} >= ${since}`)))
        .orderBy(desc(incidents.startedAt)).limit(options.limit ?? 500);
      return rows.map(toIncident);
    },

    async incident(id: string): Promise<{ incident: Incident; events: IncidentEventRecord[] } | null> {
      const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
      if (!row) return null;
      const events = await db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, id)).orderBy(asc(incidentEvents.id));
      return { incident: toIncident(row), events: events.map((e) => ({ id: e.id, incidentId: e.incidentId, type: e.type, at: e.at.getTime(), actor: e.actor, detail: e.detail })) };
    },

    /** Events of several incidents (the inbox's history column). */
    async eventsOf(ids: string[]): Promise<IncidentEventRecord[]> {
      if (!ids.length) return [];
      const rows = await db.select().from(incidentEvents).where(inArray(incidentEvents.incidentId, ids)).orderBy(asc(incidentEvents.id));
      return rows.map((e) => ({ id: e.id, incidentId: e.incidentId, type: e.type, at: e.at.getTime(), actor: e.actor, detail: e.detail }));
    },

    /** Resolved incidents older than `before` go (with their events): the table stays bounded. */
    async prune(before: number): Promise<number> {
      const gone = await db.delete(incidents).where(and(eq(incidents.status, 'resolved'), lt(incidents.resolvedAt, new Date(before)))).returning({ id: incidents.id });
      return gone.length;
    },
  };
}

export type AlertingStore = ReturnType<typeof createAlertingStore>;
