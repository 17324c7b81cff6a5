import { describe, expect, it } from 'vitest';
import type { FieldFilter } from '../source-adapter';
import { SourceError } from '../source-error';
import { lokiConfigSchema } from './config';
import {
  anyOfRegex,
  appendStages,
  withoutOuterParens,
  buildForSource,
  buildLogQuery,
  buildVolumeQuery,
  escapeLogqlString,
  escapeRe2,
  fieldFilterStages,
  formatStep,
  isLabelName,
  labelMatcher,
  levelFilter,
  lineFilter,
  patternFilter,
  patternLostSpaces,
  queryEnd,
  quoteLogql,
  sanitizeLabelName,
  serviceFilter,
  spacelessPatternRegex,
  unquoteLogql,
} from './logql';
import { grammarErrors } from './testing/logql-grammar';

const config = { ...lokiConfigSchema.parse({ baseUrl: '/proxy/loki' }), selector: '{job=~".+"}' };

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

/** The line filter's regex as RE2 reads it, run with JS (the same semantics for what we emit). */
function tolerant(pattern: string): RegExp {
  const filter = patternFilter(pattern);
  expect(filter.startsWith('|~ "')).toBe(true);
  const source = unquoteLogql(filter.slice(3));
  expect(source.startsWith('(?s)')).toBe(true);
  return new RegExp(source.slice(4), 's');
}

describe('patternFilter for a pattern Loki sent without its spaces', () => {
  // Loki 3.7.6 for `  File "/app/x.py", line 12, in run` and `    raise ValueError("bad value 7")`.
  it('matches the lines the pattern came from, spaces and leading whitespace back', () => {
    expect(tolerant('File"<_>",line<_>,in<_>').test('  File "/app/x.py", line 12, in run')).toBe(true);
    expect(tolerant('raiseValueError("badvalue<_>")').test('    raise ValueError("bad value 7")')).toBe(true);
    expect(tolerant('a=bc="xy"$x+1[<_>]').test(' a=b c="x y" $x+1 [59] ')).toBe(true);
    // …and lines that never had spaces.
    expect(tolerant('File"<_>",line<_>,in<_>').test('File"x",line1,inrun')).toBe(true);
  });

  it('keeps the pattern: other text, other order, empty wildcards do not match', () => {
    const re = tolerant('File"<_>",line<_>,in<_>');
    expect(re.test('  File "/app/x.py", line 12, at run')).toBe(false);
    expect(re.test('  File "/app/x.py", line 12, in ')).toBe(false); // the trailing <_> is empty
    expect(re.test('  File "", line 12, in run')).toBe(false); // so is the first
    expect(re.test('  File " ", line 12, in run')).toBe(false); // a space is no token
    expect(re.test('  line 12, File "x", in run')).toBe(false);
    expect(tolerant('raiseValueError("badvalue<_>")').test('    raise ValueError("bad value 7") from e')).toBe(false); // a literal ends the line
  });

  it('anchors like |>: a leading literal anywhere, a leading <_> needs text before it', () => {
    expect(tolerant('Traceback(mostrecentcalllast):').test('>>> Traceback (most recent call last):')).toBe(true);
    expect(tolerant('<_>Error:<_>').test('Error: x')).toBe(false);
    expect(tolerant('<_>Error:<_>').test('  Value Error: x')).toBe(true);
    expect(tolerant('<_>Error:<_>').test('KeyError:\nmore')).toBe(true); // a token may hold a newline
  });

  it('spaces only where they were dropped: tabs and newlines are the pattern\'s own text', () => {
    expect(tolerant('a\tb<_>').test('  a\tb x')).toBe(true);
    expect(tolerant('a\tb<_>').test('  a b x')).toBe(false);
  });

  it.each([
    ['quotes', 'say"hi"<_>', ' say "hi" there', ' say hi there'],
    ['backslashes', 'C:\\temp\\<_>', '  C:\\temp\\x', '  C:tempx'],
    ['regex metacharacters', '.*+?()[]{}^$|<_>', ' . * + ? ( ) [ ] { } ^ $ | x', ' aaaa x'],
    ['a LogQL injection', '"}|="x"or<_>', ' "} |= "x" or 1', ' "} |= x or 1'],
    ['backticks and braces', '`{{.x}}`<_>', '  `{{.x}}` y', '  `x` y'],
    ['a named-capture look-alike, literal here', '<b><_>', ' <b> x', ' <i> x'],
    ['unicode', 'héllo→wörld😀<_>', '  héllo → wörld 😀 !', '  hello world !'],
    ['a control character', 'a\x01b<_>', '  a\x01b z', '  ab z'],
  ])('escapes %s: one string, literal text, the regex intact', (_name, pattern, line, other) => {
    const filter = patternFilter(pattern);
    const { value, end } = readQuoted(filter, 3);
    expect(end).toBe(filter.length);
    expect(value).toBe(spacelessPatternRegex(pattern));
    expect(grammarErrors(`{job="x"} ${filter}`)).toEqual([]);
    expect(tolerant(pattern).test(line)).toBe(true);
    expect(tolerant(pattern).test(other)).toBe(false);
  });

  it('<_> at the start, at the end, twice in a row (deduplicated), or alone', () => {
    expect(spacelessPatternRegex('<_>ab')).toBe('(?s) *[^ ].*?a *b *$');
    expect(spacelessPatternRegex('ab<_>')).toBe('(?s)a *b *[^ ].*?');
    expect(spacelessPatternRegex('a<_><_>b')).toBe('(?s)a *[^ ].*?b *$');
    expect(spacelessPatternRegex('<_><_>')).toBe('(?s) *[^ ].*?');
    expect(spacelessPatternRegex('a.b')).toBe('(?s)a *\\. *b *$');
    expect(tolerant('<_>').test('x')).toBe(true);
    expect(tolerant('<_>').test('  ')).toBe(false);
    expect(tolerant('a<_><_>b').test('  a 1 2 b')).toBe(true);
    expect(tolerant('a<_>b').test('  a  b')).toBe(false);
  });

  it('negates with !~, and keeps |> for a pattern that has its spaces', () => {
    expect(patternFilter('x,y<_>', true)).toBe(`!~ ${quoteLogql('(?s)x *, *y *[^ ].*?')}`);
    expect(patternFilter('GET <_> 200')).toBe('|> "GET <_> 200"');
    expect(patternFilter('\tat com.example.Foo.bar(<_>)')).toBe('|> "\\tat com.example.Foo.bar(<_>)"');
  });

  it('trusts a pattern with a space, not one without', () => {
    expect(patternLostSpaces('File"<_>",line<_>,in<_>')).toBe(true);
    expect(patternLostSpaces('Traceback (most recent call last):')).toBe(false);
    expect(patternLostSpaces('a\tb\nc')).toBe(true);
    expect(patternLostSpaces('')).toBe(false);
  });

  it('goes into the logs and volume queries where |> would', () => {
    const query = buildLogQuery(config, { pattern: 'File"<_>"', text: 'x' });
    expect(query).toBe(`{job=~".+"} |~ ${quoteLogql('(?s)F *i *l *e *" *[^ ].*?" *$')} |= "x"`);
    expect(grammarErrors(buildVolumeQuery(config, { pattern: 'File"<_>"' }, 60_000))).toEqual([]);
  });
});


