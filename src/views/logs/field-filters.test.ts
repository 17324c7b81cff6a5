import { describe, expect, it } from 'vitest';
import type { FieldFilter } from '@/sources/source-adapter';
import { describeFieldFilter, formatFieldFilter, parseFieldFilter, toggleFieldFilter } from './field-filters';
import { readLogsUrl, writeLogsUrl } from './logs-url';

const f = (field: string, value: string, op: FieldFilter['op'] = '=', parsers = ['logfmt']): FieldFilter => ({ field, parsers, op, value });

describe('field filters in the URL', () => {
  it.each([
    [f('status', '500'), 'logfmt:status=500'],
    [f('level', 'info', '!=', ['json', 'logfmt']), 'json,logfmt:level!=info'],
    [f('trace_id', 'abc', '=', []), ':trace_id=abc'],
    [f('msg', 'a=b != c: "d" \\ `e` {f} | g\nh'), 'logfmt:msg=a=b != c: "d" \\ `e` {f} | g\nh'],
    [f('empty', ''), 'logfmt:empty='],
  ])('round-trips %j', (filter, text) => {
    expect(formatFieldFilter(filter)).toBe(text);
    expect(parseFieldFilter(text)).toEqual(filter);
  });

  it('ignores what is not the URL form', () => {
    for (const text of ['', 'status=500', 'logfmt:=500', 'logfmt:status', 'LOGFMT:status=1', 'logfmt:a:b=1']) expect(parseFieldFilter(text)).toBeNull();
  });

  it('is read and written as repeated field parameters, next to the other filters', () => {
    const params = writeLogsUrl(new URLSearchParams('range=1h&field=old:x=1'), { fields: [f('status', '500'), f('method', 'GET & "POST"', '!=')], levels: ['error'] });
    expect(params.getAll('field')).toEqual(['logfmt:status=500', 'logfmt:method!=GET & "POST"']);
    const state = readLogsUrl(new URLSearchParams(params.toString()));
    expect(state.fields).toEqual([f('status', '500'), f('method', 'GET & "POST"', '!=')]);
    expect(state.levels).toEqual(['error']);
    expect(readLogsUrl(writeLogsUrl(params, { fields: [] })).fields).toEqual([]);
    expect(readLogsUrl(new URLSearchParams('field=nope&field=logfmt:a=1')).fields).toEqual([f('a', '1')]);
  });
});

describe('toggleFieldFilter', () => {
  it('adds, removes the same filter on a second click, and swaps for/out on one value', () => {
    const once = toggleFieldFilter([], f('status', '500'));
    expect(once).toEqual([f('status', '500')]);
    expect(toggleFieldFilter(once, f('status', '500'))).toEqual([]);
    expect(toggleFieldFilter(once, f('status', '500', '!='))).toEqual([f('status', '500', '!=')]);
    expect(toggleFieldFilter(once, f('status', '404'))).toEqual([f('status', '500'), f('status', '404')]);
  });

  it('describes a filter for chips and accessible names', () => {
    expect(describeFieldFilter(f('status', '500', '!='))).toBe('status != 500');
    expect(describeFieldFilter(f('status', ''))).toBe('status = (empty)');
  });
});
