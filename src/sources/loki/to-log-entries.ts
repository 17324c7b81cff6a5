/**
 * Loki streams → LogEntry[], merged across streams into one order. Pure.
 * Loki orders entries only within a stream; equal nanosecond timestamps are legal, so ties are
 * broken by stream key, then by the entry's index inside its stream (stable and deterministic).
 */
import { flatJoin } from '@/lib/flat-join';
import { FNV1A32_OFFSET, FNV1A32_PRIME } from '@/lib/fnv';
import type { LogEntry, LogLevel } from '@/lib/model';
import { compareCanonicalNs, normalizeNs } from '@/lib/nanotime';
import type { LokiEntry, LokiStream } from './api-schemas';
import { normalizeLevel, sniffLevel } from '@/lib/log-level';

export interface LokiEntryOptions {
  serviceLabel: readonly string[];
  levelLabel: readonly string[];
  direction: 'backward' | 'forward';
}

/** `{a="1", b="2"}` with keys sorted and values escaped: the stream's identity. */
export function streamKey(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(', ')}}`;
}

/** One `name="value"` of a stream key, then `, ` or the closing brace (sticky: read in one pass). */
const STREAM_KEY_PAIR = /([^=]+)=("(?:[^"\\]|\\.)*")(?:, |(?=\}$))/y;

/**
 * The stream labels written by `streamKey`, as [name, value] pairs (an array, so a label named
 * `__proto__` stays a label); null for text `streamKey` did not write. A LogEntry's `labels` also
 * hold structured metadata and parsed fields, which a stream selector cannot match: its `streamId`
 * holds the stream labels alone.
 */
export function parseStreamKey(key: string): Array<[string, string]> | null {
  if (!key.startsWith('{') || !key.endsWith('}')) return null;
  const pairs: Array<[string, string]> = [];
  const pair = new RegExp(STREAM_KEY_PAIR);
  pair.lastIndex = 1;
  while (pair.lastIndex < key.length - 1) {
    const m = pair.exec(key);
    if (!m) return null;
    let value: unknown;
    try {
      value = JSON.parse(m[2]!);
    } catch {
      return null;
    }
    if (typeof value !== 'string') return null;
    pairs.push([m[1]!, value]);
  }
  return pairs;
}

/**
 * Two 32-bit lanes of `value`, written to `out[at]` and `out[at + 1]`: the first is exactly
 * `fnv1a32(value)`, the second a murmur-style mix. Both in one pass over the text: a second pass
 * for lane two measured ~25% slower hashing on 5,000 lines of 200 characters (Node 20).
 */
function hashLanes(value: string, out: Uint32Array, at: number): void {
  let h1 = FNV1A32_OFFSET;
  let h2 = FNV1A32_PRIME ^ value.length;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, FNV1A32_PRIME);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[at] = h1;
  out[at + 1] = h2;
}

/** 64-bit-ish FNV-1a (two 32-bit lanes) as 16 hex chars: short, stable ids. */
export function hashString(value: string): string {
  const lanes = new Uint32Array(2);
  hashLanes(value, lanes, 0);
  return `${lanes[0]!.toString(16).padStart(8, '0')}${lanes[1]!.toString(16).padStart(8, '0')}`;
}

/** Two lowercase hex digits for each byte value: hex built from constants, no temporary strings. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function asStringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, stringify(v)]));
}

/**
 * The optional third tuple element: 3.x categorize-labels `{structuredMetadata?, parsed?}`
 * (possibly `{}`), or Loki 2.9's flat structured metadata `{k: v}`.
 */
export function entryMetadata(entry: LokiEntry): { structuredMetadata: Record<string, string>; parsed: Record<string, string> } {
  const meta = entry[2];
  if (!meta) return { structuredMetadata: {}, parsed: {} };
  const keys = Object.keys(meta);
  const categorized = keys.every(
    (k) => (k === 'structuredMetadata' || k === 'parsed') && typeof meta[k] === 'object' && meta[k] !== null,
  );
  if (categorized) return { structuredMetadata: asStringRecord(meta.structuredMetadata), parsed: asStringRecord(meta.parsed) };
  return { structuredMetadata: asStringRecord(meta), parsed: {} };
}

function withMetadata(entry: LokiEntry, streamLabels: Record<string, string>): Record<string, string> {
  const { structuredMetadata, parsed } = entryMetadata(entry);
  return { ...parsed, ...structuredMetadata, ...streamLabels };
}

/** The level the labels give, or null (then the line itself is sniffed). */
function labelLevel(labels: Record<string, string>, levelKeys: readonly string[]): LogLevel | null {
  for (const key of levelKeys) {
    const level = normalizeLevel(labels[key]);
    if (level) return level;
  }
  return null;
}

function pickService(labels: Record<string, string>, serviceLabel: readonly string[]): string | null {
  for (const key of serviceLabel) {
    const value = labels[key];
    if (value && value !== 'unknown_service') return value;
  }
  return null;
}

/** Whether an object has an own key, without building the array of its keys. */
function hasOwnKeys(value: object | undefined): boolean {
  if (!value) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

/**
 * The merged entries of one response. It allocates, per line, only what the entry keeps (the
 * entry and its id): sorting goes through index arrays and the id is joined from a reused array
 * of constant pieces. A page is read in one go, so a minor GC in the middle finds these young
 * pages nearly all live and promotes them whole; per-line temporaries (sort records, the arrays
 * fed to join, map keys) then died in the old generation, around the entries, and left 12 MB of
 * holes per 100,000 lines for the first full collection to compact (docs/PERFORMANCE.md).
 */
export function toLogEntries(streams: readonly LokiStream[], options: LokiEntryOptions): LogEntry[] {
  const levelKeys = [...options.levelLabel, 'level', 'detected_level'];
  const keys = streams.map((stream) => streamKey(stream.stream));
  const keyHashes = keys.map(hashString);
  // Level and service from the stream's labels are worked out once per stream, not per line.
  const streamLevels = streams.map((stream) => labelLevel(stream.stream, levelKeys));
  const streamServices = streams.map((stream) => pickService(stream.stream, options.serviceLabel));

  let total = 0;
  for (const stream of streams) total += stream.values.length;
  const streamOf = new Int32Array(total);
  const indexOf = new Int32Array(total);
  const lanes = new Uint32Array(total * 2);
  const times: string[] = new Array<string>(total);
  let row = 0;
  streams.forEach((stream, s) => {
    stream.values.forEach((value, index) => {
      streamOf[row] = s;
      indexOf[row] = index;
      times[row] = normalizeNs(value[0]);
      hashLanes(value[1], lanes, row * 2);
      row += 1;
    });
  });

  // Loki orders entries only within a stream; equal nanosecond timestamps are legal, so ties
  // are broken by stream key, then by the entry's index inside its stream.
  const sign = options.direction === 'backward' ? -1 : 1;
  const order = Array.from({ length: total }, (_, i) => i);
  order.sort((a, b) => {
    const byTime = compareCanonicalNs(times[a]!, times[b]!);
    if (byTime !== 0) return sign * byTime;
    const ka = keys[streamOf[a]!]!;
    const kb = keys[streamOf[b]!]!;
    return ka < kb ? -1 : ka > kb ? 1 : indexOf[a]! - indexOf[b]!;
  });

  // id = keyHash:timeNs:lineHash:occurrence, as hashString and join always gave (shared links keep
  // working). `occurrence` counts identical lines at one timestamp in one stream: those are
  // neighbours in this order, so only the run of equal (timestamp, stream) is searched.
  const parts = new Array<string>(14).fill(':');
  const entries = new Array<LogEntry>(total);
  let runStart = 0;
  for (let at = 0; at < total; at += 1) {
    const r = order[at]!;
    const s = streamOf[r]!;
    const timeNs = times[r]!;
    if (at > 0) {
      const prev = order[at - 1]!;
      if (times[prev] !== timeNs || keys[streamOf[prev]!] !== keys[s]) runStart = at;
    }
    const h1 = lanes[r * 2]!;
    const h2 = lanes[r * 2 + 1]!;
    let occurrence = 0;
    for (let k = runStart; k < at; k += 1) {
      const o = order[k]!;
      if (lanes[o * 2] === h1 && lanes[o * 2 + 1] === h2) occurrence += 1;
    }
    parts[0] = keyHashes[s]!;
    parts[2] = timeNs;
    parts[4] = HEX_BYTE[h1 >>> 24]!;
    parts[5] = HEX_BYTE[(h1 >>> 16) & 255]!;
    parts[6] = HEX_BYTE[(h1 >>> 8) & 255]!;
    parts[7] = HEX_BYTE[h1 & 255]!;
    parts[8] = HEX_BYTE[h2 >>> 24]!;
    parts[9] = HEX_BYTE[(h2 >>> 16) & 255]!;
    parts[10] = HEX_BYTE[(h2 >>> 8) & 255]!;
    parts[11] = HEX_BYTE[h2 & 255]!;
    parts[13] = String(occurrence);

    const stream = streams[s]!;
    const value = stream.values[indexOf[r]!]!;
    const line = value[1];
    // Entries without metadata share their stream's label object: one object per stream, not
    // per line (100,000 lines are held at once). Labels are never mutated.
    const ownLabels = hasOwnKeys(value[2]);
    const labels = ownLabels ? withMetadata(value, stream.stream) : stream.stream;
    entries[at] = {
      id: flatJoin(parts),
      timeNs,
      service: ownLabels ? pickService(labels, options.serviceLabel) : (streamServices[s] ?? null),
      level: (ownLabels ? labelLevel(labels, levelKeys) : (streamLevels[s] ?? null)) ?? sniffLevel(line),
      message: line,
      labels,
      raw: line,
      streamId: keys[s]!,
    };
  }
  return entries;
}
