/** Renders a log draft into the service's real line format. */
import { fmtAsctime, fmtEcs, fmtSeconds, fmtStructlog, toTsNs } from './timefmt';
import type { SimException, SimLevel, SimLogEvent, SimLogFormat } from './types';

export type KvValue = string | number | boolean;

export interface EcsMeta {
  serviceName: string;
  environment: string;
  version: string;
  host: string;
  pid: number;
  thread?: string;
  traceId?: string;
}

/** A log event before rendering. */
export interface Draft {
  ms: number;
  /** Sub-millisecond nanoseconds, 0..999999. */
  sub: number;
  service: string;
  logger: string;
  level: SimLevel;
  /** For structlog: the event name (key/values go in `kv`). */
  message: string;
  exception: SimException | null;
  format: SimLogFormat;
  incidentId: string | null;
  /** structlog key/values; ecs-json `context`. */
  kv?: Record<string, KvValue>;
  ecs?: EcsMeta;
}

/** Python json.dumps(...) style: `", "` and `": "` separators, ASCII-escaped. */
export function pyJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(', ')}}`;
}

function kvString(kv: Record<string, KvValue> | undefined): string {
  if (!kv) return '';
  return Object.keys(kv)
    .sort()
    .map((k) => {
      const v = kv[k];
      const s = String(v);
      return `${k}=${typeof v === 'string' && /\s/.test(s) ? `'${s}'` : s}`;
    })
    .join(' ');
}

export function renderDraft(d: Draft): SimLogEvent {
  const tb = d.exception ? d.exception.traceback : [];
  let message = d.message;
  let first: string;
  switch (d.format) {
    case 'pipe':
      first = `${fmtAsctime(d.ms)} | ${d.level.padEnd(8)} | ${d.logger} | ${message}`;
      break;
    case 'dash':
      first = `${fmtSeconds(d.ms)} - ${d.logger} - ${d.level} - ${message}`;
      break;
    case 'bracket':
      first = `${fmtAsctime(d.ms)} [${d.level}] ${d.logger}: ${message}`;
      break;
    case 'uvicorn':
      first = `${`${d.level}:`.padEnd(9)} ${message}`;
      break;
    case 'structlog': {
      const kv = kvString(d.kv);
      message = kv ? `${d.message} ${kv}` : d.message;
      first = `${fmtStructlog(d.ms, d.sub)} [${d.level.toLowerCase().padEnd(9)}] ${kv ? `${d.message.padEnd(30)} ${kv}` : d.message}`;
      break;
    }
    case 'ecs-json': {
      const m = d.ecs ?? { serviceName: d.service, environment: 'development', version: '1.0.0', host: d.service, pid: 1 };
      const doc: Record<string, unknown> = {
        '@timestamp': fmtEcs(d.ms, d.sub),
        'log.level': d.level.toLowerCase(),
        'log.logger': d.logger,
        message,
        'service.name': m.serviceName,
        'service.environment': m.environment,
        'service.version': m.version,
        'host.name': m.host,
        'process.pid': m.pid,
      };
      if (m.thread) doc['process.thread.name'] = m.thread;
      if (m.traceId) doc['trace.id'] = m.traceId;
      if (d.kv && Object.keys(d.kv).length > 0) doc.context = d.kv;
      if (d.exception) {
        doc['error.type'] = d.exception.type;
        doc['error.message'] = d.exception.message;
        doc['error.stack_trace'] = d.exception.traceback.join('\n');
      }
      return { ...base(d, message), lines: [pyJson(doc)] };
    }
  }
  return { ...base(d, message), lines: [first, ...tb] };
}

function base(d: Draft, message: string): Omit<SimLogEvent, 'lines'> {
  return {
    tsNs: toTsNs(d.ms, d.sub),
    service: d.service,
    logger: d.logger,
    level: d.level,
    message,
    exception: d.exception,
    format: d.format,
    incidentId: d.incidentId,
  };
}
