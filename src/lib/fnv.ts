/**
 * 32-bit FNV-1a over a string's UTF-16 code units (each unit fed whole, not as two bytes): fast,
 * stable ids and seeds, not a cryptographic hash. `seed` replaces the standard offset basis, for a
 * second, independent lane over the same text.
 */
export const FNV1A32_OFFSET = 0x811c9dc5;
export const FNV1A32_PRIME = 0x01000193;

/** FNV-1a of `value` as an unsigned 32-bit integer. */
export function fnv1a32(value: string, seed = FNV1A32_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < value.length; i += 1) h = Math.imul(h ^ value.charCodeAt(i), FNV1A32_PRIME);
  return h >>> 0;
}
