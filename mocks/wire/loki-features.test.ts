import { describe, expect, it } from 'vitest';
import { lokiDetectedFieldsSchema, lokiPatternsSchema } from '@/sources/loki/api-schemas';
import { createScenario } from '../scenario';
import { parseLogql, matchesLine, type LogQuery } from './logql-eval';
import { collectEntries } from './loki';
import { lokiDetectedFields, lokiPatterns, minePattern } from './loki-features';
import { parseLinePattern, testLinePattern } from './loki-pattern';

const anchorMs = Date.parse('2026-11-28T10:00:00Z');
const scenario = createScenario({ name: 'incident', anchorMs });
const sec = (ms: number) => String(Math.floor(ms / 1000));
const window = { start: sec(anchorMs - 10 * 60_000), end: sec(anchorMs) };

describe('Loki pattern syntax (|> / !>)', () => {
  it('follows Loki: literals in order, no empty capture, ending literal only at end of line', () => {
    const p = (s: string) => parseLinePattern(s, 1);
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

  it('mines patterns that match their own lines under |>, so clicking one filters to its lines', () => {
    for (const e of entries) {
      const pattern = minePattern(e.line);
      expect(matchesLine(parseLogql(`{job="docker"} |> ${JSON.stringify(pattern)}`) as LogQuery, e.labels, e.line), `${pattern}\n${e.line}`).toBe(true);
    }
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
