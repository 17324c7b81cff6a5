/**
 * LogEntry[] → IssueGroup[]: reassemble → parse → template (one miner, fed incrementally, then
 * read back with `current` so every member gets its final template) → fingerprint → stats.
 * Linear in the number of lines; regexes run only on lines whose cheap prefix checks matched.
 *
 * An exception's issue is its type + template, with and without a traceback (fingerprint.ts).
 * Then, so that one raise site whose message text varies beyond what the miner generalizes
 * stays one issue, the templates raised from one stack *only* are merged into that stack's
 * issue (with their frame-less occurrences). A template raised from several stacks stays its
 * own issue with those stacks as variants: merging through it would chain every
 * `HTTPException` of an app into one issue. Empty-message exceptions group by stack.
 * The merged issue's id is an exception id, preferring one that has frame-less occurrences
 * (that issue existed before under that id), else the smallest; the other ids its members
 * had or have (old stack ids included) are its `aliases`, so states stored under them apply.
 * All of it depends only on the set of events: not on line order or on Loki vs ES.
 */
import type { LogEntry, LogLevel } from '@/lib/model';
import { createTemplateMiner } from '@/errors/miner';
import { fingerprint, httpTemplate, subjectOf } from './fingerprint';
import type { Fingerprint, FingerprintKind } from './fingerprint';
import { bucketOf, increment, mergeTemplates, slotValuesOf, toCounts } from './issue-stats';
import type { CountEntry, SlotValues } from './issue-stats';
import { cmpNs, nsToMsFast } from './ns';
import { parseEvent } from './parse-event';
import { shortType } from './parse-traceback';
import { reassemble } from './reassemble';
import type { ReassembleOptions } from './reassemble';
import { LEVEL_RANK } from './types';
import type { LogEvent, ParseOptions, ParsedEvent, StackFrame } from './types';

export interface GroupOptions {
  /** The queried range, epoch ms. The sparkline spans it. */
  range: { from: number; to: number };
  /** Sparkline buckets. Default 24. */
  buckets?: number;
  /** Lowest level kept. Default `warning`. Uvicorn 5xx and events with an exception are always kept. */
  minLevel?: 'warning' | 'error';
  /** Samples kept per issue, newest first. Default 5. */
  sampleSize?: number;
  parse?: ParseOptions;
  reassemble?: ReassembleOptions;
}

export interface IssueGroup {
  id: string;
  /** `TokenInvalidError: Token is invalid or expired: <*>`, or the message template. */
  title: string;
  template: string;
  exceptionType?: string;
  fingerprintKind: FingerprintKind;
  /** Highest level seen. */
  level: LogLevel;
  services: CountEntry[];
  loggers: CountEntry[];
  count: number;
  firstSeenNs: string;
  lastSeenNs: string;
  /** Events per bucket across the range (events outside it count in the edge buckets). */
  sparkline: number[];
  /** Start of the first bucket and bucket width, ms (for lifecycle maths and axes). */
  sparklineFromMs: number;
  bucketMs: number;
  /** Newest first. */
  samples: LogEvent[];
  slotValues: SlotValues[];
  /** Frames of the newest occurrence that had a traceback (outermost first). */
  frames: StackFrame[];
  /** Other ids of this issue (its members' former stack ids, merged exception ids), most used first. */
  aliases: string[];
  /** The stacks the issue was raised from, most frequent first (empty: none had a traceback). */
  stacks: StackVariant[];
  /** Occurrences of an exception that came without their traceback. */
  framelessCount: number;
}

export interface StackVariant {
  /** The stack's own fingerprint id (the issue id it had before exceptions were grouped by message). */
  id: string;
  /** Innermost grouping frames, `file:function`, innermost first. */
  frames: string[];
  count: number;
}

/** Distinct subjects kept per issue for slot values (beyond it only known ones are counted). */
const MAX_DISTINCT_SUBJECTS = 5_000;
const PROGRESS_EVERY = 4_096;
const MAX_ALIASES = 64;
const MAX_STACKS = 20;
const STAR = 'star ';

interface Kept {
  event: LogEvent;
  parsed: ParsedEvent;
  subject: string;
}

