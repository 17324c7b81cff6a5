/**
 * Stable issue ids: a 64-bit FNV-1a hash of the template text (UTF-16 code units, each fed as
 * two bytes, low byte first), rendered as 16 hex digits with a `t_` prefix. The id depends on
 * the template text only, so it is the same across reloads, runs, workers and sources.
 */

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
// FNV 64-bit prime = 0x00000100_000001b3

/** 64-bit FNV-1a of a string, as 16 lowercase hex digits. */
export function fnv1a64(text: string): string {
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let b = 0; b < 2; b++) {
      lo ^= b === 0 ? c & 0xff : c >>> 8;
      // (hi, lo) *= 0x100000001b3 modulo 2^64
      const loLow = lo & 0xffff;
      const loHigh = lo >>> 16;
      const a = loLow * 0x1b3;
      const m = loHigh * 0x1b3 + (a >>> 16);
      const newLo = ((m & 0xffff) << 16) | (a & 0xffff);
      const carry = Math.floor(m / 0x10000);
      hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
      lo = newLo >>> 0;
    }
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The issue id of a template: `t_` + FNV-1a 64 of the template text. */
export function issueIdOf(template: string): string {
  return 't_' + fnv1a64(template);
}
