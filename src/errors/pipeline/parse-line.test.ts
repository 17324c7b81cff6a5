import { describe, expect, it } from 'vitest';
import { parseEvent } from './parse-event';
import { parseLine } from './parse-line';

describe('parseLine: every layout', () => {
  it('capture-spine pipe', () => {
    expect(parseLine('2026-01-31 10:15:30,123 | ERROR    | capture_spine.api.feeds | Failed to fetch feed https://example.com/rss.xml: Connection timeout')).toEqual({
      time: '2026-01-31 10:15:30,123', level: 'error', logger: 'capture_spine.api.feeds', message: 'Failed to fetch feed https://example.com/rss.xml: Connection timeout',
    });
  });
  it('pipe console variant without a logger', () => {
    expect(parseLine('2026-01-31 10:15:30 | WARNING  | Database connection failed: timeout after 30s')).toMatchObject({ level: 'warning', message: 'Database connection failed: timeout after 30s' });
  });
  it('py-sec-edgar dash: time - logger - LEVEL - msg', () => {
    expect(parseLine('2025-09-14 08:00:02 - py_sec_edgar.workflows.rss - WARNING - Rate limited by SEC (429 Too Many Requests) - sleeping 5s')).toEqual({
      time: '2025-09-14 08:00:02', level: 'warning', logger: 'py_sec_edgar.workflows.rss', message: 'Rate limited by SEC (429 Too Many Requests) - sleeping 5s',
    });
  });
  it('py-sec-edgar file format with funcName:lineno', () => {
    expect(parseLine('2025-09-14 08:00:02 - py_sec_edgar.download - ERROR - fetch_index:142 - Failed to download index')).toMatchObject({ level: 'error', logger: 'py_sec_edgar.download', message: 'Failed to download index' });
  });
  it('dash, other order: time - LEVEL - logger - msg', () => {
    expect(parseLine('2025-01-15 10:30:45,123 - ERROR - capture_spine.alerts - Failed to query Elasticsearch for alerts: ConnectionError')).toMatchObject({
      level: 'error', logger: 'capture_spine.alerts', message: 'Failed to query Elasticsearch for alerts: ConnectionError',
    });
  });
  it('dash: time - LEVEL - msg (entityspine loaders)', () => {
    expect(parseLine('2026-01-03 11:02:03,001 - WARNING - LEI-ISIN file not found: data/lei_isin.csv')).toMatchObject({ level: 'warning', message: 'LEI-ISIN file not found: data/lei_isin.csv' });
  });
  it('dash: time - service - LEVEL - logger - msg (spine-core fallback)', () => {
    expect(parseLine('2026-02-17 22:04:35,095 - capture-spine - ERROR - spine.orchestration.dispatcher - Backpressure: lane normal full')).toMatchObject({
      level: 'error', service: 'capture-spine', logger: 'spine.orchestration.dispatcher', message: 'Backpressure: lane normal full',
    });
  });
  it('bracket: time [LEVEL] logger: msg', () => {
    expect(parseLine('2026-01-03 14:22:10,555 [ERROR] entityspine.loaders.sec: Failed to load companies: HTTP 503')).toMatchObject({
      level: 'error', logger: 'entityspine.loaders.sec', message: 'Failed to load companies: HTTP 503',
    });
  });
  it('bracket: [time] LEVEL: msg', () => {
    expect(parseLine('[2025-01-15 10:30:45] ERROR: Connection refused')).toEqual({ time: '2025-01-15 10:30:45', level: 'error', message: 'Connection refused' });
  });
  it('LEVEL:logger:msg', () => {
    expect(parseLine('WARNING:httpx:HTTP Request failed: 502')).toEqual({ level: 'warning', logger: 'httpx', message: 'HTTP Request failed: 502' });
  });
  it('Uvicorn plain and access lines; a 5xx is an error', () => {
    expect(parseLine('CRITICAL: Ollama service unavailable')).toEqual({ level: 'critical', message: 'Ollama service unavailable' });
    expect(parseLine('INFO:     172.18.0.1:51234 - "GET /api/v1/feeds HTTP/1.1" 200 OK')).toMatchObject({ level: 'info', http: { method: 'GET', path: '/api/v1/feeds', status: 200 } });
    expect(parseLine('INFO:     172.18.0.9:40211 - "POST /v1/completions HTTP/1.1" 503 Service Unavailable')).toMatchObject({
      level: 'error', logger: 'uvicorn.access', http: { method: 'POST', path: '/v1/completions', status: 503 },
    });
  });
  it('structlog console, with and without key/values', () => {
    expect(parseLine('2026-02-17T22:04:48.810500Z [error    ] task.failed                    exc_type=ConnectionRefusedError task_id=3f1c worker=celery@w1')).toEqual({
      time: '2026-02-17T22:04:48.810500Z', level: 'error', message: 'task.failed exc_type=ConnectionRefusedError task_id=3f1c worker=celery@w1',
    });
    expect(parseLine('2026-01-02 22:17:04 [warning  ] heartbeat.missed')).toMatchObject({ level: 'warning', message: 'heartbeat.missed' });
  });
});

