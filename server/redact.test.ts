// @vitest-environment node
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { containsSecret, createRedactor, credentialForms, REDACTED, redactText } from './redact';

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function through(chunks: string[], secrets: string[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks.map((c) => Buffer.from(c))).pipe(createRedactor(secrets))) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('credentialForms', () => {
  it('lists the header, the token, its unpadded form and, for base64 pairs, the decoded pair and password', () => {
    const forms = credentialForms([`Basic ${b64('loki-user:l0ki-pa55')}`]);
    expect(forms).toContain(`Basic ${b64('loki-user:l0ki-pa55')}`);
    expect(forms).toContain(b64('loki-user:l0ki-pa55'));
    expect(forms).toContain('loki-user:l0ki-pa55');
    expect(forms).toContain('l0ki-pa55');
    expect(forms).not.toContain('loki-user');
    // longest first
    expect(forms.map((f) => f.length)).toEqual([...forms.map((f) => f.length)].sort((a, b) => b - a));
  });

  it('handles Bearer tokens, ApiKeys, bare values and escaped spellings; skips short ones', () => {
    const forms = credentialForms(['Bearer abc/def+ghi', `ApiKey ${b64('id1:es-secret-key')}`, 'tenant-org', 'org']);
    expect(forms).toEqual(expect.arrayContaining(['abc/def+ghi', 'abc\\/def+ghi', encodeURIComponent('abc/def+ghi'), 'es-secret-key', 'tenant-org']));
    expect(forms).not.toContain('org');
  });
});

describe('redaction', () => {
  const secrets = credentialForms(['Bearer csp_live_SECRET123', `Basic ${b64('u:hunter2-pw')}`, 'tenant-SECRET']);

  it('redacts strings', () => {
    expect(redactText('detail: invalid token Bearer csp_live_SECRET123 for tenant-SECRET', secrets)).toBe(`detail: invalid token ${REDACTED} for ${REDACTED}`);
    expect(containsSecret('password hunter2-pw', secrets)).toBe(true);
    expect(containsSecret('nothing here', secrets)).toBe(false);
  });

  it('redacts a stream whatever the chunk boundaries, and leaves other bytes alone', async () => {
    const text = `{"detail":"token csp_live_SECRET123 rejected","user":"u:hunter2-pw","tenant":"tenant-SECRET","note":"héllo ✓"}`;
    const expected = `{"detail":"token ${REDACTED} rejected","user":"${REDACTED}","tenant":"${REDACTED}","note":"héllo ✓"}`;
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = [bytes.subarray(0, cut), bytes.subarray(cut)].map((b) => b.toString('latin1'));
      const out: Buffer[] = [];
      for await (const c of Readable.from(parts.map((p) => Buffer.from(p, 'latin1'))).pipe(createRedactor(secrets))) out.push(c as Buffer);
      expect(Buffer.concat(out).toString('utf8'), `cut at ${cut}`).toBe(expected);
    }
    // One byte at a time.
    expect(await through([...text].map((c) => c), secrets)).toBe(expected);
  });

  it('passes a body without secrets through unchanged, however large', async () => {
    const big = 'x'.repeat(1_000_000);
    expect(await through([big.slice(0, 300_000), big.slice(300_000)], secrets)).toBe(big);
    expect(await through(['a', 'b'], [])).toBe('ab');
  });
});
