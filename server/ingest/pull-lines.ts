/**
 * The issue index's reading side: the lines a log source got since the stored cursor, read
 * forward in bounded pages from an exact nanosecond position, reassembled into events (a
 * traceback of one line per entry becomes one event, across a page boundary too) and handed out
 * once. Pure apart from the source's `logs` capability: the caller stores the returned cursor in
 * the transaction that writes what it made of the events (server/store/ingest-cursors.ts).
 *
 * Guarantees (docs/service.md, "Ingest"): every line older than `now − lag` is handed out exactly
 * once across calls that each start from the cursor the previous one returned, whatever the page
 * size, ties at one nanosecond, restarts or failures.
 */
import type { LogEntry, LogLevel, LogPage } from '@/lib/model';
import { compareNs, msToNs, normalizeNs, nsToMs } from '@/lib/nanotime';
import { entryText, parseEvent, reassemble } from '@/errors/pipeline';
import type { LogEvent, ReassembleOptions } from '@/errors/pipeline';
import { supports } from '@/sources/registry';
import type { ResolvedSource } from '@/sources/registry';
import type { LinePosition, LogQueryParams } from '@/sources/source-adapter';
import { toSourceError } from '@/sources/source-error';

/**
 * The position after the last line handed out: every line before `timeNs` (exact ns) and, at
 * `timeNs` itself, the lines whose ids are in `seenIds` (LinePosition, stored as is).
 */
export interface IngestCursor {
  timeNs: string;
  seenIds: string[];
}

export interface PullOptions {
  /** The caller's clock, epoch ms. */
  now: number;
  signal: AbortSignal;
  /** Lines asked per request. Default 1,000. */
  pageSize?: number;
  /** Requests per call, so catching up after an outage is bounded per cycle. Default 10. */
  maxPages?: number;
  /** Where a source never read before starts (ns). Default `now − 1 h`; backfill is another step. */
  startNs?: string;
  /**
   * Only lines older than `now − lagMs` are read: a shipper delivers a line a few seconds after
   * its timestamp, and one arriving behind the cursor would never be read. Default 5 s.
   */
  lagMs?: number;
  /**
   * Exclusive upper bound (ns) for reading a closed span [startNs, untilNs) (backfill.ts). Once
   * the read reaches it nothing is held back: the lines from it on are another span's, so no line
   * still unread can continue an event before it.
   */
  untilNs?: string;
  /**
   * Levels asked of the source. Default: none asked, every line read (see LEVEL_QUERY). A list
   * narrows the query (cheaper) and loses what the pipeline keeps outside it.
   */
  levels?: LogLevel[];
  /** As the pipeline reassembles (maxGapMs is also the hold-back window). */
  reassemble?: ReassembleOptions;
}

export interface PulledBatch {
  /** Reassembled events the grouping pipeline keeps (warning and above, exceptions, HTTP 5xx), oldest first. */
  events: LogEvent[];
  /** Advance to this only once what was made of `events` is committed. */
  cursor: IngestCursor;
  /** Nothing older than `now − lag` is left unread (held-back trailing lines come in a later call). */
  caughtUp: boolean;
  /** Source lines the new cursor moves past, kept or not. */
  lines: number;
  warnings: string[];
  /** A page after the first failed: the batch holds what the pages before it read (see pullNewLines). */
  error: string | null;
}

const DEFAULT_PAGE_SIZE = 1_000;
const DEFAULT_MAX_PAGES = 10;
const DEFAULT_LAG_MS = 5_000;
const DEFAULT_START_MS = 3_600_000;
/** reassemble()'s own defaults: the hold-back must use the same window and cap. */
const DEFAULT_MAX_GAP_MS = 5_000;
const DEFAULT_MAX_LINES = 2_000;
const KEPT_LEVELS: ReadonlySet<LogLevel> = new Set<LogLevel>(['warning', 'error', 'critical']);

/*
 * LEVEL_QUERY. By default the source is asked for every level, and the events are filtered after
 * reassembly with the pipeline's own rule (group-issues.ts `keep`). A level filter on lines cannot
 * be exact for multi-line events: the Errors sampling's `levels: warning…critical` works where the
 * level is a stream label (Promtail-style `level` on the whole stream, the demo), but a shipper
 * that sets the level per line gives a traceback's frame lines no level, or whatever word Loki's
 * level detection finds in them ("info" in a frame's code), and those lines would be dropped or
 * split from their first line; uvicorn logs 5xx and logger.exception-at-info tracebacks at INFO,
 * which `keep` keeps. Reading every line loses none of them; its cost is bounded per call by
 * pageSize × maxPages. `options.levels` trades that exactness for a smaller read.
 */

function isAfter(pos: LinePosition, e: LogEntry): boolean {
  const c = compareNs(e.timeNs, pos.timeNs);
  return c > 0 || (c === 0 && !pos.seenIds.includes(e.id));
}