interface Acc {
  kind: FingerprintKind;
  /** The key the group was made under (an id, or STAR + stack id). */
  key: string;
  /** Every id its members have (fp.id) or had (fp.formerId), with counts. */
  ids: Map<string, number>;
  /** Exception ids of members, and of those that came without frames. */
  exceptionIds: Set<string>;
  framelessIds: Set<string>;
  framelessCount: number;
  stacks: Map<string, { frames: string[]; count: number }>;
  framesOf?: Kept;
  exceptionType?: string;
  level: LogLevel;
  services: Map<string, number>;
  loggers: Map<string, number>;
  count: number;
  first: string;
  last: string;
  spark: number[];
  samples: Kept[];
  subjects: Map<string, number>;
  templates: Map<string, number>;
}

function keep(p: ParsedEvent, minRank: number): boolean {
  return LEVEL_RANK[p.level] >= minRank || p.exception !== undefined || (p.http !== undefined && p.http.status >= 500);
}

function addSample(samples: Kept[], k: Kept, size: number): void {
  if (size <= 0) return;
  if (samples.length >= size && cmpNs(k.event.timeNs, (samples[samples.length - 1] as Kept).event.timeNs) <= 0) return;
  let i = samples.length;
  while (i > 0 && cmpNs(k.event.timeNs, (samples[i - 1] as Kept).event.timeNs) > 0) i--;
  samples.splice(i, 0, k);
  if (samples.length > size) samples.pop();
}

const minOf = (ids: Set<string>): string | undefined => (ids.size === 0 ? undefined : [...ids].sort()[0]);
const byCountThenName = (x: [string, number], y: [string, number]) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

/** Newer, and at equal times the larger id, so the choice does not depend on input order. */
function newer(a: Kept, b: Kept): boolean {
  const c = cmpNs(a.event.timeNs, b.event.timeNs);
  return c > 0 || (c === 0 && a.event.id > b.event.id);
}

function idOf(a: Acc): string {
  return minOf(a.framelessIds) ?? minOf(a.exceptionIds) ?? (a.key.startsWith(STAR) ? a.key.slice(STAR.length) : a.key);
}

function finish(a: Acc, from: number, bucketMs: number): IssueGroup {
  const templates = [...a.templates].sort(byCountThenName).map(([t]) => t);
  const id = idOf(a);
  const template = mergeTemplates(templates);
  const title = a.exceptionType ? (template ? `${a.exceptionType}: ${template}` : a.exceptionType) : template;
  const group: IssueGroup = {
    id,
    title,
    template,
    fingerprintKind: a.kind,
    level: a.level,
    services: toCounts(a.services),
    loggers: toCounts(a.loggers),
    count: a.count,
    firstSeenNs: a.first,
    lastSeenNs: a.last,
    sparkline: a.spark,
    sparklineFromMs: from,
    bucketMs,
    samples: a.samples.map((k) => k.event),
    slotValues: slotValuesOf(template, a.subjects),
    frames: a.framesOf?.parsed.frames ?? [],
    aliases: [...a.ids].filter(([k]) => k !== id).sort(byCountThenName).slice(0, MAX_ALIASES).map(([k]) => k),
    stacks: [...a.stacks]
      .map(([sid, v]) => ({ id: sid, frames: v.frames, count: v.count }))
      .sort((x, y) => y.count - x.count || (x.id < y.id ? -1 : 1))
      .slice(0, MAX_STACKS),
    framelessCount: a.framelessCount,
  };
  if (a.exceptionType) group.exceptionType = a.exceptionType;
  return group;
}

