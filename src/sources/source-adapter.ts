/**
 * The adapter contract (types only). An adapter is a plain object per source kind; a source
 * instance is data ({ id, kind, label, config }) the host or the server's runtime config supplies.
 */
import type { z } from 'zod';
import type { SourceError } from './source-error';
import type { ServerDescriptor } from './server-descriptor';
import type { SourceKind } from './registry';
import type {
  ConnectionTest,
  DetectedFieldReport,
  DetectedFieldValues,
  FeedStatusReport,
  HistoryKind,
  LogContext,
  LogEntry,
  LogLevel,
  LogPage,
  LogPatternReport,
  LogVolumeBucket,
  QueueStatsReport,
  ServiceHealthReport,
  SourceHistory,
} from '@/lib/model';

/** The built-in kinds: the `kind`s of the registry's adapters (registry.ts). */
export type { SourceKind } from './registry';

/**
 * A configured data source: data, not code. `Kind` is a built-in kind unless the console was
 * given its own adapter list (`SpineConsole`'s `adapters`).
 */
export interface SourceInstance<Kind extends string = SourceKind> {
  id: string;
  kind: Kind;
  label: string;
  /** Validated by the adapter's configSchema when the client is created. */
  config: unknown;
}

/** What an adapter gets from its host: never globals. */
export interface AdapterDeps {
  sourceId: string;
  /** The host's (possibly authenticated) fetch. */
  fetch: typeof fetch;
  /** The clock; tests and the demo freeze or speed it up. */
  now: () => number;
}

/** An absolute time window, ms since the epoch, resolved when the query runs. */
export interface ResolvedRange {
  from: number;
  to: number;
}

export interface QueryContext {
  signal: AbortSignal;
  range: ResolvedRange;
}

/**
 * A filter on a field the source's own `detectedFields` reported (Loki: a label-filter stage after
 * its parser). Sent only to a source with `detectedFields` (CapabilityParams).
 */
// Source-neutral: `parsers` is opaque to the console (copied from DetectedField.parsers, read by the adapter only).
export interface FieldFilter {
  /** The label the filter compares (`DetectedField.filter.label`). */
  field: string;
  /** How the source extracts it, as `DetectedField.parsers` said (Loki: `json`, `logfmt`; empty for structured metadata). */
  parsers: string[];
  /** `=` keeps lines whose field equals the value (several values of one field: any of them); `!=` drops them. */
  op: '=' | '!=';
  /** Compared as a string, taken literally. */
  value: string;
}

/**
 * Parameters of a log query that every log source understands. What only some sources take lives
 * with the capability that produces it (CapabilityParams), typed by the adapter.
 */
export interface LogQueryParams {
  /** Free text the user typed: matched as a literal substring, never as query syntax. */
  text?: string;
  /** A raw LogQL / Lucene query typed by a power user; replaces the built query. */
  raw?: string;
  services?: string[];
  levels?: LogLevel[];
  limit: number;
  direction?: 'backward' | 'forward';
  /** Opaque cursor from a previous LogPage. */
  cursor?: string | null;
  /**
   * Only the lines after one already shown (what a refresh asks for): `timeNs` at or after
   * `newerThan.timeNs` (exact nanoseconds, inclusive) except `newerThan.seenIds`, the lines already
   * shown at exactly that nanosecond. `range.from` may be earlier (it has ms precision); the
   * adapter applies the exact bound, on the server where it can.
   */
  newerThan?: LinePosition;
}

/** A place in a listing: a nanosecond timestamp and the ids of the lines already shown at it. */
export interface LinePosition {
  timeNs: string;
  seenIds: readonly string[];
}

/** Parameters of `logContext`: the line (as this source returned it) and how many lines each side. */
export interface LogContextParams {
  entry: Pick<LogEntry, 'id' | 'timeNs' | 'streamId' | 'service' | 'labels'>;
  limit: number;
}

/** Receives a live tail's lines as they arrive. */
export interface TailHandlers {
  onEntries: (entries: LogEntry[]) => void;
  /** The tail stopped (connection closed, server error); the view may restart it. */
  onError: (error: SourceError) => void;
  /** Lines the server skipped (Loki's dropped_entries). */
  onDropped?: (count: number) => void;
}

export type TailParams = Omit<LogQueryParams, 'limit' | 'cursor' | 'direction' | 'newerThan'> & { limit: number; sinceMs: number };

/** The filters of a log query without paging: what volume, patterns and fields are computed over. */
export type LogFilterParams = Omit<LogQueryParams, 'limit' | 'cursor' | 'direction' | 'newerThan'>;

/**
 * Log-query parameters only a capability's own results produce, keyed by that capability: a source
 * takes them back only if it has the capability, so the shared params never carry them (Grafana
 * keeps such fields in its Loki query type). An adapter with these capabilities declares them as
 * its `Extra` (SourceAdapter); `supports(adapter, 'logPatterns')` types them for a view.
 */
