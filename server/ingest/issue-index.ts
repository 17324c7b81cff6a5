/**
 * The issue index: every warning-and-above event of a log source goes once through the page's
 * pipeline (parse → subject → template miner → fingerprint, src/errors/pipeline) and is
 * remembered per issue: first seen ever, last seen, exact counts per hour × service × level, a
 * few samples and capped top values (migration 004). A batch is aggregated in memory first, then
 * written with one statement per table, in the caller's transaction (with its cursor).
 *
 * The miner lives in memory; the database is the truth. Per source it is seeded from the stored
 * issues (their templates and first samples) on first use, and again whenever another writer
 * (a rolled-back batch, another replica) bumped the source's revision, so a line maps to the same
 * issue after a restart. When the miner later generalizes a template so that a stored issue's
 * own first line now fingerprints to another id, that issue is merged into the other one and the
 * merge recorded: the same check also folds issues whose fingerprint rules changed in a release.
 */
import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { LogLevel } from '@/lib/model';
import { createTemplateMiner } from '@/errors/miner';
import type { MinedMessage, TemplateMiner } from '@/errors/miner';
import { fingerprint, httpTemplate, parseEvent, shortType, subjectOf } from '@/errors/pipeline';
import type { CountEntry, FingerprintKind, IssueGroup, LogEvent, ParseOptions, ParsedEvent, StackFrame, StackVariant } from '@/errors/pipeline';
import { increment, mergeTemplates, slotValuesOf, toCounts } from '@/errors/pipeline/issue-stats';
import { cmpNs, nsToMsFast } from '@/errors/pipeline/ns';
import { LEVEL_RANK } from '@/errors/pipeline/types';
import type { Db } from '../store/connect';
import { indexIssueHours, indexIssueMerges, indexIssueSamples, indexIssues, indexSources } from '../store/schema';
import {
  mergeSlotValues, mergeTopK, NEWEST_SIZE, remapSlotValues, RESERVOIR_SIZE, reservoirSlot, SLOT_VALUES_SHOWN, SLOT_VALUES_TRACKED,
  spreadHours,
} from './issue-index-stats';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Conn = Tx | Db;

/** The granularity of counts: a range is read in whole hours (the hours it overlaps). */
export const HOUR_MS = 3_600_000;
/** How far back an issue's escalation baseline reaches before the range: a week of hours. */
const BASELINE_MS = 7 * 24 * HOUR_MS;
const LOGGERS_TRACKED = 20;
const STACKS_TRACKED = 20;
const MAX_ALIASES = 64;
/** Distinct subjects per issue and batch whose slot values are extracted (as groupIssues). */
const MAX_DISTINCT_SUBJECTS = 5_000;
/** Rows per INSERT: well under Postgres's 65,535 parameters. */
const CHUNK = 2_000;
/** INDEX_RETENTION's default: hourly counts older than this go, and issues not seen within it. */
export const DEFAULT_INDEX_RETENTION_MS = 90 * 24 * HOUR_MS;

/** One issue of a range, shaped as the page's IssueGroup plus what only the index knows. */
export interface IndexedIssue extends IssueGroup {
  /** Occurrences ever (`count` is the range's). */
  totalCount: number;
  /** The oldest occurrence the index has seen (also in `firstSeenNs`). */
  firstSeenEverNs: string;
  /** Since when the index has known the source: first seen ever is "ever since then". */
  knownSinceNs: string | null;
  /** The range's occurrences per level, most first. */
  levels: CountEntry[];
  /** Issues merged into this one when their templates generalized, newest first. */
  merged: { fromId: string; title: string; count: number; at: number }[];
  /** Its count over up to a week of whole hours before the range: what escalation compares against. */
  baseline?: { count: number; spanMs: number };
}

export interface IndexedIssueList {
  sourceId: string;
  /** The range asked for, epoch ms; counts cover the whole hours it overlaps. */
  from: number;
  to: number;
  hourMs: number;
  knownSinceNs: string | null;
  issues: IndexedIssue[];
}

export interface ListOptions {
  from: number;
  to: number;
  /** Sparkline buckets across [from, to). Default 24. */
  buckets?: number;
  /** Most frequent issues of the range returned. Default 200. */
  limit?: number;
}

export interface RecordOptions {
  /** Where the lines handed in start (the cursor's start, a backfill's start): "known since" reaches back to it. */
  coveredFromNs?: string;
}

export interface RecordResult {
  /** Events handed in, and those at warning and above (or with an exception or a 5xx) that were indexed. */
  events: number;
  indexed: number;
  /** Issues written, and how many of them are new. */
  issues: number;
  newIssues: number;
  merges: { from: string; into: string }[];
}

export interface PruneResult {
  /** Hourly count rows removed, and issues forgotten (with their samples and merge history). */
  hours: number;
  issues: number;
  samples: number;
  merges: number;
}

export interface IssueIndexOptions {
  parse?: ParseOptions;
  /** Reservoir sampling's randomness (tests pin it). */
  random?: () => number;
  /** The miner's exact-line cache per source. Default 50,000 lines. */
  minerCacheSize?: number;
}

