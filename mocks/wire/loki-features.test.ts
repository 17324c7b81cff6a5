import { describe, expect, it } from 'vitest';
import { lokiDetectedFieldValuesSchema, lokiDetectedFieldsSchema, lokiPatternsSchema } from '@/sources/loki/api-schemas';
import { patternFilter, patternLostSpaces } from '@/sources/loki/logql';
import { createScenario } from '../scenario';
import { parseLogql, matchesLine, type LogQuery } from './logql-eval';
import { collectEntries } from './loki';
import { lokiDetectedFieldValues, lokiDetectedFields, lokiPatterns, minePattern } from './loki-features';
import { parseLinePattern, testLinePattern } from './loki-pattern';

const anchorMs = Date.parse('2026-11-28T10:00:00Z');
const scenario = createScenario({ name: 'incident', anchorMs });
const sec = (ms: number) => String(Math.floor(ms / 1000));
const window = { start: sec(anchorMs - 10 * 60_000), end: sec(anchorMs) };

describe('Loki pattern syntax (|> / !>)', () => {
  it('follows Loki: literals in order, no empty capture, ending literal only at end of line', () => {
    const p = (s: string) => parseLinePattern(s);
    expect(testLinePattern(p('<_> bar'), 'foo bar baz')).toBe(false);
    expect(testLinePattern(p('<_> baz'), 'foo bar baz')).toBe(true);
    expect(testLinePattern(p('foo <_>'), 'foo bar baz')).toBe(true);
    expect(testLinePattern(p('<_> bar <_>'), ' bar ')).toBe(false);
    expect(testLinePattern(p('<_>bar<_>'), ' bar ')).toBe(true);
    expect(testLinePattern(p('<_>'), '')).toBe(false);
  });

  it('rejects consecutive captures like Loki, and filters with |> and !> in a query', () => {
    expect(() => parseLogql('{job="docker"} |> "<a><_>"')).toThrow(/consecutive capture/);
    const q = parseLogql('{job="docker"} |> "GET <_> 200" !> "<_> /health <_>"') as LogQuery;
    expect(matchesLine(q, {}, 'GET /api 200')).toBe(true);
    expect(matchesLine(q, {}, 'GET /health 200')).toBe(false); // excluded by !>
    expect(matchesLine(q, {}, 'POST /api 200')).toBe(false);
  });
});

describe('/patterns from the scenario', () => {
  const { entries } = collectEntries(scenario, anchorMs, parseLogql('{job="docker"}') as LogQuery, { start: BigInt(window.start) * 1_000_000_000n, end: BigInt(window.end) * 1_000_000_000n }, 100_000, 'forward');

  it('counts every entry of the range once, in the real wire shape, samples aligned to the step', () => {
    const reply = lokiPatterns(scenario, anchorMs, new URLSearchParams({ query: '{job="docker"}', ...window, step: '60s' }));
    expect(reply.status).toBe(200);
    const parsed = lokiPatternsSchema.parse('json' in reply ? reply.json : null);
    const total = (parsed.data ?? []).reduce((n, s) => n + (s.samples ?? []).reduce((m, [, c]) => m + c, 0), 0);
    expect(entries.length).toBeGreaterThan(50);
    expect(total).toBe(entries.length);
    expect((parsed.data ?? []).every((s) => (s.samples ?? []).every(([t]) => Number.isInteger(t) && t % 60 === 0))).toBe(true);
  });

  it("mines patterns whose filter (the adapter's) matches their own lines, so clicking one filters to its lines", () => {
    let spaceless = 0;
    for (const e of entries) {
      const pattern = minePattern(e.line);
      if (patternLostSpaces(pattern)) spaceless += 1;
      expect(matchesLine(parseLogql(`{job="docker"} ${patternFilter(pattern)}`) as LogQuery, e.labels, e.line), `${pattern}\n${e.line}`).toBe(true);
    }
    expect(spaceless).toBeGreaterThan(0);
  });

  it("drops a pattern's spaces when its line starts with one, as Loki's drain does", () => {
    expect(minePattern('  File "/app/x.py", line 12, in run')).toBe('File"/app/x.py",line<_>inrun');
    expect(minePattern('    at 1 2 x')).toBe('at<_>x');
    expect(minePattern('Traceback (most recent call last):')).toBe('Traceback (most recent call last):');
  });

  it('takes label matchers only', () => {
    const reply = lokiPatterns(scenario, anchorMs, new URLSearchParams({ query: '{job="docker"} |= "x"', ...window }));
    expect(reply.status).toBe(400);
  });
});