export function groupIssues(
  entries: readonly LogEntry[],
  options: GroupOptions,
  onProgress?: (done: number, total: number) => void,
): IssueGroup[] {
  const buckets = Math.max(1, Math.floor(options.buckets ?? 24));
  const sampleSize = Math.max(0, Math.floor(options.sampleSize ?? 5));
  const minRank = LEVEL_RANK[options.minLevel ?? 'warning'];
  const { from, to } = options.range;
  const bucketMs = to > from ? (to - from) / buckets : 0;

  const events = reassemble(entries, options.reassemble);
  const total = events.length * 2;
  const miner = createTemplateMiner({ maxCacheSize: Math.max(200_000, events.length + 1) });
  const kept: Kept[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as LogEvent;
    const parsed = parseEvent(event, options.parse);
    if (keep(parsed, minRank)) {
      const subject = subjectOf(parsed);
      if (!parsed.http && subject !== '') miner.add(subject);
      kept.push({ event, parsed, subject });
    }
    if (onProgress && i % PROGRESS_EVERY === PROGRESS_EVERY - 1) onProgress(i + 1, total);
  }

  const templateMemo = new Map<string, string>();
  const templateOf = (k: Kept): string => {
    if (k.parsed.http) return httpTemplate(k.parsed.http);
    if (k.subject === '') return '';
    let t = templateMemo.get(k.subject);
    if (t === undefined) {
      t = miner.current(k.subject)?.template ?? k.subject;
      templateMemo.set(k.subject, t);
    }
    return t;
  };

  const fps: Fingerprint[] = new Array<Fingerprint>(kept.length);
  const templates: string[] = new Array<string>(kept.length);
  // Exception id → the stacks it was raised from (only ids that came with a traceback).
  const stacksOf = new Map<string, Set<string>>();
  for (let i = 0; i < kept.length; i++) {
    const template = templateOf(kept[i] as Kept);
    const fp = fingerprint((kept[i] as Kept).parsed, template);
    fps[i] = fp;
    templates[i] = template;
    if (fp.stack && fp.id !== fp.stack.id) {
      let set = stacksOf.get(fp.id);
      if (!set) stacksOf.set(fp.id, (set = new Set()));
      set.add(fp.stack.id);
    }
  }
  const keyOf = (fp: Fingerprint): string => {
    if (fp.stack && fp.id === fp.stack.id) return STAR + fp.stack.id;
    const stacks = stacksOf.get(fp.id);
    return stacks && stacks.size === 1 ? STAR + (stacks.values().next().value as string) : fp.id;
  };

  const groups = new Map<string, Acc>();
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i] as Kept;
    const template = templates[i] as string;
    const fp = fps[i] as Fingerprint;
    const key = keyOf(fp);
    let a = groups.get(key);
    if (!a) {
      a = {
        key, kind: fp.kind, ids: new Map(), exceptionIds: new Set(), framelessIds: new Set(), framelessCount: 0, stacks: new Map(),
        level: k.parsed.level, services: new Map(), loggers: new Map(), count: 0,
        first: k.event.timeNs, last: k.event.timeNs, spark: new Array<number>(buckets).fill(0), samples: [],
        subjects: new Map(), templates: new Map(),
      };
      if (k.parsed.exception) a.exceptionType = shortType(k.parsed.exception.type);
      groups.set(key, a);
    }
    a.count++;
    increment(a.ids, fp.id);
    if (fp.formerId && fp.formerId !== fp.id) increment(a.ids, fp.formerId);
    if (fp.stack) {
      a.kind = 'stack';
      if (fp.stack.id !== fp.id) a.exceptionIds.add(fp.id);
      const v = a.stacks.get(fp.stack.id);
      if (v) v.count++;
      else a.stacks.set(fp.stack.id, { frames: fp.stack.text.split('\n').slice(2), count: 1 });
      if (!a.framesOf || newer(k, a.framesOf)) a.framesOf = k;
    } else if (fp.kind === 'exception') {
      a.framelessCount++;
      a.exceptionIds.add(fp.id);
      a.framelessIds.add(fp.id);
    }
    if (LEVEL_RANK[k.parsed.level] > LEVEL_RANK[a.level]) a.level = k.parsed.level;
    increment(a.services, k.event.service ?? 'unknown');
    if (k.parsed.logger) increment(a.loggers, k.parsed.logger);
    if (cmpNs(k.event.timeNs, a.first) < 0) a.first = k.event.timeNs;
    if (cmpNs(k.event.timeNs, a.last) > 0) a.last = k.event.timeNs;
    const b = bucketOf(nsToMsFast(k.event.timeNs), from, to, buckets);
    a.spark[b] = (a.spark[b] ?? 0) + 1;
    addSample(a.samples, k, sampleSize);
    if (a.subjects.has(k.subject) || a.subjects.size < MAX_DISTINCT_SUBJECTS) increment(a.subjects, k.subject);
    increment(a.templates, template);
    if (onProgress && i % PROGRESS_EVERY === PROGRESS_EVERY - 1) onProgress(events.length + i + 1, total);
  }
  const out = [...groups.values()].map((a) => finish(a, from, bucketMs));
  out.sort((x, y) => y.count - x.count || cmpNs(y.lastSeenNs, x.lastSeenNs) || (x.id < y.id ? -1 : 1));
  onProgress?.(total, total);
  return out;
}
