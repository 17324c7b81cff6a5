/**
 * Reassembles multi-line events that a source returned one line per entry (Loki, file tails):
 * per stream, a line with a timestamp, a `LEVEL:` prefix or a JSON body starts an event; other
 * lines (traceback lines, chained-cause markers, blank lines, indented continuations) belong to
 * the event before them. Entries that already hold several lines (Elasticsearch documents)
 * stay as they are. Works for newest-first and oldest-first input and never merges across
 * streams. Pure; linear apart from a sort per stream when the input is not ordered.
 */
import type { LogEntry } from '@/lib/model';
import { isEventStart } from './levels';
import { cmpNs, nsToMsFast } from './ns';
import { TRACEBACK_HEADER } from './parse-traceback';
import type { LogEvent } from './types';

export type ResultOrder = 'newest-first' | 'oldest-first';

export interface ReassembleOptions {
  /** The input's order when timestamps cannot tell (all equal). Default: detected, else oldest-first. */
  order?: ResultOrder;
  /** A continuation line more than this after the previous line starts its own event. Default 5 s. */
  maxGapMs?: number;
  /** Lines per event before a new event is forced. Default 2,000. */
  maxLines?: number;
}

/** The text of an entry: its message, or `raw` when the source kept a stack trace there (ES). */
export function entryText(e: LogEntry): string {
  const msg = typeof e.message === 'string' ? e.message : '';
  if (msg.includes('\n')) return msg;
  const raw = typeof e.raw === 'string' ? e.raw : '';
  return raw.length > msg.length && raw.includes('\n') && raw.startsWith(msg) ? raw : msg;
}

function detectOrder(list: readonly LogEntry[], fallback: ResultOrder | null): ResultOrder | null {
  const a = list[0];
  const b = list[list.length - 1];
  if (!a || !b) return fallback;
  const c = cmpNs(a.timeNs, b.timeNs);
  return c > 0 ? 'newest-first' : c < 0 ? 'oldest-first' : fallback;
}

interface Building {
  entries: LogEntry[];
  lines: string[];
  lastMs: number;
  /** The traceback in progress has printed its final exception line. */
  tracebackDone: boolean;
  inTraceback: boolean;
}

function toEvent(b: Building): LogEvent {
  const first = b.entries[0] as LogEntry;
  return {
    id: first.id,
    timeNs: first.timeNs,
    entryIds: b.entries.map((e) => e.id),
    text: b.lines.join('\n'),
    service: first.service ?? b.entries.find((e) => e.service)?.service ?? null,
    level: first.level,
    streamId: first.streamId,
    labels: first.labels ?? {},
  };
}

function track(b: Building, line: string): void {
  const t = line.trim();
  if (t === TRACEBACK_HEADER) {
    b.inTraceback = true;
    b.tracebackDone = false;
  } else if (b.inTraceback && t !== '' && line[0] !== ' ' && line[0] !== '\t') {
    b.tracebackDone = !t.startsWith('During handling') && !t.startsWith('The above exception');
  }
}

function reassembleStream(list: LogEntry[], opts: Required<Omit<ReassembleOptions, 'order'>>, out: LogEvent[]): void {
  let cur: Building | null = null;
  const flush = () => {
    if (cur) out.push(toEvent(cur));
    cur = null;
  };
  for (const e of list) {
    const text = entryText(e);
    const ms = nsToMsFast(e.timeNs);
    if (text.includes('\n')) {
      flush();
      out.push(toEvent({ entries: [e], lines: [text], lastMs: ms, tracebackDone: false, inTraceback: false }));
      continue;
    }
    const b: Building | null = cur;
    const continues =
      b !== null &&
      !isEventStart(text) &&
      ms - b.lastMs <= opts.maxGapMs &&
      b.lines.length < opts.maxLines &&
      !(b.tracebackDone && text.trim() === TRACEBACK_HEADER);
    if (b !== null && continues) {
      b.entries.push(e);
      b.lines.push(text);
      b.lastMs = ms;
      track(b, text);
      continue;
    }
    flush();
    const started: Building = { entries: [e], lines: [text], lastMs: ms, tracebackDone: false, inTraceback: false };
    track(started, text);
    cur = started;
  }
  flush();
}

function sortedAscending(list: readonly LogEntry[]): boolean {
  for (let i = 1; i < list.length; i++) if (cmpNs((list[i - 1] as LogEntry).timeNs, (list[i] as LogEntry).timeNs) > 0) return false;
  return true;
}

/** Merges continuation lines into events. Events come back in the input's direction. */
export function reassemble(entries: readonly LogEntry[], options: ReassembleOptions = {}): LogEvent[] {
  const opts = { maxGapMs: options.maxGapMs ?? 5_000, maxLines: options.maxLines ?? 2_000 };
  const streams = new Map<string, LogEntry[]>();
  for (const e of entries) {
    const key = typeof e.streamId === 'string' ? e.streamId : '';
    let list = streams.get(key);
    if (!list) streams.set(key, (list = []));
    list.push(e);
  }
  const globalOrder = detectOrder(entries, options.order ?? null);
  const out: LogEvent[] = [];
  for (const list of streams.values()) {
    let order = detectOrder(list, globalOrder);
    if (order === null) {
      // Equal timestamps everywhere: a stream that begins with a continuation and ends with a
      // start line was most likely returned newest first.
      const a = list[0];
      const z = list[list.length - 1];
      order = a && z && !isEventStart(entryText(a)) && isEventStart(entryText(z)) ? 'newest-first' : 'oldest-first';
    }
    if (order === 'newest-first') list.reverse();
    if (!sortedAscending(list)) list.sort((x, y) => cmpNs(x.timeNs, y.timeNs));
    reassembleStream(list, opts, out);
  }
  out.sort((x, y) => cmpNs(x.timeNs, y.timeNs));
  if ((globalOrder ?? 'oldest-first') === 'newest-first') out.reverse();
  return out;
}