describe('/detected_fields from the scenario', () => {
  it('reports json/logfmt fields of the newest lines with cardinality, in the real wire shape', () => {
    const reply = lokiDetectedFields(scenario, anchorMs, new URLSearchParams({ query: '{job="docker"}', ...window, line_limit: '1000' }));
    expect(reply.status).toBe(200);
    const parsed = lokiDetectedFieldsSchema.parse('json' in reply ? reply.json : null);
    expect(parsed.limit).toBe(1000);
    const fields = parsed.fields ?? [];
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((f) => f.cardinality >= 1 && (f.parsers ?? []).length > 0)).toBe(true);
    expect(fields.some((f) => f.parsers?.includes('json'))).toBe(true);
    expect(fields.map((f) => f.label)).not.toContain('container'); // stream labels are not fields
  });

  it('rejects a metric query', () => {
    expect(lokiDetectedFields(scenario, anchorMs, new URLSearchParams({ query: 'count_over_time({job="docker"}[1m])', ...window })).status).toBe(400);
  });
});

describe('/detected_field/<name>/values from the scenario', () => {
  const query = '{job="docker"}';
  const fieldsOf = (q: string, w = window) =>
    lokiDetectedFieldsSchema.parse((lokiDetectedFields(scenario, anchorMs, new URLSearchParams({ query: q, ...w, line_limit: '1000' })) as { json: unknown }).json).fields ?? [];
  const valuesOf = (name: string, q: string, w: Record<string, string> = window) => {
    const reply = lokiDetectedFieldValues(scenario, anchorMs, name, new URLSearchParams({ query: q, ...w, line_limit: '1000' }));
    expect(reply.status).toBe(200);
    const parsed = lokiDetectedFieldValuesSchema.parse('json' in reply ? reply.json : null);
    return { ...parsed, values: parsed.values ?? [] };
  };

  it('lists as many distinct values as detected_fields counted, in the real wire shape', () => {
    const fields = fieldsOf(query);
    expect(fields.length).toBeGreaterThan(5);
    for (const f of fields) {
      const parsed = valuesOf(f.label, query);
      expect(parsed.limit).toBe(1000);
      expect(parsed.values, f.label).toHaveLength(f.cardinality);
    }
  });

  it('honours the query: a field filter leaves only its value; a value filtered out is gone', () => {
    const field = fieldsOf(query).find((f) => f.parsers?.includes('logfmt') && f.cardinality >= 2)!;
    const [first, second] = valuesOf(field.label, query).values as [string, string];
    const kept = `${query} | logfmt | drop __error__, __error_details__ | ${field.label}=${JSON.stringify(first)}`;
    expect(valuesOf(field.label, kept).values).toEqual([first]);
    const dropped = `${query} | logfmt | drop __error__, __error_details__ | ${field.label}!=${JSON.stringify(first)}`;
    expect(valuesOf(field.label, dropped).values).not.toContain(first);
    expect(valuesOf(field.label, dropped).values).toContain(second);
  });

  it('filters to lines that hold the value: every line a field filter keeps has it', () => {
    // A key Loki had to sanitize (`(size=10,` gives `_size`) is not written as its label in the line.
    const field = fieldsOf(query).find((f) => f.parsers?.includes('logfmt') && f.cardinality >= 2 && !f.label.startsWith('_'))!;
    const value = valuesOf(field.label, query).values[0]!;
    const q = parseLogql(`${query} | logfmt | drop __error__, __error_details__ | ${field.label}=${JSON.stringify(value)}`) as LogQuery;
    const bounds = { start: BigInt(window.start) * 1_000_000_000n, end: BigInt(window.end) * 1_000_000_000n };
    const { entries } = collectEntries(scenario, anchorMs, q, bounds, 1000, 'backward');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.line.includes(`${field.label}=${value}`) || e.line.includes(`${field.label}="${value}"`))).toBe(true);
  });

  it('honours the range, answers an unknown field with no values, and caps the list at limit', () => {
    const field = fieldsOf(query).find((f) => f.cardinality >= 3)!;
    const ahead = { start: sec(anchorMs + 3_600_000), end: sec(anchorMs + 7_200_000) };
    expect(valuesOf(field.label, query, ahead).values).toEqual([]);
    const lastMinute = valuesOf(field.label, query, { start: sec(anchorMs - 60_000), end: sec(anchorMs) }).values;
    expect(lastMinute.every((v) => valuesOf(field.label, query).values.includes(v))).toBe(true);
    expect(valuesOf('no_such_field', query).values).toEqual([]);
    expect(valuesOf(field.label, query, { ...window, limit: '2' }).values).toHaveLength(2);
  });

  it('rejects a metric query and a bad limit like detected_fields', () => {
    expect(lokiDetectedFieldValues(scenario, anchorMs, 'x', new URLSearchParams({ query: 'rate({job="docker"}[1m])', ...window })).status).toBe(400);
    expect(lokiDetectedFieldValues(scenario, anchorMs, 'x', new URLSearchParams({ query, ...window, limit: '0' })).status).toBe(400);
  });
});
