import { describe, expect, it } from 'vitest';
import { lokiConfigSchema } from './config';
import {
  anyOfRegex,
  buildLogQuery,
  buildVolumeQuery,
  escapeLogqlString,
  escapeRe2,
  formatStep,
  labelMatcher,
  levelFilter,
  lineFilter,
  patternFilter,
  quoteLogql,
  serviceFilter,
  unquoteLogql,
} from './logql';

const config = lokiConfigSchema.parse({ baseUrl: '/proxy/loki' });

const NASTY = [
  'plain',
  'say "hi"',
  'C:\\temp\\new',
  'back`tick`',
  '{job="evil"} | line_format "x"',
  'a|b',
  'line1\nline2\r\n\ttab',
  '.*+?()[]{}^$\\',
  '"} |= "',
  '\\"',
  'nul\u0000bell\u0007del\u007f',
  'ünïcødé ✓ 🚀',
];

/** Reads the double-quoted string starting at `from`; returns it and the index after it. */
function readQuoted(query: string, from: number): { value: string; end: number } {
  expect(query[from]).toBe('"');
  let i = from + 1;
  while (i < query.length && query[i] !== '"') i += query[i] === '\\' ? 2 : 1;
  return { value: unquoteLogql(query.slice(from, i + 1)), end: i + 1 };
}

describe('LogQL string escaping', () => {
  it.each(NASTY)('round-trips %j through a double-quoted string', (text) => {
    const quoted = quoteLogql(text);
    expect(quoted).not.toMatch(/[\n\r]/);
    expect(unquoteLogql(quoted)).toBe(text);
  });

  it('escapes backslash before quote (notes A.5 rule 1)', () => {
    expect(escapeLogqlString('\\"')).toBe('\\\\\\"');
    expect(escapeLogqlString('a\nb')).toBe('a\\nb');
  });

  it('escapes RE2 metacharacters first, then the string (rule 2)', () => {
    expect(escapeRe2('a.b*c')).toBe('a\\.b\\*c');
    expect(labelMatcher('app', '=~', escapeRe2('api.v1'))).toBe('app=~"api\\\\.v1"');
    const regex = anyOfRegex(['a|b', 'c.d']);
    expect(regex).toBe('(?:a\\|b|c\\.d)');
    expect(new RegExp(`^${regex}$`).test('a|b')).toBe(true);
    expect(new RegExp(`^${regex}$`).test('a')).toBe(false);
    expect(new RegExp(`^${regex}$`).test('cxd')).toBe(false);
  });

  it('rejects invalid label names instead of splicing them', () => {
    expect(() => labelMatcher('app"}', '=', 'x')).toThrow(RangeError);
  });

  it('unquote rejects what Loki would reject', () => {
    expect(() => unquoteLogql('"\\d"')).toThrow(SyntaxError);
    expect(() => unquoteLogql('"a"b"')).toThrow(SyntaxError);
  });
});

describe('buildLogQuery', () => {
  it.each(NASTY)('user text %j stays one literal |= filter', (text) => {
    const query = buildLogQuery(config, { text });
    const prefix = `${config.selector} |= `;
    expect(query.startsWith(prefix)).toBe(true);
    const { value, end } = readQuoted(query, prefix.length);
    expect(value).toBe(text);
    expect(end).toBe(query.length);
  });

  it.each(NASTY)('service %j stays inside one matcher value', (service) => {
    const filter = serviceFilter(['service_name'], [service]);
    const prefix = '| service_name=';
    expect(filter.startsWith(prefix)).toBe(true);
    const { value, end } = readQuoted(filter, prefix.length);
    expect(value).toBe(service);
    expect(end).toBe(filter.length);
  });

  it('composes selector, line filter, service and case-insensitive level filters', () => {
    const query = buildLogQuery(config, { text: 'timeout', services: ['api', 'worker'], levels: ['error', 'warning'] });
    expect(query).toBe(
      '{job=~".+"} |= "timeout"' +
        ' | (service_name=~"(?:api|worker)" or container=~"(?:api|worker)" or app=~"(?:api|worker)" or job=~"(?:api|worker)")' +
        ' | (level=~"(?i)(?:error|err|eror|warning|warn|wrn)" or detected_level=~"(?i)(?:error|err|eror|warning|warn|wrn)")',
    );
  });

  it('the level regex matches ERROR, error and Err but not errors', () => {
    const filter = levelFilter(['level'], ['error']);
    const source = unquoteLogql(filter.slice('| level=~'.length)).replace('(?i)', '');
    const re = new RegExp(`^${source}$`, 'i');
    expect(['ERROR', 'error', 'Err'].every((l) => re.test(l))).toBe(true);
    expect(re.test('errors')).toBe(false);
  });

  it('unknown level means no recognised level label', () => {
    expect(levelFilter(['level', 'detected_level'], ['unknown'])).toBe(
      '| (level=~"(?i)(?:unknown|)" and detected_level=~"(?i)(?:unknown|)")',
    );
  });

  it('uses the raw LogQL as typed in raw mode', () => {
    expect(buildLogQuery(config, { raw: ' {app="x"} |~ "a.+" ', text: 'ignored' })).toBe('{app="x"} |~ "a.+"');
  });

  it('builds the volume metric query with a Prometheus step', () => {
    expect(buildVolumeQuery(config, { text: 'x"y' }, 60_000)).toBe(
      'sum by (level, detected_level) (count_over_time({job=~".+"} |= "x\\"y" [1m]))',
    );
    expect(formatStep(1500)).toBe('1500ms');
    expect(formatStep(30_000)).toBe('30s');
    expect(lineFilter('a', true)).toBe('!= "a"');
  });
});

describe('patternFilter', () => {
  it('keeps any pattern text inside one double-quoted string', () => {
    for (const pattern of ['<_> a"b <_>', 'x` | json', 'line\nbreak <_>', 'back\\slash {a="b"} |= "c"']) {
      const filter = patternFilter(pattern);
      expect(filter.startsWith('|> "')).toBe(true);
      expect(unquoteLogql(filter.slice(3))).toBe(pattern);
    }
    expect(patternFilter('<_> x', true)).toBe('!> "<_> x"');
  });
});
