import { describe, expect, it } from 'vitest';
import { fnv1a32 } from './fnv';

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32 test vectors for ASCII text', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('is unsigned, and a seed gives another lane', () => {
    const h = fnv1a32('ollama|1723713704123456789');
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(2 ** 32);
    expect(fnv1a32('x', 0x12345679)).not.toBe(fnv1a32('x'));
  });
});