function advance(pos: IngestCursor, e: LogEntry): IngestCursor {
  if (e.timeNs === pos.timeNs) return { timeNs: pos.timeNs, seenIds: [...pos.seenIds, e.id] };
  return { timeNs: e.timeNs, seenIds: [e.id] };
}

/** What the pipeline keeps (group-issues.ts `keep` at `minLevel: 'warning'`): a superset, never less. */
function kept(event: LogEvent): boolean {
  if (KEPT_LEVELS.has(event.level)) return true;
  const p = parseEvent(event);
  return KEPT_LEVELS.has(p.level) || p.exception !== undefined || (p.http !== undefined && p.http.status >= 500);
}

const streamKey = (streamId: unknown) => (typeof streamId === 'string' ? streamId : '');

/**
 * Which events to hand out and where the cursor goes. Each stream's last event is held while a
 * line not read yet could continue it: its stream's next line is at or after `boundaryMs` (now −
 * lag when caught up, else the last line read), and reassemble() joins a continuation up to
 * `maxGapMs` after the line before it. There is one cursor for all streams, so it goes back to
 * the first held line and everything after it is read again; an event of another stream that
 * reaches past that point is held with it (handed out, its tail would come back as a new event).
 * null: nothing would move (the caller decides what to do).
 */
function holdBack(
  events: LogEvent[],
  lastOfStream: Map<string, LogEvent>,
  byId: Map<string, LogEntry>,
  boundaryMs: number,
  maxGapMs: number,
  maxLines: number,
  start: IngestCursor,
  pos: IngestCursor,
  caughtUp: boolean,
): { handed: LogEvent[]; cursor: IngestCursor } | null {
  const lastNs = (ev: LogEvent) => (byId.get(ev.entryIds[ev.entryIds.length - 1] as string) as LogEntry).timeNs;
  const held = new Set<LogEvent>();
  for (const ev of lastOfStream.values()) {
    const single = ev.entryIds.length === 1 ? byId.get(ev.id) : undefined;
    // reassemble() ends an event at maxLines, and never continues an entry that holds several lines.
    const closed = ev.entryIds.length >= maxLines || (single !== undefined && entryText(single).includes('\n'));
    if (!closed && boundaryMs - nsToMs(lastNs(ev)) <= maxGapMs) held.add(ev);
  }
  if (held.size === 0) return { handed: events, cursor: pos };
  let cut = [...held].reduce((t, ev) => (compareNs(ev.timeNs, t) < 0 ? ev.timeNs : t), pos.timeNs);
  // Events come sorted by start: from the newest down, a straddling event moves the cut to its start.
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const ev = events[i] as LogEvent;
    if (compareNs(ev.timeNs, cut) < 0 && compareNs(lastNs(ev), cut) > 0) cut = ev.timeNs;
  }
  const handed = events.filter((ev) => !held.has(ev) && compareNs(lastNs(ev), cut) <= 0);
  if (handed.length === 0 && !caughtUp) return null;
  // Lines at the cut's nanosecond that were handed out are listed, as a LinePosition lists them.
  const seenAtCut = handed.flatMap((ev) => ev.entryIds.filter((id) => (byId.get(id) as LogEntry).timeNs === cut));
  return { handed, cursor: { timeNs: cut, seenIds: cut === start.timeNs ? [...start.seenIds, ...seenAtCut] : seenAtCut } };
}

/**
 * Reads forward from `cursor` (or `options.startNs` for a source never read) up to `now − lag`.
 *
 * Failures: the first request failing, or the signal aborting, throws and the cursor stays where
 * it was (the caller records the error; the next call reads the same lines). A later request
 * failing returns what the pages before it read, with `error` set and `caughtUp: false`: those
 * pages were complete, so handing them out is as safe as after a page limit, and a source that
 * fails on a heavy range still makes progress.
 */
