import { describe, expect, it } from 'vitest';
import { parseJsonLossless, stringifyJsonLossless } from './json-lossless';

describe('lossless JSON', () => {
  it('keeps integers beyond 2^53 exact as BigInt, leaves the rest alone', () => {
    const text = '{"sort":[1723713704123456789, 17, -9223372036854775808],"f":1.5e3,"n":9007199254740991,"s":"id 12345678901234567890 \\" 99999999999999999999"}';
    expect(parseJsonLossless(text)).toEqual({
      sort: [1723713704123456789n, 17, -9223372036854775808n],
      f: 1500,
      n: 9007199254740991,
      s: 'id 12345678901234567890 " 99999999999999999999',
    });
  });

  it('writes BigInt back as the same number literal', () => {
    const text = '{"search_after":[1723713704123456789,"k",17]}';
    expect(stringifyJsonLossless(parseJsonLossless(text))).toBe(text);
    expect(stringifyJsonLossless({ a: [1n, 2], b: 'x' })).toBe('{"a":[1,2],"b":"x"}');
  });

  it('parses ordinary JSON like JSON.parse and rejects invalid JSON', () => {
    const text = '{"a":[1,2.25,{"b":null,"c":true}],"d":"\\\\"}';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
    expect(() => parseJsonLossless('{nope')).toThrow(SyntaxError);
  });
});
