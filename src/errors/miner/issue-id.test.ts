import { describe, it, expect } from 'vitest';
import { fnv1a64, issueIdOf } from './issue-id';

/** Reference FNV-1a 64 with BigInt over the same bytes (UTF-16 code units, low byte first). */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (const b of [c & 0xff, c >>> 8]) {
      h ^= BigInt(b);
      h = (h * prime) & 0xffffffffffffffffn;
    }
  }
  return h.toString(16).padStart(16, '0');
}

describe('issue ids', () => {
  it('match a BigInt FNV-1a 64 reference', () => {
    for (const s of ['', 'a', 'Connection closed by <*> [preauth]', 'ünïcode ✓ <*>', 'x'.repeat(1000)]) {
      expect(fnv1a64(s)).toBe(reference(s));
    }
  });

  it('are stable functions of the template text', () => {
    expect(issueIdOf('Connection closed by <*> [preauth]')).toBe(issueIdOf('Connection closed by <*> [preauth]'));
    expect(issueIdOf('a <*>')).not.toBe(issueIdOf('b <*>'));
    expect(issueIdOf('a <*>')).toMatch(/^t_[0-9a-f]{16}$/);
    // pinned value: changing it would change every stored issue id
    expect(issueIdOf('Connection closed by <*> [preauth]')).toBe('t_' + reference('Connection closed by <*> [preauth]'));
  });
});