export async function pullNewLines(source: ResolvedSource, cursor: IngestCursor | null, options: PullOptions): Promise<PulledBatch> {
  const { adapter, client } = source;
  if (!supports(adapter, 'logs')) throw new TypeError(`Source "${source.instance.id}" has no logs capability: nothing to ingest.`);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? DEFAULT_MAX_PAGES));
  const maxGapMs = options.reassemble?.maxGapMs ?? DEFAULT_MAX_GAP_MS;
  const maxLines = options.reassemble?.maxLines ?? DEFAULT_MAX_LINES;
  const upToMs = Math.floor(options.now - (options.lagMs ?? DEFAULT_LAG_MS));
  /** Exclusive: lines at or after it wait for a later call. */
  const liveUpToNs = msToNs(Math.max(0, upToMs));
  const bounded = options.untilNs !== undefined && compareNs(normalizeNs(options.untilNs), liveUpToNs) < 0;
  const upToNs = bounded ? normalizeNs(options.untilNs as string) : liveUpToNs;
  const start: IngestCursor = cursor
    ? { timeNs: normalizeNs(cursor.timeNs), seenIds: [...cursor.seenIds] }
    : { timeNs: normalizeNs(options.startNs ?? msToNs(Math.max(0, options.now - DEFAULT_START_MS))), seenIds: [] };
  const warnings = new Set<string>();
  const done = (over: Partial<PulledBatch>): PulledBatch => ({ events: [], cursor: start, caughtUp: true, lines: 0, warnings: [...warnings], error: null, ...over });
  if (compareNs(start.timeNs, upToNs) >= 0) return done({});

  const read: LogEntry[] = [];
  let pos: IngestCursor = start;
  let caughtUp = false;
  let error: string | null = null;
  let outOfOrder = 0;
  // Page 1 starts at the stored position (exact ns, the lines seen there left out); later pages
  // follow the adapter's own cursor, which pages past any number of lines at one nanosecond
  // (a position alone would ask Elasticsearch for the same already-seen page again).
  let pageCursor: string | null = null;
  let byPosition = true;
  // nsToMs floors: a bound inside a millisecond asks for that whole millisecond (lines past it are dropped below).
  const range = { from: Math.floor(nsToMs(start.timeNs)), to: bounded ? nsToMs(upToNs) + (upToNs.endsWith('000000') ? 0 : 1) : upToMs };
  for (let page = 0; page < maxPages; page += 1) {
    const params: LogQueryParams = { limit: pageSize, direction: 'forward', cursor: pageCursor };
    if (byPosition) params.newerThan = { timeNs: pos.timeNs, seenIds: pos.seenIds };
    if (options.levels?.length) params.levels = options.levels;
    let result: LogPage;
    try {
      result = await adapter.capabilities.logs(client, params, { signal: options.signal, range });
    } catch (e) {
      if (page === 0 || options.signal.aborted) throw e;
      const err = toSourceError(e, source.instance.id);
      error = err.hint ? `${err.message} ${err.hint}` : err.message;
      break;
    }
    for (const w of result.warnings) warnings.add(w);
    const entries = [...result.entries].sort((a, b) => compareNs(a.timeNs, b.timeNs));
    let reachedEnd = false;
    const before = read.length;
    for (const e of entries) {
      if (compareNs(e.timeNs, upToNs) >= 0) {
        reachedEnd = true;
        continue;
      }
      if (!isAfter(pos, e)) {
        // Behind the position: a line the source returned twice, or one that came back out of
        // order; either way the cursor is already past it.
        if (compareNs(e.timeNs, pos.timeNs) < 0) outOfOrder += 1;
        continue;
      }
      read.push(e);
      pos = advance(pos, e);
    }
    if (!result.truncated || reachedEnd) {
      caughtUp = true;
      break;
    }
    if (result.nextCursor) {
      pageCursor = result.nextCursor;
      byPosition = false;
    } else {
      // Truncated without a cursor: go on from our own position, unless that gains nothing.
      if (byPosition && read.length === before) {
        warnings.add(`The source returned ${pageSize} lines it had already handed out and no way to page past them; ingest stops at ${pos.timeNs} until they fit in a page.`);
        break;
      }
      pageCursor = null;
      byPosition = true;
    }
  }
  if (outOfOrder > 0) warnings.add(`${outOfOrder} line(s) came back older than lines already read and were skipped.`);

  const events = reassemble(read, { ...options.reassemble, order: 'oldest-first' });
  const byId = new Map<string, LogEntry>();
  for (const e of read) byId.set(e.id, e);
  const lastOfStream = new Map<string, LogEvent>();
  for (const ev of events) lastOfStream.set(streamKey(ev.streamId), ev);
  // The hold-back (holdBack). A dense catch-up batch may lie within one reassembly window of its
  // last line: holding all of it would read the same pages forever, so such a batch holds only
  // the events ending at its very last line (most likely the one its page cut), and failing that
  // hands out everything; either may split an event whose continuation is still unread.
  let plan = bounded && caughtUp ? { handed: events, cursor: pos } : holdBack(events, lastOfStream, byId, caughtUp ? upToMs : nsToMs(pos.timeNs), maxGapMs, maxLines, start, pos, caughtUp);
  if (!plan) {
    warnings.add(`Read ${read.length} lines within one reassembly window (${maxGapMs} ms) of the page limit: an event continuing past it may be split in two.`);
    plan = holdBack(events, lastOfStream, byId, nsToMs(pos.timeNs), 0, maxLines, start, pos, caughtUp) ?? { handed: events, cursor: pos };
  }
  const { handed, cursor: next } = plan;
  const lines = handed.reduce((n, ev) => n + ev.entryIds.length, 0);
  return done({ events: handed.filter(kept), cursor: next, caughtUp, lines, error });
}
