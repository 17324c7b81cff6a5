import { describe, expect, it } from 'vitest';
import { fieldValues, firstString, flattenHit, resolvePath } from './fields';

describe('ECS field resolution', () => {
  it('resolves nested objects, flat dotted keys and mixes of both', () => {
    expect(resolvePath({ log: { level: 'error' } }, 'log.level')).toBe('error');
    expect(resolvePath({ 'log.level': 'warn' }, 'log.level')).toBe('warn');
    expect(resolvePath({ log: { 'file.path': '/x' } }, 'log.file.path')).toBe('/x');
    expect(resolvePath({ 'log.file': { path: '/y' } }, 'log.file.path')).toBe('/y');
    expect(resolvePath({ log: {} }, 'log.level')).toBeUndefined();
    expect(resolvePath(null, 'a')).toBeUndefined();
  });

  it('prefers `fields` (arrays) over `_source`, and walks the fallback list', () => {
    const hit = { _index: 'i', _id: '1', _source: { service: { name: 'src' } }, fields: { 'service.name': ['fld'] } };
    expect(fieldValues(hit, 'service.name')).toEqual(['fld']);
    expect(firstString({ _index: 'i', _id: '1', _source: { service: { id: 1 } } }, ['service.name', 'service', 'container.name'])).toBeNull();
    expect(firstString({ _index: 'i', _id: '1', _source: { service: 'flat' } }, ['service.name', 'service'])).toBe('flat');
  });

  it('flattens big integers exactly, also inside arrays of objects', () => {
    const hit = { _index: 'i', _id: '1', _source: { n: 12345678901234567890n, list: [{ id: 12345678901234567890n }] } };
    expect(flattenHit(hit)).toEqual({ n: '12345678901234567890', list: '[{"id":12345678901234567890}]' });
  });

  it('flattens _source to string labels', () => {
    const hit = {
      _index: 'i',
      _id: '1',
      _source: { message: 'skip me', a: { b: 1, c: [1, 2], d: null, e: [{ x: 1 }] }, 'f.g': true },
      fields: { 'h.i': ['j'], 'a.b': ['ignored, _source has it'] },
    };
    expect(flattenHit(hit, new Set(['message']))).toEqual({ 'a.b': '1', 'a.c': '1, 2', 'a.e': '[{"x":1}]', 'f.g': 'true', 'h.i': 'j' });
  });
});