const field = (name: string, value: string, op: FieldFilter['op'] = '=', parsers = ['logfmt']): FieldFilter => ({ field: name, parsers, op, value });

describe('field filter stages', () => {
  it('adds the parser, drops parse errors, then the label filter; != filters out', () => {
    expect(fieldFilterStages([field('status', '500')])).toBe('| logfmt | drop __error__, __error_details__ | status="500"');
    expect(fieldFilterStages([field('status', '500', '!=')])).toBe('| logfmt | drop __error__, __error_details__ | status!="500"');
    expect(fieldFilterStages([])).toBe('');
  });

  it('needs no parser for structured metadata, and puts it before the parser stages', () => {
    expect(fieldFilterStages([field('trace_id', 'abc', '=', [])])).toBe('| trace_id="abc"');
    expect(fieldFilterStages([field('status', '500'), field('trace_id', 'abc', '!=', [])])).toBe(
      '| trace_id!="abc" | logfmt | drop __error__, __error_details__ | status="500"',
    );
  });

  it('writes one parser stage per parser needed, json before logfmt, both for a field found by both', () => {
    expect(fieldFilterStages([field('method', 'GET', '=', ['json']), field('status', '500'), field('level', 'info', '=', ['logfmt', 'json'])])).toBe(
      '| json | logfmt | drop __error__, __error_details__ | method="GET" | status="500" | level="info"',
    );
  });

  it('keeps any of several values of one field, and drops every excluded value', () => {
    expect(fieldFilterStages([field('status', '500'), field('status', '404'), field('status', '500'), field('method', 'GET', '!='), field('method', 'PUT', '!=')])).toBe(
      '| logfmt | drop __error__, __error_details__ | (status="500" or status="404") | method!="GET" | method!="PUT"',
    );
  });

  it.each([...NASTY, 'a`b`c', '{x="y"}', '} or x=~".+"', 'a | line_format "{{.x}}"', '\\`"|{}'])('keeps value %j inside one double-quoted string', (value) => {
    const stages = fieldFilterStages([field('status', value)]);
    const prefix = '| logfmt | drop __error__, __error_details__ | status=';
    expect(stages.startsWith(prefix)).toBe(true);
    const { value: read, end } = readQuoted(stages, prefix.length);
    expect(read).toBe(value);
    expect(end).toBe(stages.length);
    expect(grammarErrors(`{job="x"} ${stages}`)).toEqual([]);
  });

  it('the grammar check is not vacuous: a value spliced without escaping is flagged', () => {
    expect(grammarErrors('{job="x"} | logfmt | status="a"b"')).not.toEqual([]);
  });

  it('refuses a name that is not a label name, an unknown parser or operator, instead of splicing them', () => {
    for (const name of ['', 'a-b', '1x', 'x"} |= "y', 'a b', 'ünï']) expect(() => fieldFilterStages([field(name, 'v')])).toThrow(RangeError);
    expect(() => fieldFilterStages([field('x', 'v', '=', ['regexp'])])).toThrow(/unknown parser "regexp"/);
    expect(() => fieldFilterStages([{ ...field('x', 'v'), op: '=~' as FieldFilter['op'] }])).toThrow(/unknown operator/);
  });

  it('comes last in the built query, after the level filter', () => {
    const query = buildLogQuery(config, { text: 'timeout', levels: ['error'], fields: [field('status', '500')] });
    expect(query).toBe(
      '{job=~".+"} |= "timeout" | (level=~"(?i)(?:error|err|eror)" or detected_level=~"(?i)(?:error|err|eror)") | logfmt | drop __error__, __error_details__ | status="500"',
    );
    expect(grammarErrors(query)).toEqual([]);
    expect(grammarErrors(buildVolumeQuery(config, { fields: [field('status', '500')] }, 60_000))).toEqual([]);
  });
});

