/** Cheap, never-throwing helpers for ns decimal strings (hot loops: no BigInt, no regex). */

/** ns string → epoch ms (floored); 0 for anything that is not a digit string. */
export function nsToMsFast(ns: string): number {
  if (typeof ns !== 'string' || ns.length <= 6) return 0;
  const ms = Number(ns.slice(0, -6));
  return Number.isFinite(ms) ? ms : 0;
}

/** Compares normalized ns strings (no leading zeros): by length, then lexically. */
export function cmpNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
