import { describe, expect, it } from 'vitest';
import { lokiDetectedFieldsSchema } from './api-schemas';
import detectedFields from './fixtures/detected_fields.json';
import { toDetectedFields } from './to-detected-fields';

describe('toDetectedFields', () => {
  it('keeps name, type, cardinality and parsers; structured metadata has parsers null', () => {
    const report = toDetectedFields(
      lokiDetectedFieldsSchema.parse({ fields: [...detectedFields.fields, { label: 'trace_id', type: 'string', cardinality: 900, parsers: null }], limit: 1000 }),
    );
    expect(report.fields.map((f) => [f.name, f.cardinality, f.parsers])).toEqual([
      ['trace_id', 900, []],
      ['duration', 152, ['logfmt']],
      ['status', 5, ['logfmt']],
      ['level', 3, ['logfmt']],
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('reads an unknown type as string and warns when the field limit was reached', () => {
    const report = toDetectedFields(lokiDetectedFieldsSchema.parse({ fields: [{ label: 'x', type: 'ipaddr', cardinality: 2 }], limit: 1 }));
    expect(report.fields[0]).toEqual({ name: 'x', type: 'string', cardinality: 2, parsers: [], filter: { ok: true, label: 'x' } });
    expect(report.warnings).toEqual(['Loki listed only the first 1 fields.']);
  });

  it('says which label a filter compares, or why there can be none', () => {
    const report = toDetectedFields(
      lokiDetectedFieldsSchema.parse({
        fields: [
          { label: 'status', type: 'int', cardinality: 5, parsers: ['logfmt'] },
          { label: 'http.method', type: 'string', cardinality: 4, parsers: ['json'] },
          { label: 'k8s.pod', type: 'string', cardinality: 3, parsers: null },
          { label: 'addr', type: 'string', cardinality: 2, parsers: ['regexp'] },
          { label: ' ', type: 'string', cardinality: 1, parsers: ['logfmt'] },
        ],
      }),
    );
    expect(Object.fromEntries(report.fields.map((f) => [f.name, f.filter]))).toEqual({
      status: { ok: true, label: 'status' },
      // A parsed key is compared under the name Loki's parser gives it.
      'http.method': { ok: true, label: 'http_method' },
      // Structured metadata keeps its own name, which no label filter can spell.
      'k8s.pod': { ok: false, reason: expect.stringMatching(/structured metadata.*not a LogQL label name/) },
      addr: { ok: false, reason: expect.stringMatching(/regexp parser/) },
      ' ': { ok: false, reason: expect.stringMatching(/empty/) },
    });
  });

  it('accepts fields: null and rejects a wrong shape', () => {
    expect(toDetectedFields(lokiDetectedFieldsSchema.parse({ fields: null, limit: 1000 })).fields).toEqual([]);
    expect(lokiDetectedFieldsSchema.safeParse({ fields: [{ label: 'x' }] }).success).toBe(false);
  });
});
