import { describe, expect, it } from 'vitest';
import { reassemble } from './reassemble';
import { TOKEN_LINE, TOKEN_TRACEBACK, esEntry, lokiEntries } from './test-lines';

const T0 = Date.UTC(2026, 0, 31, 10, 15, 30);
const INFO = '2026-01-31 10:15:31,002 | INFO     | capture_spine.api.feeds | Listed 25 feeds in 12ms';

describe('reassemble', () => {
  const lines = [TOKEN_LINE, ...TOKEN_TRACEBACK];
  const asc = [...lokiEntries(lines, T0), ...lokiEntries([INFO], T0 + 1_000)];

  it('merges a chained traceback into the log line before it (oldest first)', () => {
    const events = reassemble(asc);
    expect(events).toHaveLength(2);
    expect(events[0]?.text).toBe(lines.join('\n'));
    expect(events[0]?.entryIds).toHaveLength(lines.length);
    expect(events[0]?.id).toBe(asc[0]?.id);
    expect(events[1]?.text).toBe(INFO);
  });

  it('gives the same events for newest-first input, in that order', () => {
    const events = reassemble([...asc].reverse());
    expect(events.map((e) => e.text)).toEqual([INFO, lines.join('\n')]);
    expect(events[1]?.timeNs).toBe(asc[0]?.timeNs);
  });

  it('never merges across interleaved streams', () => {
    const api = lokiEntries([TOKEN_LINE, ...TOKEN_TRACEBACK.slice(0, 6)], T0, '{service="api"}');
    const worker = lokiEntries(['2026-01-31T10:15:30.500000Z [error    ] task.failed    task=app.tasks.run', 'Traceback (most recent call last):', '  File "/app/app/tasks.py", line 3, in run', 'KeyError: \'operation\''], T0, '{service="worker"}');
    const mixed = api.flatMap((e, i) => [e, ...(worker[i] ? [worker[i]] : [])]);
    for (const input of [mixed, [...mixed].reverse()]) {
      const events = reassemble(input);
      expect(events).toHaveLength(2);
      const byStream = Object.fromEntries(events.map((e) => [e.streamId, e]));
      expect(byStream['{service="api"}']?.entryIds).toHaveLength(7);
      expect(byStream['{service="worker"}']?.text.endsWith("KeyError: 'operation'")).toBe(true);
    }
  });

  it('keeps an already merged Elasticsearch document as it is', () => {
    const doc = esEntry(lines, T0);
    const events = reassemble([doc, esEntry([INFO], T0 + 1)]);
    expect(events).toHaveLength(2);
    expect(events.find((e) => e.id === doc.id)?.text).toBe(lines.join('\n'));
  });

  it('starts events at Uvicorn LEVEL: lines and JSON lines, and keeps orphan continuations', () => {
    const input = lokiEntries(
      ['    at the end of a previous page', 'CRITICAL: Ollama service unavailable', 'Traceback (most recent call last):', 'ConnectionRefusedError: [Errno 111] Connection refused', 'INFO:     172.18.0.1:51234 - "GET /health HTTP/1.1" 200 OK', '{"message": "x", "log.level": "error"}'],
      T0,
    );
    expect(reassemble(input).map((e) => e.entryIds.length)).toEqual([1, 3, 1, 1]);
  });

  it('splits two back-to-back tracebacks and does not join lines far apart in time', () => {
    const a = lokiEntries(['Traceback (most recent call last):', 'KeyError: 1', 'Traceback (most recent call last):', 'KeyError: 2'], T0);
    expect(reassemble(a)).toHaveLength(2);
    const late = [...lokiEntries([TOKEN_LINE], T0), ...lokiEntries(['  stray indented line'], T0 + 60_000)];
    expect(reassemble(late)).toHaveLength(2);
  });
});
