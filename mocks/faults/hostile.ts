/**
 * The `hostile-logs` scenario: log lines built to attack the page (markup, scripts, terminal escape
 * sequences, bidi overrides, NUL bytes, invalid UTF-8, a 1 MB line, 10,000 labels), injected at
 * the top of each source's real answer. Every one must be shown as inert text.
 */
import { HttpResponse } from 'msw';
import { parseLossless, stringifyLossless } from '../wire/elasticsearch';
import type { SourceName } from './catalog';

const INVALID_UTF8_MARK = '@@INVALID_UTF8@@';
const INVALID_UTF8_BYTES = [0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x28, 0x8c, 0x28];
export const HOSTILE_SERVICE = 'hostile-svc';
export const HUGE_LINE_BYTES = 1_048_576;
export const MANY_LABELS = 10_000;

/** Each line names itself after `HOSTILE` so tests can find it. */
export const HOSTILE_LINES: readonly string[] = [
  'HOSTILE html <script>window.__pwned="script"</script><b>bold?</b>',
  'HOSTILE img <img src=x onerror="window.__pwned=\'img\'"><svg onload="window.__pwned=\'svg\'"></svg>',
  'HOSTILE link <a href="javascript:window.__pwned=\'link\'">click me</a> javascript:window.__pwned="bare"',
  'HOSTILE iframe <iframe src="javascript:window.__pwned=\'iframe\'"></iframe><style>body{display:none}</style>',
  'HOSTILE ansi \u001b[31mred\u001b[0m \u001b[1;33;44mbold yellow on blue\u001b[0m \u001b[38;5;196m256\u001b[0m \u001b[38;2;255;0;0mtruecolor\u001b[0m',
  'HOSTILE osc8 \u001b]8;;javascript:window.__pwned=\'osc8\'\u001b\\click here\u001b]8;;\u001b\\ and \u001b]8;;https://evil.example/\u0007evil\u001b]8;;\u0007',
  'HOSTILE cursor \u001b[2J\u001b[H\u001b[10A\u001b[999C\u001b[s\u001b[u\u001b[K\u001b[?25l\u001b[6n overwritten?',
  'HOSTILE title \u001b]0;pwned window title\u0007 \u001b]52;c;d2luZG93Ll9fcHduZWQ=\u0007 clipboard',
  'HOSTILE bidi user \u202egnp.exe\u202c admin \u2066isolate\u2069 \u200fRLM \u202dLRO\u202c',
  'HOSTILE nul before\u0000after\u0000\u0000 bell\u0007 backspace\u0008\u0008',
  `HOSTILE utf8 invalid bytes: ${INVALID_UTF8_MARK} end`,
  'HOSTILE template {{constructor.constructor("window.__pwned=1")()}} ${window.__pwned=1} %s%n%x',
  `HOSTILE huge ${'A'.repeat(HUGE_LINE_BYTES)}`,
];

const MANY_LABELS_LINE = 'HOSTILE labels: this stream has 10,000 labels';

function manyLabels(): Record<string, string> {
  const labels: Record<string, string> = { service_name: HOSTILE_SERVICE, level: 'error' };
  for (let i = 0; i < MANY_LABELS; i += 1) labels[`label_${String(i).padStart(5, '0')}`] = `value-${i}-<b>x</b>`;
  return labels;
}

/** JSON text → bytes, with the marker replaced by bytes that are not valid UTF-8. */
function withInvalidUtf8(text: string): Uint8Array {
  const enc = new TextEncoder();
  const parts = text.split(INVALID_UTF8_MARK).map((p) => enc.encode(p));
  const size = parts.reduce((n, p) => n + p.length, 0) + (parts.length - 1) * INVALID_UTF8_BYTES.length;
  const out = new Uint8Array(size);
  let at = 0;
  parts.forEach((p, i) => {
    if (i > 0) {
      out.set(INVALID_UTF8_BYTES, at);
      at += INVALID_UTF8_BYTES.length;
    }
    out.set(p, at);
    at += p.length;
  });
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function lokiStreams(nowMs: number): Obj[] {
  const ns = (i: number) => `${BigInt(nowMs - 1_000 - i * 10) * 1_000_000n}`;
  return [
    { stream: { service_name: HOSTILE_SERVICE, level: 'error', '<script>label</script>': 'javascript:alert(1)' }, values: HOSTILE_LINES.map((line, i) => [ns(i), line]) },
    { stream: manyLabels(), values: [[ns(HOSTILE_LINES.length), MANY_LABELS_LINE]] },
  ];
}

function esHits(nowMs: number, sortTemplate: unknown): Obj[] {
  const lines = [...HOSTILE_LINES, MANY_LABELS_LINE];
  return lines.map((line, i) => {
    const ms = nowMs - 1_000 - i * 10;
    const source: Obj = { '@timestamp': new Date(ms).toISOString(), message: line, log: { level: 'error' }, service: { name: HOSTILE_SERVICE } };
    if (line === MANY_LABELS_LINE) source.labels = manyLabels();
    return { _index: 'spine-logs-hostile', _id: `hostile-${i}`, _score: null, _source: source, ...(sortTemplate === undefined ? {} : { sort: sortTemplate }) };
  });
}

function spineAlerts(nowMs: number): Obj[] {
  return [...HOSTILE_LINES, MANY_LABELS_LINE].map((message, i) => ({
    timestamp: new Date(nowMs - 1_000 - i * 10).toISOString(),
    level: 'ERROR',
    service: HOSTILE_SERVICE,
    logger: '<img src=x onerror="window.__pwned=\'logger\'">',
    message,
    exception: i === 0 ? 'Traceback (most recent call last):\n  File "<script>alert(1)</script>", line 1\nHostileError: <b>boom</b>' : null,
  }));
}

function injectEs(json: Obj, nowMs: number): Obj {
  if (Array.isArray(json.responses)) return { ...json, responses: json.responses.map((r) => (isObj(r) ? injectEs(r, nowMs) : r)) };
  const hits = json.hits;
  if (!isObj(hits) || !Array.isArray(hits.hits)) return json;
  const first = hits.hits[0];
  return { ...json, hits: { ...hits, hits: [...esHits(nowMs, isObj(first) ? first.sort : undefined), ...hits.hits] } };
}

/** The happy-path answer with the hostile lines added where each source puts log lines. */
export async function injectHostile(source: SourceName, response: Response, nowMs: number): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const keep = () => new HttpResponse(text, { status: response.status, headers });
  if (!response.ok) return keep();
  let json: unknown;
  try {
    json = source === 'elasticsearch' ? parseLossless(text) : JSON.parse(text);
  } catch {
    return keep();
  }
  if (!isObj(json)) return keep();
  let next: Obj | null = null;
  if (source === 'capture-spine' && Array.isArray(json.alerts)) next = { ...json, alerts: [...spineAlerts(nowMs), ...json.alerts] };
  if (source === 'loki' && isObj(json.data) && json.data.resultType === 'streams' && Array.isArray(json.data.result)) {
    next = { ...json, data: { ...json.data, result: [...lokiStreams(nowMs), ...json.data.result] } };
  }
  if (source === 'elasticsearch') next = injectEs(json, nowMs);
  if (!next) return keep();
  const out = source === 'elasticsearch' ? stringifyLossless(next) : JSON.stringify(next);
  return new HttpResponse(withInvalidUtf8(out), { status: response.status, headers });
}
