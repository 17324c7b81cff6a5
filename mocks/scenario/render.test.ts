import { describe, expect, it } from 'vitest';
import type { SimLogEvent, SimLogFormat } from './index';
import { renderDraft } from './render';
import { ANCHOR, MIN, msOf, scenario } from './testing';
import { tokenInvalid } from './tracebacks';
import { Rng } from './prng';

const events = scenario('incident').logs(ANCHOR - 30 * MIN, ANCHOR);
const ofFormat = (f: SimLogFormat) => events.filter((e) => e.format === f);
const LEVEL = '(DEBUG|INFO|WARNING|ERROR|CRITICAL)';

function firstLines(f: SimLogFormat): [SimLogEvent, string][] {
  const list = ofFormat(f);
  expect(list.length).toBeGreaterThan(5);
  return list.map((e) => [e, e.lines[0]!]);
}

/** "2026-01-31 18:15:30" (+ optional ",123") → epoch ms, UTC. */
function parsePyTime(s: string): number {
  return Date.parse(`${s.replace(' ', 'T').replace(',', '.')}Z`);
}

describe('rendered line formats', () => {
  it('pipe: `2026-01-31 10:15:30,123 | ERROR    | capture_spine.api.feeds | msg`', () => {
    const re = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) \\| ${LEVEL} *\\| ([\\w.]+) \\| (.+)$`);
    for (const [e, line] of firstLines('pipe')) {
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      expect(line.slice(26, 34)).toBe(e.level.padEnd(8));
      expect(parsePyTime(m![1]!)).toBe(msOf(e.tsNs));
      expect(m![3]).toBe(e.logger);
      expect(m![4]).toBe(e.message);
    }
  });

  it('dash (py-sec-edgar): `time - logger - LEVEL - msg`', () => {
    const re = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) - ([\\w.]+) - ${LEVEL} - (.+)$`);
    for (const [e, line] of firstLines('dash')) {
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      expect(parsePyTime(m![1]!)).toBe(Math.floor(msOf(e.tsNs) / 1000) * 1000);
      expect(e.service).toBe('py-sec-edgar');
    }
  });

  it('bracket (entityspine): `time [LEVEL] logger: msg`', () => {
    const re = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) \\[${LEVEL}\\] ([\\w.]+): (.+)$`);
    for (const [e, line] of firstLines('bracket')) {
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      expect(parsePyTime(m![1]!)).toBe(msOf(e.tsNs));
      expect(e.service).toBe('spine-entityspine-api');
    }
  });

  it('uvicorn: `INFO:     172.18.0.1:51234 - "GET /api/v1/feeds HTTP/1.1" 200 OK`', () => {
    const access = /^INFO: {5}\d+\.\d+\.\d+\.\d+:\d+ - "(GET|POST|PATCH|PUT|DELETE) \S+ HTTP\/1\.1" \d{3} [A-Za-z ]+$/;
    const other = new RegExp(`^${LEVEL}: +\\S`);
    const lines = firstLines('uvicorn');
    for (const [e, line] of lines) {
      expect(line, line).toMatch(other);
      expect(line.indexOf(' ', line.indexOf(':')) ).toBeLessThanOrEqual(9);
      if (e.logger === 'uvicorn.access') expect(line, line).toMatch(access);
    }
    expect(lines.some(([, l]) => l.includes('"GET /health HTTP/1.1" 200 OK'))).toBe(true);
    expect(lines.some(([, l]) => / 401 Unauthorized$/.test(l))).toBe(true);
    expect(lines.find(([e]) => e.level === 'CRITICAL')?.[1]).toBe('CRITICAL: Ollama service unavailable');
  });

  it('ecs-json: one-line spine-core ECS documents', () => {
    for (const [e, line] of firstLines('ecs-json')) {
      expect(e.lines).toHaveLength(1);
      expect(line.startsWith('{"@timestamp": "')).toBe(true);
      const doc = JSON.parse(line) as Record<string, unknown>;
      expect(doc['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
      expect(Date.parse(doc['@timestamp'] as string)).toBe(msOf(e.tsNs));
      expect(doc['log.level']).toBe(e.level.toLowerCase());
      expect(doc['log.logger']).toBe(e.logger);
      expect(doc.message).toBe(e.message);
      expect(typeof doc['service.name']).toBe('string');
      expect(typeof doc['process.pid']).toBe('number');
    }
  });

  it('structlog console: `2026-02-17T22:04:48.810500Z [info     ] event_name     key=value …`', () => {
    const re = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{6})Z) \[(debug|info|warning|error|critical) *\] (\S+)( +\S+=\S+( \S+=\S+)*)?$/;
    for (const [e, line] of firstLines('structlog')) {
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      expect(line.slice(28, 39)).toMatch(/^\[[a-z ]{9}\]$/);
      expect(m![2]).toBe(e.tsNs.slice(-9, -3));
      expect(e.message.startsWith(m![4]!)).toBe(true);
    }
  });

  it('tracebacks follow the first line, end with "Type: message", and may be chained', () => {
    const withTb = events.filter((e) => e.exception && e.format !== 'ecs-json');
    expect(withTb.length).toBeGreaterThan(20);
    for (const e of withTb) {
      const tb = e.exception!.traceback;
      expect(e.lines.slice(1)).toEqual(tb);
      expect(tb[0]).toBe('Traceback (most recent call last):');
      expect(tb.at(-1)!.endsWith(`${e.exception!.type}: ${e.exception!.message}`)).toBe(true);
      expect(tb.filter((l) => l.startsWith('  File "')).length).toBeGreaterThan(0);
    }
    const chained = tokenInvalid(new Rng(1));
    expect(chained.traceback).toContain('During handling of the above exception, another exception occurred:');
  });

  it('ecs-json carries exceptions in error.* fields', () => {
    const exc = tokenInvalid(new Rng(2));
    const e = renderDraft({ ms: ANCHOR, sub: 123456, service: 'spine-core-api', logger: 'spine.x', level: 'ERROR', message: 'boom', exception: exc, format: 'ecs-json', incidentId: null });
    expect(e.tsNs).toBe(`${ANCHOR}123456`);
    const doc = JSON.parse(e.lines[0]!) as Record<string, string>;
    expect(doc['error.type']).toBe('TokenInvalidError');
    expect(doc['error.stack_trace']!.split('\n')).toEqual(exc.traceback);
    expect(doc['@timestamp']).toBe('2026-01-31T18:45:00.000123+00:00');
  });
});
