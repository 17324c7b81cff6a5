import { describe, expect, it } from 'vitest';
import type { LogQuery, MetricQuery } from './logql-eval';
import { groupLabels, lineLabels, LogqlParseError, matchesLine, matchesStream, parseLogql } from './logql-eval';

const labels = { container: 'spine-dev-api', job: 'docker', level: 'error', service_name: 'spine-dev-api', stream: 'stderr' };
const log = (q: string) => parseLogql(q) as LogQuery;
const err = (q: string) => {
  try {
    parseLogql(q);
  } catch (e) {
    if (e instanceof LogqlParseError) return e.message;
  }
  return 'no error';
};

describe('parseLogql', () => {
  it('evaluates the four label matchers, regexes fully anchored', () => {
    expect(matchesStream(log('{job="docker"}'), labels)).toBe(true);
    expect(matchesStream(log('{job="docker", level!="error"}'), labels)).toBe(false);
    expect(matchesStream(log('{container=~"spine-.*"}'), labels)).toBe(true);
    expect(matchesStream(log('{container=~"spine"}'), labels)).toBe(false);
    expect(matchesStream(log('{job=~".+", level!~"err.*"}'), labels)).toBe(false);
  });

  it('line filters: |= with Go escapes, backticks, |~ unanchored, negations', () => {
    const q = log('{job="docker"} |= "say \\"hi\\"\\t" != `skip` |~ "(?i)HELLO\\\\d+"');
    expect(matchesLine(q, labels, 'they say "hi"\t hello42')).toBe(true);
    expect(matchesLine(q, labels, 'they say "hi"\t hello42 skip')).toBe(false);
    expect(matchesLine(q, labels, 'they say "hi"\t hello')).toBe(false);
    expect(matchesLine(log('{job="docker"} !~ "^x"'), labels, 'xyz')).toBe(false);
  });

  it('label filter stages with or/and after a parser (as the console generates)', () => {
    const q = log('{job=~".+"} | json | (service_name=~"(?:spine\\\\-dev\\\\-api|x)" or container=~"(?:y)") | (level=~"(?i)(?:error|err)" or detected_level=~"(?i)(?:error|err)")');
    expect(matchesLine(q, labels, 'anything')).toBe(true);
    expect(matchesLine(q, { ...labels, level: 'info' }, 'anything')).toBe(false);
  });

  it('| logfmt and | json extract fields as labels; label filters then compare them', () => {
    const q = log('{job="docker"} | logfmt | drop __error__, __error_details__ | status="500" | method!="GET"');
    expect(matchesLine(q, labels, 'ts=1 method=POST status=500 msg="a b"')).toBe(true);
    expect(matchesLine(q, labels, 'ts=1 method=GET status=500')).toBe(false);
    expect(matchesLine(q, labels, 'status=404')).toBe(false);
    const json = log('{job="docker"} | json | drop __error__, __error_details__ | http_status="500" | log_level="error"');
    expect(matchesLine(json, labels, '{"http":{"status":500},"log.level":"error"}')).toBe(true);
    expect(matchesLine(json, labels, '{"http":{"status":200},"log.level":"error"}')).toBe(false);
  });

  it('a line | json cannot read gets __error__ (kept by a filter out, removed by drop); stream labels win as <key>_extracted', () => {
    expect(matchesLine(log('{job="docker"} | json | __error__="JSONParserErr"'), labels, 'not json')).toBe(true);
    expect(matchesLine(log('{job="docker"} | json | drop __error__, __error_details__ | __error__=""'), labels, 'not json')).toBe(true);
    expect(matchesLine(log('{job="docker"} | json | drop __error__ | x!="1"'), labels, 'not json')).toBe(true);
    const q = log('{job="docker"} | logfmt | level="error" | level_extracted="info"');
    expect(matchesLine(q, labels, 'level=info')).toBe(true);
    // The stream's labels are not changed for the next line (each line parses into its own copy).
    expect(labels).not.toHaveProperty('level_extracted');
    expect(matchesLine(log('{job="docker"} | drop level="error" | level=""'), labels, 'x')).toBe(true);
    expect(matchesLine(log('{job="docker"} | drop level="info" | level="error"'), labels, 'x')).toBe(true);
  });

  it('skips # comments up to the end of the line', () => {
    const q = log('{job="docker"} # a comment |= "x"\n|= "y"');
    expect(matchesLine(q, labels, 'y')).toBe(true);
    expect(matchesLine(q, labels, 'x')).toBe(false);
  });

  it('metric form: sum by (…) (count_over_time(… [1m]))', () => {
    const q = parseLogql('sum by (level, detected_level) (count_over_time({job=~".+"} |= "x" [5m]))') as MetricQuery;
    expect(q.kind).toBe('metric');
    expect(q.fn).toBe('count_over_time');
    expect(q.rangeMs).toBe(300_000);
    expect(groupLabels(q, labels)).toEqual({ level: 'error' });
  });

  it('parse errors use Loki text and 1-based columns', () => {
    expect(err('{foo="bar"')).toBe('parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,');
    expect(err('{foo="bar"} |= ')).toBe('parse error at line 1, col 16: syntax error: unexpected $end, expecting STRING or ip');
    expect(err('{foo="\\d"}')).toMatch(/^parse error at line 1, col 6: invalid char escape/);
    expect(err('{app=~".*"}')).toMatch(/^parse error : queries require at least one regexp or equality matcher/);
  });

  // Each as a real Loki 3.7.6 answers it (integration/loki/differential.test.ts sends them to one).
  it.each([
    ['{job="x" |= "a"', 'parse error at line 0, col 10: syntax error: unexpected |=, expecting } or ,'],
    ['{job="x"} | status="a" or', 'parse error at line 1, col 26: syntax error: unexpected $end, expecting IDENTIFIER or ('],
    ['{job="x"} | json | status=', 'parse error at line 1, col 27: syntax error: unexpected $end'],
    ['{job="x"}\n | json\n | a=', 'parse error at line 3, col 6: syntax error: unexpected $end'],
    ['{by="x"}', 'parse error at line 1, col 2: syntax error: unexpected by, expecting IDENTIFIER or }'],
    ['{job="x"} |= "abc', 'parse error at line 1, col 14: literal not terminated'],
    ['{job="x"} |= "\\\'"', 'parse error at line 1, col 14: invalid char escape'],
    ['count_over_time({job="x"})', 'parse error at line 1, col 26: syntax error: unexpected )'],
    ['', 'parse error : syntax error: unexpected $end'],
    ['{job=~"("}', 'parse error : error parsing regexp: missing closing ): `(`'],
    ['{job="x"} |~ "("', 'parse error : stage \'|~ "("\' : error parsing regexp: missing closing ): `(`'],
    ['count_over_time({job="x"}[5m]) by (a)', 'parse error : grouping not allowed for count_over_time aggregation'],
  ])('%j → %s', (query, message) => {
    expect(err(query)).toBe(message);
  });

  it('as Loki 2.9: no |> or !>, no `or` between line filters', () => {
    const legacy = (q: string) => {
      try {
        parseLogql(q, { legacy: true });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(legacy('{job="x"} |> "a"')).toBe('parse error at line 1, col 12: syntax error: unexpected >');
    expect(legacy('{job="x"} !> "a"')).toBe('parse error at line 1, col 11: syntax error: unexpected IDENTIFIER');
    expect(legacy('{job="x"} |= "a" or "b"')).toBe('parse error at line 1, col 21: syntax error: unexpected STRING');
  });

  it('`or` between line filters; numeric filters keep a line whose value does not convert, with __error__', () => {
    expect(matchesLine(log('{job="x"} |= "a" or "b"'), labels, 'xbx')).toBe(true);
    expect(matchesLine(log('{job="x"} != "a" or "b"'), labels, 'xbx')).toBe(false);
    expect(lineLabels(log('{job="x"} | logfmt | d > 100ms'), labels, 'd=1.5s')).toMatchObject({ d: '1.5s' });
    expect(lineLabels(log('{job="x"} | logfmt | n > 5'), labels, 'n=abc')).toMatchObject({ __error__: 'LabelFilterErr' });
    expect(lineLabels(log('{job="x"} | logfmt | n > 5'), labels, 'm=1')).toBeNull();
    expect(lineLabels(log('{job="x"} | logfmt | b >= 1KB'), labels, 'b=2KiB')).not.toBeNull();
  });

  it('says what it does not run rather than answering wrong', () => {
    expect(err('{job="x"} | line_format "{{.a}}"')).toBe('parse error : line_format "{{.a}}" is not supported by the demo\'s mock Loki');
  });
});
