import { describe, expect, it } from 'vitest';
import { lokiDetectedFieldValuesSchema } from './api-schemas';
import fixture from './fixtures/detected_field_values.json';
import { toDetectedFieldValues } from './to-detected-field-values';

describe('toDetectedFieldValues', () => {
  it('keeps every value of the recorded response, in natural order, without warnings', () => {
    expect(toDetectedFieldValues('level', lokiDetectedFieldValuesSchema.parse(fixture))).toEqual({
      name: 'level',
      values: ['debug', 'error', 'info', 'warn'],
      warnings: [],
    });
  });

  it('sorts numbers as numbers and drops duplicates', () => {
    const report = toDetectedFieldValues('status', lokiDetectedFieldValuesSchema.parse({ values: ['500', '200', '1000', '404', '200'], limit: 1000 }));
    expect(report.values).toEqual(['200', '404', '500', '1000']);
  });

  it('keeps values as data, whatever they hold', () => {
    const hostile = ['a"b', 'C:\\temp', 'x`y', '{job="x"} | json', '', '__proto__'];
    expect(toDetectedFieldValues('msg', lokiDetectedFieldValuesSchema.parse({ values: hostile })).values.sort()).toEqual([...hostile].sort());
  });

  it('warns when the value limit was reached', () => {
    const report = toDetectedFieldValues('id', lokiDetectedFieldValuesSchema.parse({ values: ['a', 'b'], limit: 2 }));
    expect(report.warnings).toEqual(['Loki listed only the first 2 values of id.']);
  });

  it('accepts values: null or absent, and rejects a wrong shape', () => {
    expect(toDetectedFieldValues('x', lokiDetectedFieldValuesSchema.parse({ values: null, limit: 1000 })).values).toEqual([]);
    expect(toDetectedFieldValues('x', lokiDetectedFieldValuesSchema.parse({ limit: 1000 })).values).toEqual([]);
    expect(lokiDetectedFieldValuesSchema.safeParse({ values: [1, 2] }).success).toBe(false);
    expect(lokiDetectedFieldValuesSchema.safeParse({ values: 'info' }).success).toBe(false);
  });
});