interface Rep {
  subject: string;
  parsed: ParsedEvent;
  /** The template its subject had at the last check; null: not checked since seeding. */
  template: string | null;
}

interface SourceState {
  miner: TemplateMiner;
  /** Template as re-mined after a restart → the stored issue's template, where they differ. */
  pins: Map<string, string>;
  /** Per issue its first line: what decides whether a generalization moved it. */
  reps: Map<string, Rep>;
  revision: number;
}

interface Acc {
  id: string;
  kind: FingerprintKind;
  exceptionType?: string;
  level: LogLevel;
  count: number;
  frameless: number;
  first: LogEvent;
  last: LogEvent;
  events: LogEvent[];
  hours: Map<string, number>;
  loggers: Map<string, number>;
  stacks: Map<string, { frames: string[]; count: number }>;
  subjects: Map<string, number>;
  templates: Map<string, number>;
  rep: Rep;
}

type IssueRow = typeof indexIssues.$inferSelect;
type SampleRow = typeof indexIssueSamples.$inferInsert;
type Role = SampleRow['role'];

const SEP = '\u0001';

/** Mirrors groupIssues' filter: warning and above, any exception, any 5xx access line. */
function indexed(p: ParsedEvent): boolean {
  return LEVEL_RANK[p.level] >= LEVEL_RANK.warning || p.exception !== undefined || (p.http !== undefined && p.http.status >= 500);
}

function toNs(ns: string): bigint {
  return /^\d{1,20}$/.test(ns) ? BigInt(ns) : 0n;
}

function maxLevel(a: string, b: string): LogLevel {
  return (LEVEL_RANK[b as LogLevel] ?? 0) > (LEVEL_RANK[a as LogLevel] ?? 0) ? (b as LogLevel) : (a as LogLevel);
}

function titleOf(exceptionType: string | null | undefined, template: string): string {
  return exceptionType ? (template ? `${exceptionType}: ${template}` : exceptionType) : template;
}

function sampleRow(sourceId: string, issueId: string, role: Role, slot: number, e: LogEvent): SampleRow {
  return {
    sourceId, issueId, role, slot, lineId: e.id, timeNs: toNs(e.timeNs), text: e.text,
    event: { entryIds: e.entryIds, service: e.service, level: e.level, streamId: e.streamId, labels: e.labels },
  };
}

function eventOfSample(r: { lineId: string; timeNs: bigint; text: string; event: Record<string, unknown> }): LogEvent {
  const e = r.event as Partial<LogEvent>;
  return {
    id: r.lineId, timeNs: r.timeNs.toString(), entryIds: Array.isArray(e.entryIds) ? e.entryIds : [r.lineId], text: r.text,
    service: e.service ?? null, level: e.level ?? 'unknown', streamId: e.streamId ?? '', labels: e.labels ?? {},
  };
}

function mergeStacks(stored: readonly StackVariant[], batch: ReadonlyMap<string, { frames: string[]; count: number }>): StackVariant[] {
  const frames = new Map<string, string[]>();
  for (const s of stored) frames.set(s.id, s.frames);
  for (const [id, s] of batch) frames.set(id, s.frames);
  const top = mergeTopK(stored.map((s) => ({ name: s.id, count: s.count })), [...batch].map(([id, s]) => [id, s.count] as const), STACKS_TRACKED);
  return top.map((c) => ({ id: c.name, frames: frames.get(c.name) ?? [], count: c.count }));
}

function countedOf(list: readonly { name: string; count: number }[]): [string, number][] {
  return list.map((c) => [c.name, c.count]);
}