export interface CapabilityParams {
  /** One of this source's `logPatterns` (`LogPattern.pattern`), in its own syntax (Loki: `|> "…"`). */
  logPatterns: { pattern?: string };
  /** Filters on fields this source's `detectedFields` reported, applied after every other filter (and after a raw query). */
  detectedFields: { fields?: FieldFilter[] };
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The extra log parameters the capabilities `C` produce, together (`unknown`: none). */
export type ParamsFrom<C extends Capability> = UnionToIntersection<CapabilityParams[C & keyof CapabilityParams]>;

/**
 * An adapter's capability functions; its log capabilities also take `Extra`, the parameters its
 * own capabilities produce (`ParamsFrom`). `unknown`: the shared parameters only.
 */
export interface CapabilityFns<Client, Extra = unknown> {
  /** Streams new lines until `signal` aborts (Loki: the /tail WebSocket through the proxy). */
  tail: (client: Client, params: TailParams & Extra, handlers: TailHandlers, signal: AbortSignal) => void;
  serviceHealth: (client: Client, params: Record<string, never>, ctx: QueryContext) => Promise<ServiceHealthReport>;
  feedStatus: (client: Client, params: Record<string, never>, ctx: QueryContext) => Promise<FeedStatusReport>;
  queueStats: (client: Client, params: Record<string, never>, ctx: QueryContext) => Promise<QueueStatsReport>;
  logs: (client: Client, params: LogQueryParams & Extra, ctx: QueryContext) => Promise<LogPage>;
  /**
   * The lines just before and after one line, in that line's own stream, within `ctx.range`
   * (Grafana's getLogRowContext). Exact nanosecond bounds: the line itself is left out (by id),
   * other lines at its nanosecond are kept. Without it, views fall back to a `logs` query.
   */
  logContext: (client: Client, params: LogContextParams, ctx: QueryContext) => Promise<LogContext>;
  /**
   * Every service with lines in the range, from the source's index (Loki: label values), for the
   * service picker: the loaded lines name only the services among the newest lines.
   */
  logServices: (client: Client, params: Record<string, never>, ctx: QueryContext) => Promise<string[]>;
  logVolume: (
    client: Client,
    params: LogFilterParams & Extra & { stepMs: number },
    ctx: QueryContext,
  ) => Promise<LogVolumeBucket[]>;
  /** Check, feed-state and queue-depth history over the range, sampled every `stepMs` (alert backtests). */
  history: (client: Client, params: { kinds: HistoryKind[]; stepMs: number; services?: string[] }, ctx: QueryContext) => Promise<SourceHistory>;
  /**
   * Families of similar lines with counts per step. A server that turns out not to have the
   * feature (older version, endpoint disabled) rejects with SourceError('unsupported').
   */
  logPatterns: (client: Client, params: LogFilterParams & Extra & { stepMs: number }, ctx: QueryContext) => Promise<LogPatternReport>;
  /** Fields found by parsing the lines, with their cardinality; 'unsupported' as for logPatterns. */
  detectedFields: (client: Client, params: LogFilterParams & Extra, ctx: QueryContext) => Promise<DetectedFieldReport>;
  /** The distinct values of one detected field (`name` as `detectedFields` reported it); 'unsupported' as above. */
  detectedFieldValues: (client: Client, params: LogFilterParams & Extra & { name: string }, ctx: QueryContext) => Promise<DetectedFieldValues>;
}

export type Capability = keyof CapabilityFns<unknown>;

export const capabilityLabels: Record<Capability, string> = {
  serviceHealth: 'service health',
  feedStatus: 'feed status',
  queueStats: 'queue stats',
  logs: 'logs',
  logContext: 'line context',
  logServices: 'service list',
  logVolume: 'log volume',
  tail: 'live tail',
  history: 'history',
  logPatterns: 'log patterns',
  detectedFields: 'detected fields',
  detectedFieldValues: 'detected field values',
};

/**
 * `Extra`: the log parameters beyond the shared ones that this adapter's log capabilities take,
 * `ParamsFrom` the capabilities it has that produce them (Loki: `LokiLogParams`). A view sends
 * them only to a source with those capabilities, so an adapter without them has nothing to reject.
 */
export interface SourceAdapter<Config = unknown, Client = unknown, Kind extends string = string, Extra = unknown> {
  kind: Kind;
  displayName: string;
  /**
   * Its `logs` are a store of every log line (Loki, Elasticsearch), not a side view such as
   * capture-spine's alerts. Views that pick one log source on their own prefer such a store.
   */
  logStore?: boolean;
  /** The native query language a user may type in the Logs view's raw mode (`raw`); absent: raw mode is off. */
  rawQueryLanguage?: string;
  /** Its counts are of lines, not events (a traceback of several lines counts more than once). */
  countsLines?: boolean;
  /** How the console server configures, authenticates and proxies a source of this kind. */
  server?: ServerDescriptor<Config>;
  /** Turns unknown instance config into typed config; failures become SourceError('config'). */
  configSchema: z.ZodType<Config>;
  createClient: (config: Config, deps: AdapterDeps) => Client;
  testConnection: (client: Client, options: { signal: AbortSignal }) => Promise<ConnectionTest>;
  capabilities: Partial<CapabilityFns<Client, Extra>>;
}

/** An adapter whose client type is erased: what the registry and the provider hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySourceAdapter = SourceAdapter<any, any>;
