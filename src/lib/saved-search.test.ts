// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { openSavedSearch, pickSearch, savedSearchNameProblem } from './saved-search';

const KEYS = ['source', 'q', 'service', 'level', 'limit'] as const;

describe('saved searches', () => {
  it('keeps the listed parameters only, in a fixed order, repeated keys in their order', () => {
    const params = new URLSearchParams('range=24h&level=error&line=abc&q=timeout&live=1&level=warning&source=loki&refresh=1m');
    expect(pickSearch(params, KEYS)).toBe('source=loki&q=timeout&level=error&level=warning');
    expect(pickSearch(new URLSearchParams('level=warning&q=timeout&source=loki&level=error'), KEYS)).toBe('source=loki&q=timeout&level=warning&level=error');
    expect(pickSearch(new URLSearchParams('line=x'), KEYS)).toBe('');
  });

  it('opens a saved search over the current range, ignoring what it should not hold', () => {
    const current = new URLSearchParams('range=1h&refresh=30s&q=old&line=l1&scenario=incident');
    expect(openSavedSearch('q=timeout&level=error&line=zzz&live=1&range=7d', KEYS, current)).toBe('?range=1h&refresh=30s&scenario=incident&q=timeout&level=error');
    expect(openSavedSearch('', KEYS, new URLSearchParams('q=old'))).toBe('');
  });

  it('opens garbage as whatever URLSearchParams makes of it, never throwing', () => {
    expect(() => openSavedSearch('%%%E0%A4%A&&==&q=%ZZ&limit=many', KEYS, new URLSearchParams())).not.toThrow();
    expect(openSavedSearch('%%%E0%A4%A&&==&q=%ZZ&limit=many', KEYS, new URLSearchParams())).toBe('?q=%25ZZ&limit=many');
  });

  it('checks names: not empty, at most 120 characters once trimmed', () => {
    expect(savedSearchNameProblem('   ')).toBe('Give the search a name.');
    expect(savedSearchNameProblem(` ${'x'.repeat(120)} `)).toBeNull();
    expect(savedSearchNameProblem('x'.repeat(121))).toBe('A name has at most 120 characters; this one has 121.');
  });
});