describe('field filters after a raw query', () => {
  it('appends the stages to the raw LogQL as typed', () => {
    const query = buildLogQuery(config, { raw: ' {app="x"} | json | line_format "{{.msg}}" ', fields: [field('status', '5"00')] });
    expect(query).toBe('{app="x"} | json | line_format "{{.msg}}" | logfmt | drop __error__, __error_details__ | status="5\\"00"');
    expect(grammarErrors(query)).toEqual([]);
  });

  it('starts a new line after a trailing # comment, so the stages are not commented out', () => {
    expect(buildLogQuery(config, { raw: '{app="x"} # errors only', fields: [field('status', '500')] })).toBe(
      '{app="x"} # errors only\n| logfmt | drop __error__, __error_details__ | status="500"',
    );
    expect(buildVolumeQuery(config, { raw: '{app="x"} # note' }, 60_000)).toBe('sum by (level, detected_level) (count_over_time({app="x"} # note\n[1m]))');
  });

  it('refuses to append after a string that is never closed: the stages would become its text', () => {
    for (const raw of ['{app="x"} |= "abc', '{app="x"} |= `abc', '{app="x"} |= "a\\"']) {
      expect(() => buildLogQuery(config, { raw, fields: [field('status', '500')] })).toThrow(RangeError);
    }
    // Without field filters the raw query is sent as typed (Loki reports its own parse error).
    expect(buildLogQuery(config, { raw: '{app="x"} |= "abc' })).toBe('{app="x"} |= "abc');
  });

  it('reads where a query ends: strings with escapes and backticks, # comments up to the newline', () => {
    expect(queryEnd('{a="#"} |= `#` |= "\\"#"')).toBe('code');
    expect(queryEnd('{a="b"} # c\n|= "d"')).toBe('code');
    expect(queryEnd('{a="b"} |= "d" # c')).toBe('comment');
    expect(queryEnd('{a="b"} |= "d\\')).toBe('string');
    expect(appendStages('{a="b"}', '')).toBe('{a="b"}');
  });

  it('turns a refused filter into SourceError(config) for the source', () => {
    let error: unknown;
    try {
      buildForSource('loki-x', () => buildLogQuery(config, { fields: [field('a-b', 'v')] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'config', sourceId: 'loki-x', message: expect.stringContaining('not a LogQL label name') });
  });
});

describe('label names', () => {
  it('sanitizes a key as Loki\'s json and logfmt parsers do', () => {
    expect(sanitizeLabelName('status')).toBe('status');
    expect(sanitizeLabelName('log.level')).toBe('log_level');
    expect(sanitizeLabelName(' user-id ')).toBe('user_id');
    expect(sanitizeLabelName('1st')).toBe('_1st');
    expect(sanitizeLabelName('ünï 🚀')).toBe('_n___'); // one _ per character, the emoji included
    expect(sanitizeLabelName('')).toBe('');
    expect(['status', '_1st', 'log_level'].every(isLabelName)).toBe(true);
    expect(['', '1st', 'a.b', 'x"'].some(isLabelName)).toBe(false);
  });
});

describe('withoutOuterParens', () => {
  it.each([
    ['({job="docker"} |= "429")', '{job="docker"} |= "429"'],
    ['(( {job="docker"} ))', '{job="docker"}'],
    ['({job="docker"} |= ")") # why', '{job="docker"} |= ")" # why'],
    ['({job="docker"} # (\n)', '{job="docker"} # ('],
    ['({job="docker"} |= `(`)', '{job="docker"} |= `(`'],
  ])('%j → %j', (query, expected) => {
    expect(withoutOuterParens(query)).toBe(expected);
  });

  it.each(['{job="docker"} |= "(x)"', '(a) or (b)', 'sum(count_over_time({job="x"}[1m]))', '({job="x"}', '"(" {job="x"}'])('leaves %j alone', (query) => {
    expect(withoutOuterParens(query)).toBe(query);
  });

  it('lets a field filter follow a parenthesized raw query', () => {
    const filter = { field: 'status', parsers: ['logfmt'], op: '=' as const, value: '500' };
    expect(appendStages('({job="docker"} |= "429")', fieldFilterStages([filter]))).toBe('{job="docker"} |= "429" | logfmt | drop __error__, __error_details__ | status="500"');
  });
});
