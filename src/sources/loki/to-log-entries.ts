/**
 * Loki streams → LogEntry[], merged across streams into one order. Pure.
 * Loki orders entries only within a stream; equal nanosecond timestamps are legal, so ties are
 * broken by stream key, then by the entry's index inside its stream (stable and deterministic).
 */
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

/** 64-bit-ish FNV-1a (two 32-bit lanes) as 16 hex chars: short, stable ids. */
export function hashString(value: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ value.length;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  // join() builds one flat string; `+` would leave a rope of three heap objects per id.
  return [(h1 >>> 0).toString(16).padStart(8, '0'), (h2 >>> 0).toString(16).padStart(8, '0')].join('');
}

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

interface Sortable {
  entry: LogEntry;
  key: string;
  index: number;
}

export function toLogEntries(streams: readonly LokiStream[], options: LokiEntryOptions): LogEntry[] {
  const rows: Sortable[] = [];
  const seen = new Map<string, number>();
  const levelKeys = [...options.levelLabel, 'level', 'detected_level'];
  for (const stream of streams) {
    const key = streamKey(stream.stream);
    const keyHash = hashString(key);
    // Level and service from the stream's labels are worked out once per stream, not per line.
    const streamLevel = labelLevel(stream.stream, levelKeys);
    const streamService = pickService(stream.stream, options.serviceLabel);
    stream.values.forEach((value, index) => {
      const [rawTs, line] = value;
      const timeNs = normalizeNs(rawTs);
      // Entries without metadata share their stream's label object: one object per stream, not
      // per line (100,000 lines are held at once). Labels are never mutated.
      const ownLabels = value[2] !== undefined && Object.keys(value[2]).length > 0;
      const labels = ownLabels ? withMetadata(value, stream.stream) : stream.stream;
      // Flat strings (join), not ropes: ids live as long as the lines.
      const base = [keyHash, timeNs, hashString(line)].join(':');
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      rows.push({
        key,
        index,
        entry: {
          id: [base, occurrence].join(':'),
          timeNs,
          service: ownLabels ? pickService(labels, options.serviceLabel) : streamService,
          level: (ownLabels ? labelLevel(labels, levelKeys) : streamLevel) ?? sniffLevel(line),
          message: line,
          labels,
          raw: line,
          streamId: key,
        },
      });
    });
  }
  const sign = options.direction === 'backward' ? -1 : 1;
  rows.sort(
    (a, b) =>
      sign * compareCanonicalNs(a.entry.timeNs, b.entry.timeNs) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      a.index - b.index,
  );
  return rows.map((r) => r.entry);
}
