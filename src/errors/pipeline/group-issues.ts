/**
 * LogEntry[] → IssueGroup[]: reassemble → parse → template (one miner, fed incrementally, then
 * read back with `current` so every member gets its final template) → fingerprint → stats.
 * Linear in the number of lines; regexes run only on lines whose cheap prefix checks matched.
 */
import type { LogEntry, LogLevel } from '@/lib/model';
import { createTemplateMiner } from '@/errors/miner';
import { fingerprint, httpTemplate, subjectOf } from './fingerprint';
import type { FingerprintKind } from './fingerprint';
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
  /** Frames of the newest sample (outermost first). */
  frames: StackFrame[];
}

/** Distinct subjects kept per issue for slot values (beyond it only known ones are counted). */
const MAX_DISTINCT_SUBJECTS = 5_000;
const PROGRESS_EVERY = 4_096;

interface Kept {
  event: LogEvent;
  parsed: ParsedEvent;
  subject: string;
}

interface Acc {
  id: string;
  kind: FingerprintKind;
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

function finish(a: Acc, from: number, bucketMs: number): IssueGroup {
  const templates = [...a.templates].sort((x, y) => y[1] - x[1]).map(([t]) => t);
  const template = mergeTemplates(templates);
  const title = a.exceptionType ? (template ? `${a.exceptionType}: ${template}` : a.exceptionType) : template;
  const group: IssueGroup = {
    id: a.id,
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
    frames: a.samples[0]?.parsed.frames ?? [],
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

  const groups = new Map<string, Acc>();
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i] as Kept;
    const template = templateOf(k);
    const fp = fingerprint(k.parsed, template);
    let a = groups.get(fp.id);
    if (!a) {
      a = {
        id: fp.id, kind: fp.kind, level: k.parsed.level, services: new Map(), loggers: new Map(), count: 0,
        first: k.event.timeNs, last: k.event.timeNs, spark: new Array<number>(buckets).fill(0), samples: [],
        subjects: new Map(), templates: new Map(),
      };
      if (k.parsed.exception) a.exceptionType = shortType(k.parsed.exception.type);
      groups.set(fp.id, a);
    }
    a.count++;
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
