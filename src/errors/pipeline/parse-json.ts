/**
 * JSON log lines: ECS (spine-core: `@timestamp`, `log.level`, `log.logger`, `error.type`,
 * `error.message`, `error.stack_trace`; keys dotted, nested or mixed), structlog JSON (`event`,
 * `level`, `exception`) and capture-spine's JsonFormatter (`timestamp`, `level`, `logger`,
 * `message`, `exception`). Invalid JSON that looks like JSON returns null; never throws.
 */
import type { LogLevel } from '@/lib/model';
import { levelOf } from './levels';

export interface JsonLine {
  time?: string;
  level?: LogLevel;
  logger?: string;
  service?: string;
  message: string;
  errorType?: string;
  errorMessage?: string;
  /** A formatted traceback (`error.stack_trace`, `exception`, `exc_info`). */
  stackTrace?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `a.b.c` from `{ "a.b.c" }`, `{ a: { b: { c } } }` or `{ "a.b": { c } }`. */
export function getField(obj: Obj, path: string, depth = 0): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, path)) return obj[path];
  if (depth > 8) return undefined;
  let dot = path.indexOf('.');
  while (dot > 0) {
    const head = obj[path.slice(0, dot)];
    if (isObj(head)) {
      const v = getField(head, path.slice(dot + 1), depth + 1);
      if (v !== undefined) return v;
    }
    dot = path.indexOf('.', dot + 1);
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function first(obj: Obj, paths: readonly string[]): string | undefined {
  for (const p of paths) {
    const v = str(getField(obj, p));
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

const SKIP_KV = new Set(['event', 'level', 'log', 'logger', 'timestamp', '@timestamp', 'exception', 'exc_info', 'stack_info']);

/** structlog JSON: `event` plus the bound key/values, rendered like the console renderer. */
function structlogMessage(obj: Obj, event: string): string {
  const kv: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (SKIP_KV.has(k) || k.includes('.')) continue;
    const v = obj[k];
    const s = str(v);
    if (s === undefined) continue;
    kv.push(`${k}=${typeof v === 'string' && /\s/.test(s) ? `'${s}'` : s}`);
  }
  return kv.length > 0 ? `${event} ${kv.join(' ')}` : event;
}

/** Parses one JSON log line; null when it is not a JSON object. */
export function parseJsonLine(line: string): JsonLine | null {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObj(obj)) return null;
  const level = levelOf(first(obj, ['log.level', 'level', 'levelname', 'severity', 'log_level'])) ?? undefined;
  const msg = first(obj, ['message', 'msg']);
  const event = msg === undefined ? first(obj, ['event']) : undefined;
  const message = msg ?? (event !== undefined ? structlogMessage(obj, event) : '');
  let errorType = first(obj, ['error.type', 'exc_type', 'exception.type']);
  let errorMessage = first(obj, ['error.message', 'exception.message']);
  let stackTrace = first(obj, ['error.stack_trace', 'exception.stacktrace', 'exc_info', 'stack_trace']);
  const exception = str(getField(obj, 'exception'));
  if (exception !== undefined && exception !== '') {
    if (exception.includes('\n') || exception.startsWith('Traceback')) stackTrace ??= exception;
    else {
      // "ConnectionRefusedError: [Errno 111] Connection refused"
      const i = exception.indexOf(': ');
      errorType ??= i > 0 ? exception.slice(0, i) : exception;
      errorMessage ??= i > 0 ? exception.slice(i + 2) : '';
    }
  }
  return {
    time: first(obj, ['@timestamp', 'timestamp', 'time', 'ts', 'asctime']),
    level,
    logger: first(obj, ['log.logger', 'logger', 'logger_name', 'name']),
    service: first(obj, ['service.name', 'service']),
    message,
    errorType,
    errorMessage,
    stackTrace,
  };
}