describe('JSON lines', () => {
  it('ECS with dotted keys and an error', () => {
    const line = JSON.stringify({
      '@timestamp': '2026-02-17T22:04:35.095528+00:00', 'log.level': 'error', 'log.logger': 'spine.runner', message: 'Step failed',
      'service.name': 'spine', 'error.type': 'RuntimeError', 'error.message': 'Simulated failure',
      'error.stack_trace': 'Traceback (most recent call last):\n  File "/app/spine/runner.py", line 12, in run\n    raise RuntimeError("Simulated failure")\nRuntimeError: Simulated failure',
    });
    const p = parseEvent({ text: line });
    expect(p).toMatchObject({ time: '2026-02-17T22:04:35.095528+00:00', level: 'error', logger: 'spine.runner', message: 'Step failed', exception: { type: 'RuntimeError', message: 'Simulated failure' } });
    expect(p.frames).toEqual([{ file: '/app/spine/runner.py', line: 12, fn: 'run', code: 'raise RuntimeError("Simulated failure")', inApp: true }]);
  });
  it('ECS with nested keys', () => {
    const line = JSON.stringify({ '@timestamp': '2026-02-17T22:04:35Z', log: { level: 'warning', logger: 'genai_spine.providers' }, message: 'OpenAI API rate limit reached', error: { type: 'RateLimitError', message: 'quota' } });
    expect(parseEvent({ text: line })).toMatchObject({ level: 'warning', logger: 'genai_spine.providers', message: 'OpenAI API rate limit reached', exception: { type: 'RateLimitError', message: 'quota' } });
  });
  it('structlog JSON (event + level + bound values)', () => {
    const line = '{"event": "feed_run.failed", "level": "error", "logger": "app.pipelines.fetch", "timestamp": "2026-02-17T22:04:48.810500Z", "feed": "sec-rss", "run_id": "r_12"}';
    expect(parseLine(line)).toMatchObject({ level: 'error', logger: 'app.pipelines.fetch', message: 'feed_run.failed feed=sec-rss run_id=r_12' });
  });
  it('capture-spine JsonFormatter with an exception string', () => {
    const line = '{"timestamp": "2026-01-31T18:40:15.456Z", "level": "CRITICAL", "logger": "genai_spine.providers.ollama", "message": "Ollama service unavailable", "exception": "ConnectionRefusedError: [Errno 111] Connection refused"}';
    expect(parseEvent({ text: line })).toMatchObject({ level: 'critical', exception: { type: 'ConnectionRefusedError', message: '[Errno 111] Connection refused' }, frames: [] });
  });
});

describe('hostile input never throws', () => {
  const cases: [string, string][] = [
    ['huge line', '2026-01-31 10:15:30,123 | ERROR    | x | ' + 'A'.repeat(2_000_000)],
    ['NUL bytes', '2026-01-31 10:15:30,123 | ERROR\u0000 | x\u0000 | boom\u0000'],
    ['JSON-looking garbage', '{"log.level": "error", "message": "unterminated'],
    ['JSON array', '[1,2,3]'],
    ['deeply nested JSON', '{"a":'.repeat(500) + '1' + '}'.repeat(500)],
    ['ANSI escapes', '\u001b[2m2026-02-17T22:04:48.810500Z\u001b[0m [\u001b[31m\u001b[1merror    \u001b[0m] \u001b[1mtask.failed\u001b[0m x=1'],
    ['only a header', 'Traceback (most recent call last):'],
    ['broken frame', '  File "unterminated, line x, in'],
    ['empty', ''],
    ['lone surrogate', '\ud800 ERROR: \udfff'],
  ];
  it.each(cases)('%s', (_name, text) => {
    expect(() => parseLine(text)).not.toThrow();
    expect(() => parseEvent({ text: text + '\n' + text })).not.toThrow();
  });
  it('strips ANSI before parsing', () => {
    expect(parseLine(cases[5]?.[1] ?? '')).toMatchObject({ level: 'error', message: 'task.failed x=1' });
  });
});
