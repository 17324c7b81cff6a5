import { describe, expect, it } from 'vitest';
import type { LogQuery, MetricQuery } from './logql-eval';
import { groupLabels, LogqlParseError, matchesLine, matchesStream, parseLogql } from './logql-eval';

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
    expect(err('{foo="bar"} |= ')).toBe('parse error at line 1, col 16: syntax error: unexpected $end, expecting STRING');
    expect(err('{foo="\\d"}')).toMatch(/^parse error at line 1, col 6: invalid char escape/);
    expect(err('{app=~".*"}')).toMatch(/^parse error : queries require at least one regexp or equality matcher/);
  });
});