/** Newer first by time, then by line id, for a stable order of equal times. */
function newerFirst(a: { timeNs: string; id: string }, b: { timeNs: string; id: string }): number {
  return cmpNs(b.timeNs, a.timeNs) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function createIssueIndex(db: Db, options: IssueIndexOptions = {}) {
  const states = new Map<string, SourceState>();
  const random = options.random ?? Math.random;
  const newMiner = () => createTemplateMiner({ maxCacheSize: options.minerCacheSize ?? 50_000 });

  /** The miner's template of a subject added before (re-added if the miner's line cache was reset). */
  const mined = (st: SourceState, subject: string): string => {
    const m: MinedMessage = st.miner.current(subject) ?? st.miner.add(subject);
    return st.pins.get(m.template) ?? m.template;
  };

  const templateOf = (st: SourceState, parsed: ParsedEvent, subject: string): string =>
    parsed.http ? httpTemplate(parsed.http) : subject === '' ? '' : mined(st, subject);

  /** Rebuilds a source's miner from what the index stored: templates first, then each issue's first line. */
  async function seed(tx: Conn, sourceId: string, revision: number): Promise<SourceState> {
    const rows = await tx
      .select({ issueId: indexIssues.issueId, template: indexIssues.template, text: indexIssueSamples.text, event: indexIssueSamples.event })
      .from(indexIssues)
      .leftJoin(indexIssueSamples, and(eq(indexIssueSamples.sourceId, indexIssues.sourceId), eq(indexIssueSamples.issueId, indexIssues.issueId), eq(indexIssueSamples.role, 'first')))
      .where(eq(indexIssues.sourceId, sourceId))
      .orderBy(indexIssues.firstSeenNs);
    const st: SourceState = { miner: newMiner(), pins: new Map(), reps: new Map(), revision };
    const seeded: { issueId: string; template: string; subject: string; parsed: ParsedEvent }[] = [];
    for (const r of rows) {
      const ev = (r.event ?? {}) as Partial<LogEvent>;
      const parsed = parseEvent({ text: r.text ?? r.template, level: ev.level ?? 'unknown', labels: ev.labels ?? {} }, options.parse);
      const subject = subjectOf(parsed);
      if (!parsed.http && r.template !== '') st.miner.add(r.template);
      if (!parsed.http && subject !== '') st.miner.add(subject);
      seeded.push({ issueId: r.issueId, template: r.template, subject, parsed });
    }
    for (const s of seeded) {
      if (!s.parsed.http && s.subject !== '') {
        // A template re-mined from fewer lines can come out less general: pin it to the stored one.
        const again = st.miner.current(s.subject)?.template;
        if (again !== undefined && again !== s.template && !st.pins.has(again)) st.pins.set(again, s.template);
      }
      st.reps.set(s.issueId, { subject: s.subject, parsed: s.parsed, template: null });
    }
    return st;
  }

  async function stateOf(tx: Conn, sourceId: string): Promise<SourceState> {
    // Locks the source's row: two writers of one source take turns, and a stale miner is noticed.
    const [row] = await tx.select({ revision: indexSources.revision }).from(indexSources).where(eq(indexSources.sourceId, sourceId)).for('update');
    const revision = row?.revision ?? 0;
    let st = states.get(sourceId);
    if (!st || st.revision !== revision) {
      st = await seed(tx, sourceId, revision);
      states.set(sourceId, st);
    }
    return st;
  }

  /** Moves issue `fromId` into `intoId` (created from it when new): counts, hours, samples, merges. */
  async function mergeIssue(tx: Conn, sourceId: string, fromId: string, intoId: string, into: { template: string; kind: FingerprintKind; exceptionType?: string }, now: number): Promise<boolean> {
    const rows = await tx.select().from(indexIssues).where(and(eq(indexIssues.sourceId, sourceId), inArray(indexIssues.issueId, [fromId, intoId])));
    const a = rows.find((r) => r.issueId === fromId);
    if (!a) return false;
    const c = rows.find((r) => r.issueId === intoId);
    const template = c?.template ?? into.template;
    const moved = remapSlotValues(a.template, template, a.slotValues, a.count);
    const exceptionType = c ? c.exceptionType : into.exceptionType ?? a.exceptionType;
    const row: IssueRow = {
      sourceId, issueId: intoId, template, exceptionType: exceptionType ?? null, title: c?.title ?? titleOf(exceptionType, template),
      fingerprintKind: c?.fingerprintKind ?? into.kind, level: c ? maxLevel(c.level, a.level) : a.level,
      firstSeenNs: c && c.firstSeenNs < a.firstSeenNs ? c.firstSeenNs : a.firstSeenNs,
      lastSeenNs: c && c.lastSeenNs > a.lastSeenNs ? c.lastSeenNs : a.lastSeenNs,
      count: a.count + (c?.count ?? 0), framelessCount: a.framelessCount + (c?.framelessCount ?? 0),
      slotValues: mergeSlotValues(c?.slotValues ?? [], moved),
      loggers: mergeTopK(c?.loggers ?? [], countedOf(a.loggers), LOGGERS_TRACKED),
      stacks: mergeStacks(c?.stacks ?? [], new Map(a.stacks.map((s) => [s.id, s]))),
    };
    await upsertIssues(tx, [row]);
    const h = indexIssueHours;
    await tx.execute(sql`INSERT INTO ${h} (source_id, hour, issue_id, service, level, count)
      SELECT source_id, hour, ${intoId}, service, level, count FROM ${h} WHERE source_id = ${sourceId} AND issue_id = ${fromId}
      ON CONFLICT (source_id, hour, issue_id, service, level) DO UPDATE SET count = ${h}.count + excluded.count`);
    await tx.delete(h).where(and(eq(h.sourceId, sourceId), eq(h.issueId, fromId)));

    const sm = indexIssueSamples;
    const samples = await tx.select().from(sm).where(and(eq(sm.sourceId, sourceId), inArray(sm.issueId, [fromId, intoId])));
    const of = (id: string, role: Role) => samples.filter((s) => s.issueId === id && s.role === role).map(eventOfSample);
    const out: SampleRow[] = [];
    const firsts = [...of(fromId, 'first'), ...of(intoId, 'first')].sort(newerFirst);
    const oldest = firsts[firsts.length - 1];
    if (oldest) out.push(sampleRow(sourceId, intoId, 'first', 0, oldest));
    [...of(fromId, 'newest'), ...of(intoId, 'newest')].sort(newerFirst).slice(0, NEWEST_SIZE)
      .forEach((e, i) => out.push(sampleRow(sourceId, intoId, 'newest', i, e)));
    // Two reservoirs → one: weighted sampling without replacement, each sample standing for count/size occurrences.
    const weighted = [
      ...of(fromId, 'reservoir').map((e, _i, all) => ({ e, w: a.count / all.length })),
      ...of(intoId, 'reservoir').map((e, _i, all) => ({ e, w: (c?.count ?? 0) / all.length })),
    ].map((x) => ({ e: x.e, key: Math.pow(random(), 1 / Math.max(x.w, 1e-9)) }));
    weighted.sort((x, y) => y.key - x.key).slice(0, RESERVOIR_SIZE).forEach((x, i) => out.push(sampleRow(sourceId, intoId, 'reservoir', i, x.e)));
    await tx.delete(sm).where(and(eq(sm.sourceId, sourceId), inArray(sm.issueId, [fromId, intoId])));
    if (out.length > 0) await tx.insert(sm).values(out);

    const mg = indexIssueMerges;
    await tx.execute(sql`INSERT INTO ${mg} (source_id, from_id, into_id, from_title, count, at)
      SELECT source_id, from_id, ${intoId}, from_title, count, at FROM ${mg} WHERE source_id = ${sourceId} AND into_id = ${fromId}
      ON CONFLICT DO NOTHING`);
    await tx.delete(mg).where(and(eq(mg.sourceId, sourceId), eq(mg.intoId, fromId)));
    await tx.insert(mg).values({ sourceId, fromId, intoId, fromTitle: a.title, count: a.count, at: new Date(now) })
      .onConflictDoUpdate({ target: [mg.sourceId, mg.fromId, mg.intoId], set: { count: sql`${mg.count} + excluded.count`, at: sql`excluded.at` } });
    await tx.delete(indexIssues).where(and(eq(indexIssues.sourceId, sourceId), eq(indexIssues.issueId, fromId)));
    return true;
  }

  async function upsertIssues(tx: Conn, rows: IssueRow[]): Promise<void> {
    const t = indexIssues;
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx.insert(t).values(rows.slice(i, i + CHUNK)).onConflictDoUpdate({
        target: [t.sourceId, t.issueId],
        set: {
          title: sql`excluded.title`, template: sql`excluded.template`, exceptionType: sql`excluded.exception_type`,
          fingerprintKind: sql`excluded.fingerprint_kind`, level: sql`excluded.level`, firstSeenNs: sql`excluded.first_seen_ns`,
          lastSeenNs: sql`excluded.last_seen_ns`, count: sql`excluded.count`, framelessCount: sql`excluded.frameless_count`,
          slotValues: sql`excluded.slot_values`, loggers: sql`excluded.loggers`, stacks: sql`excluded.stacks`,
        },
      });
    }
  }

  /**
   * Indexes `events` (a batch of one source, each handed in once: pullNewLines) in `tx`. `now`
   * (epoch ms) stamps merges, and is "known since" for a source whose first batch is empty.
   */
  async function record(tx: Tx, sourceId: string, events: readonly LogEvent[], now: number, recordOptions: RecordOptions = {}): Promise<RecordResult> {
    const st = await stateOf(tx, sourceId);
    try {
      return await recordIn(tx, st, sourceId, events, now, recordOptions);
    } catch (error) {
      // The miner may have moved ahead of what is stored: reseed at the next batch.
      states.delete(sourceId);
      throw error;
    }
  }

  async function recordIn(tx: Tx, st: SourceState, sourceId: string, events: readonly LogEvent[], now: number, recordOptions: RecordOptions): Promise<RecordResult> {
    // 1. Parse, and feed every subject to the miner before any template is read back (as groupIssues).
    const kept: { event: LogEvent; parsed: ParsedEvent; subject: string }[] = [];
    let oldestNs: string | null = null;
    for (const event of events) {
      if (oldestNs === null || cmpNs(event.timeNs, oldestNs) < 0) oldestNs = event.timeNs;
      const parsed = parseEvent(event, options.parse);
      if (!indexed(parsed)) continue;
      const subject = subjectOf(parsed);
      if (!parsed.http && subject !== '') st.miner.add(subject);
      kept.push({ event, parsed, subject });
    }

    // 2. Final templates → fingerprints → one accumulator per issue.
    const memo = new Map<string, string>();
    const tmpl = (parsed: ParsedEvent, subject: string): string => {
      if (parsed.http) return httpTemplate(parsed.http);
      let t = memo.get(subject);
      if (t === undefined) memo.set(subject, (t = templateOf(st, parsed, subject)));
      return t;
    };
    const accs = new Map<string, Acc>();
    for (const k of kept) {
      const template = tmpl(k.parsed, k.subject);
      const fp = fingerprint(k.parsed, template);
      let a = accs.get(fp.id);
      if (!a) {
        a = {
          id: fp.id, kind: fp.kind, level: k.parsed.level, count: 0, frameless: 0, first: k.event, last: k.event, events: [],
          hours: new Map(), loggers: new Map(), stacks: new Map(), subjects: new Map(), templates: new Map(),
          rep: { subject: k.subject, parsed: k.parsed, template },
        };
        if (k.parsed.exception) a.exceptionType = shortType(k.parsed.exception.type);
        accs.set(fp.id, a);
      }
      a.count++;
      a.events.push(k.event);
      if (LEVEL_RANK[k.parsed.level] > LEVEL_RANK[a.level]) a.level = k.parsed.level;
      if (cmpNs(k.event.timeNs, a.first.timeNs) < 0) a.first = k.event;
      if (cmpNs(k.event.timeNs, a.last.timeNs) >= 0) a.last = k.event;
      if (k.parsed.exception && k.parsed.frames.length === 0) a.frameless++;
      const hour = Math.floor(nsToMsFast(k.event.timeNs) / HOUR_MS) * HOUR_MS;
      increment(a.hours, `${hour}${SEP}${k.event.service ?? 'unknown'}${SEP}${k.parsed.level}`);
      if (k.parsed.logger) increment(a.loggers, k.parsed.logger);
      // The stack refines the issue (fingerprint.ts): its variants are kept, capped.
      const stack = fp.stack;
      if (stack) {
        const s = a.stacks.get(stack.id);
        if (s) s.count++;
        else a.stacks.set(stack.id, { frames: stack.text.split('\n').slice(2), count: 1 });
      }
      if (a.subjects.has(k.subject) || a.subjects.size < MAX_DISTINCT_SUBJECTS) increment(a.subjects, k.subject);
      increment(a.templates, template);
    }

    // 3. Stored issues whose first line now fingerprints elsewhere (the miner generalized) merge into that issue.
    const merges = new Map<string, { into: string; template: string; kind: FingerprintKind; exceptionType?: string }>();
    for (const [id, rep] of st.reps) {
      if (rep.parsed.http) continue;
      const template = tmpl(rep.parsed, rep.subject);
      if (template === rep.template) continue;
      rep.template = template;
      const fp = fingerprint(rep.parsed, template);
      if (fp.id === id) continue;
      const m: { into: string; template: string; kind: FingerprintKind; exceptionType?: string } = { into: fp.id, template, kind: fp.kind };
      if (rep.parsed.exception) m.exceptionType = shortType(rep.parsed.exception.type);
      merges.set(id, m);
    }
    const resolve = (id: string): string => {
      let cur = id;
      for (let hops = 0; merges.has(cur) && hops < 16; hops++) cur = (merges.get(cur) as { into: string }).into;
      return cur;
    };
    const done: { from: string; into: string }[] = [];
    for (const [from, m] of merges) {
      const into = resolve(from);
      if (into === from) continue;
      if (await mergeIssue(tx, sourceId, from, into, m, now)) done.push({ from, into });
      const rep = st.reps.get(from);
      st.reps.delete(from);
      if (rep && !st.reps.has(into)) st.reps.set(into, rep);
    }
    // A batch accumulator under a merged id (a line still mined the old way) joins the target too.
    for (const [from] of merges) {
      const a = accs.get(from);
      const into = resolve(from);
      if (!a || into === from) continue;
      accs.delete(from);
      const b = accs.get(into);
      if (!b) {
        a.id = into;
        accs.set(into, a);
        continue;
      }
      b.count += a.count;
      b.frameless += a.frameless;
      b.events.push(...a.events);
      b.level = maxLevel(b.level, a.level);
      if (cmpNs(a.first.timeNs, b.first.timeNs) < 0) b.first = a.first;
      if (cmpNs(a.last.timeNs, b.last.timeNs) > 0) b.last = a.last;
      for (const [k, n] of a.hours) increment(b.hours, k, n);
      for (const [k, n] of a.loggers) increment(b.loggers, k, n);
      for (const [k, n] of a.subjects) increment(b.subjects, k, n);
      for (const [k, n] of a.templates) increment(b.templates, k, n);
      for (const [k, s] of a.stacks) {
        const t = b.stacks.get(k);
        if (t) t.count += s.count;
        else b.stacks.set(k, s);
      }
    }

    // 4. What is stored of the touched issues, then the new rows, computed in memory.
    const ids = [...accs.keys()];
    const stored = new Map<string, IssueRow>();
    const storedSamples = new Map<string, { role: Role; slot: number; lineId: string; timeNs: bigint }[]>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      for (const r of await tx.select().from(indexIssues).where(and(eq(indexIssues.sourceId, sourceId), inArray(indexIssues.issueId, part)))) stored.set(r.issueId, r);
      const sm = indexIssueSamples;
      const rows = await tx.select({ issueId: sm.issueId, role: sm.role, slot: sm.slot, lineId: sm.lineId, timeNs: sm.timeNs }).from(sm)
        .where(and(eq(sm.sourceId, sourceId), inArray(sm.issueId, part)));
      for (const r of rows) {
        let list = storedSamples.get(r.issueId);
        if (!list) storedSamples.set(r.issueId, (list = []));
        list.push(r);
      }
    }

    const issueRows: IssueRow[] = [];
    const hourRows: (typeof indexIssueHours.$inferInsert)[] = [];
    const samples: SampleRow[] = [];
    let newIssues = 0;
    for (const a of accs.values()) {
      const s = stored.get(a.id);
      if (!s) newIssues++;
      const batchTemplates = [...a.templates].sort((x, y) => y[1] - x[1]).map(([t]) => t);
      const template = mergeTemplates(s ? [s.template, ...batchTemplates] : batchTemplates);
      const carried = s ? remapSlotValues(s.template, template, s.slotValues, s.count) : [];
      const exceptionType = s?.exceptionType ?? a.exceptionType ?? null;
      issueRows.push({
        sourceId, issueId: a.id, template, exceptionType, title: titleOf(exceptionType, template),
        fingerprintKind: s?.fingerprintKind === 'stack' ? 'stack' : a.kind, level: s ? maxLevel(s.level, a.level) : a.level,
        firstSeenNs: s && s.firstSeenNs <= toNs(a.first.timeNs) ? s.firstSeenNs : toNs(a.first.timeNs),
        lastSeenNs: s && s.lastSeenNs >= toNs(a.last.timeNs) ? s.lastSeenNs : toNs(a.last.timeNs),
        count: (s?.count ?? 0) + a.count, framelessCount: (s?.framelessCount ?? 0) + a.frameless,
        slotValues: mergeSlotValues(carried, slotValuesOf(template, a.subjects, SLOT_VALUES_TRACKED)),
        loggers: mergeTopK(s?.loggers ?? [], a.loggers, LOGGERS_TRACKED),
        stacks: mergeStacks(s?.stacks ?? [], a.stacks),
      });
      for (const [key, count] of a.hours) {
        const [hour = '0', service = 'unknown', level = 'unknown'] = key.split(SEP);
        hourRows.push({ sourceId, issueId: a.id, hour: new Date(Number(hour)), service, level, count });
      }
      const have = storedSamples.get(a.id) ?? [];
      // First ever: replaced only by an older line (a backfill reaching further back).
      const first = have.find((r) => r.role === 'first');
      if (!first || toNs(a.first.timeNs) < first.timeNs) samples.push(sampleRow(sourceId, a.id, 'first', 0, a.first));
      // Newest: the batch's newest take the slots of the stored ones they push out.
      const newest = have.filter((r) => r.role === 'newest').map((r) => ({ slot: r.slot, timeNs: r.timeNs.toString(), id: r.lineId, event: null as LogEvent | null }));
      const candidates = [...a.events].sort(newerFirst).slice(0, NEWEST_SIZE).map((e) => ({ slot: -1, timeNs: e.timeNs, id: e.id, event: e as LogEvent | null }));
      const keep = [...newest, ...candidates].sort(newerFirst).slice(0, NEWEST_SIZE);
      const free = [...Array(NEWEST_SIZE).keys()].filter((i) => !keep.some((k) => k.slot === i));
      for (const k of keep) if (k.event) samples.push(sampleRow(sourceId, a.id, 'newest', free.shift() as number, k.event));
      // Reservoir: Algorithm R over every occurrence ever, continued from the stored count.
      const reservoir = new Map<number, LogEvent>();
      a.events.forEach((e, i) => {
        const slot = reservoirSlot((s?.count ?? 0) + i + 1, RESERVOIR_SIZE, random);
        if (slot >= 0) reservoir.set(slot, e);
      });
      for (const [slot, e] of reservoir) samples.push(sampleRow(sourceId, a.id, 'reservoir', slot, e));
      const prev = st.reps.get(a.id);
      if (!prev) st.reps.set(a.id, a.rep);
    }

    // 5. One statement per table (chunked).
    await upsertIssues(tx, issueRows);
    const h = indexIssueHours;
    for (let i = 0; i < hourRows.length; i += CHUNK) {
      await tx.insert(h).values(hourRows.slice(i, i + CHUNK))
        .onConflictDoUpdate({ target: [h.sourceId, h.hour, h.issueId, h.service, h.level], set: { count: sql`${h.count} + excluded.count` } });
    }
    const sm = indexIssueSamples;
    for (let i = 0; i < samples.length; i += CHUNK) {
      await tx.insert(sm).values(samples.slice(i, i + CHUNK)).onConflictDoUpdate({
        target: [sm.sourceId, sm.issueId, sm.role, sm.slot],
        set: { lineId: sql`excluded.line_id`, timeNs: sql`excluded.time_ns`, text: sql`excluded.text`, event: sql`excluded.event` },
      });
    }
    const covered = recordOptions.coveredFromNs ?? oldestNs;
    const since = covered !== null && cmpNs(covered, `${now}000000`) < 0 ? toNs(covered) : BigInt(now) * 1_000_000n;
    const src = indexSources;
    const [rev] = await tx.insert(src).values({ sourceId, knownSinceNs: since, revision: st.revision + 1, updatedAt: new Date(now) })
      .onConflictDoUpdate({
        target: src.sourceId,
        set: { knownSinceNs: sql`least(${src.knownSinceNs}, excluded.known_since_ns)`, revision: sql`${src.revision} + 1`, updatedAt: sql`excluded.updated_at` },
      })
      .returning({ revision: src.revision });
    st.revision = rev?.revision ?? st.revision + 1;
    return { events: events.length, indexed: kept.length, issues: issueRows.length, newIssues, merges: done };
  }

  async function knownSince(sourceId: string, tx: Conn = db): Promise<string | null> {
    const [row] = await tx.select({ ns: indexSources.knownSinceNs }).from(indexSources).where(eq(indexSources.sourceId, sourceId));
    return row ? row.ns.toString() : null;
  }

  /**
   * The issues seen in [from, to) (epoch ms, read in whole hours), most frequent in the range first:
   * the range's exact hourly counts, services, levels and sparkline; first seen ever, last seen,
   * samples, slot values and merges from the issue's own rows.
   */
  async function list(sourceId: string, listOptions: ListOptions, tx: Conn = db): Promise<IndexedIssueList> {
    const { from, to } = listOptions;
    const buckets = Math.max(1, Math.floor(listOptions.buckets ?? 24));
    const limit = Math.max(1, Math.floor(listOptions.limit ?? 200));
    const since = await knownSince(sourceId, tx);
    const empty: IndexedIssueList = { sourceId, from, to, hourMs: HOUR_MS, knownSinceNs: since, issues: [] };
    if (!(to > from)) return empty;
    const h = indexIssueHours;
    const inRange = and(eq(h.sourceId, sourceId), gte(h.hour, new Date(Math.floor(from / HOUR_MS) * HOUR_MS)), lt(h.hour, new Date(to)));
    const total = sql<number>`sum(${h.count})::float8`;
    const top = await tx.select({ issueId: h.issueId, n: total }).from(h).where(inRange).groupBy(h.issueId).orderBy(desc(total), h.issueId).limit(limit);
    if (top.length === 0) return empty;
    const ids = top.map((r) => r.issueId);
    // Each issue's own baseline: its count over the week of whole hours before the range (since the index knew the source).
    const rangeStartHour = Math.floor(from / HOUR_MS) * HOUR_MS;
    const sinceHour = since === null ? rangeStartHour : Math.ceil(nsToMsFast(since) / HOUR_MS) * HOUR_MS;
    const baseFrom = Math.min(rangeStartHour, Math.max(rangeStartHour - BASELINE_MS, sinceHour));
    const baseRows =
      rangeStartHour - baseFrom >= HOUR_MS
        ? await tx.select({ issueId: h.issueId, n: total }).from(h)
            .where(and(eq(h.sourceId, sourceId), inArray(h.issueId, ids), gte(h.hour, new Date(baseFrom)), lt(h.hour, new Date(rangeStartHour))))
            .groupBy(h.issueId)
        : [];
    const baseOf = new Map(baseRows.map((b) => [b.issueId, Number(b.n)]));
    const [hours, issues, sampleRows, mergeRows] = await Promise.all([
      tx.select({ issueId: h.issueId, hour: h.hour, service: h.service, level: h.level, count: h.count }).from(h).where(and(inRange, inArray(h.issueId, ids))),
      tx.select().from(indexIssues).where(and(eq(indexIssues.sourceId, sourceId), inArray(indexIssues.issueId, ids))),
      tx.select().from(indexIssueSamples).where(and(eq(indexIssueSamples.sourceId, sourceId), inArray(indexIssueSamples.issueId, ids))),
      tx.select().from(indexIssueMerges).where(and(eq(indexIssueMerges.sourceId, sourceId), inArray(indexIssueMerges.intoId, ids))).orderBy(desc(indexIssueMerges.at)),
    ]);
    const bucketMs = (to - from) / buckets;
    const out: IndexedIssue[] = [];
    for (const r of issues) {
      const services = new Map<string, number>();
      const levels = new Map<string, number>();
      const perHour = new Map<number, number>();
      let count = 0;
      for (const x of hours) {
        if (x.issueId !== r.issueId) continue;
        count += x.count;
        increment(services, x.service, x.count);
        increment(levels, x.level, x.count);
        const t = x.hour.getTime();
        perHour.set(t, (perHour.get(t) ?? 0) + x.count);
      }
      const events = sampleRows.filter((s) => s.issueId === r.issueId);
      const byLine = new Map<string, LogEvent>();
      for (const s of events) byLine.set(s.lineId, eventOfSample(s));
      const samples = [...byLine.values()].sort(newerFirst);
      let frames: StackFrame[] = [];
      for (const e of samples) {
        const p = parseEvent(e, options.parse);
        if (p.frames.length > 0) {
          frames = p.frames;
          break;
        }
      }
      const merged = mergeRows.filter((m) => m.intoId === r.issueId).map((m) => ({ fromId: m.fromId, title: m.fromTitle, count: m.count, at: m.at.getTime() }));
      const aliases = [...new Set([...merged.map((m) => m.fromId), ...r.stacks.map((s) => s.id)])].filter((id) => id !== r.issueId).slice(0, MAX_ALIASES);
      const levelCounts = toCounts(levels);
      const issue: IndexedIssue = {
        id: r.issueId, title: r.title, template: r.template, fingerprintKind: r.fingerprintKind as FingerprintKind,
        level: levelCounts.length > 0 ? levelCounts.reduce<LogLevel>((best, l) => maxLevel(best, l.name), 'unknown') : (r.level as LogLevel),
        services: toCounts(services), loggers: r.loggers.slice(0, SLOT_VALUES_SHOWN), count,
        firstSeenNs: r.firstSeenNs.toString(), lastSeenNs: r.lastSeenNs.toString(),
        sparkline: spreadHours(perHour, from, to, buckets, HOUR_MS), sparklineFromMs: from, bucketMs,
        samples, slotValues: r.slotValues.map((s) => ({ index: s.index, values: s.values.slice(0, SLOT_VALUES_SHOWN) })), frames,
        aliases, stacks: r.stacks, framelessCount: r.framelessCount, totalCount: r.count,
        firstSeenEverNs: r.firstSeenNs.toString(), knownSinceNs: since, levels: levelCounts, merged,
      };
      if (r.exceptionType) issue.exceptionType = r.exceptionType;
      if (rangeStartHour - baseFrom >= HOUR_MS) issue.baseline = { count: baseOf.get(r.issueId) ?? 0, spanMs: rangeStartHour - baseFrom };
      out.push(issue);
    }
    out.sort((x, y) => y.count - x.count || cmpNs(y.lastSeenNs, x.lastSeenNs) || (x.id < y.id ? -1 : 1));
    return { ...empty, issues: out };
  }

  /**
   * Retention (INDEX_RETENTION): hourly rows of hours that ended more than `retentionMs` before
   * `now` go; so do issues last seen before then, with their samples and the merges they absorbed
   * (that history is only ever shown on the issue). An issue still seen keeps its total and its
   * first seen ever; one that comes back after being forgotten is new again. Per source, under
   * the lock `record` takes, and the revision bumped, so the next batch reseeds its miner without
   * the forgotten templates.
   */
  async function prune(now: number, retentionMs = DEFAULT_INDEX_RETENTION_MS): Promise<PruneResult> {
    const cutoff = now - retentionMs;
    const out: PruneResult = { hours: 0, issues: 0, samples: 0, merges: 0 };
    const sources = await db.select({ sourceId: indexSources.sourceId }).from(indexSources);
    const h = indexIssueHours;
    for (const { sourceId } of sources) {
      await db.transaction(async (tx) => {
        await tx.select({ revision: indexSources.revision }).from(indexSources).where(eq(indexSources.sourceId, sourceId)).for('update');
        // Counted in SQL: the first prune of an old index can remove millions of hourly rows.
        const deleted = await tx.execute(sql`WITH d AS (DELETE FROM ${h} WHERE ${h.sourceId} = ${sourceId} AND ${h.hour} <= ${new Date(cutoff - HOUR_MS).toISOString()}::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM d`);
        const hours = Number((deleted as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
        const gone = await tx.delete(indexIssues)
          .where(and(eq(indexIssues.sourceId, sourceId), lt(indexIssues.lastSeenNs, BigInt(Math.max(0, Math.floor(cutoff))) * 1_000_000n)))
          .returning({ issueId: indexIssues.issueId });
        const ids = gone.map((r) => r.issueId);
        let samples = 0;
        let merges = 0;
        for (let i = 0; i < ids.length; i += CHUNK) {
          const part = ids.slice(i, i + CHUNK);
          samples += (await tx.delete(indexIssueSamples).where(and(eq(indexIssueSamples.sourceId, sourceId), inArray(indexIssueSamples.issueId, part))).returning({ slot: indexIssueSamples.slot })).length;
          merges += (await tx.delete(indexIssueMerges).where(and(eq(indexIssueMerges.sourceId, sourceId), inArray(indexIssueMerges.intoId, part))).returning({ fromId: indexIssueMerges.fromId })).length;
        }
        if (ids.length > 0) await tx.update(indexSources).set({ revision: sql`${indexSources.revision} + 1` }).where(eq(indexSources.sourceId, sourceId));
        out.hours += hours;
        out.issues += ids.length;
        out.samples += samples;
        out.merges += merges;
      });
    }
    return out;
  }

  return {
    record,
    list,
    knownSince,
    prune,
    /** Forgets a source's miner (after the caller rolled back a batch): the next batch reseeds it. */
    invalidate: (sourceId: string) => void states.delete(sourceId),
  };
}

export type IssueIndex = ReturnType<typeof createIssueIndex>;
