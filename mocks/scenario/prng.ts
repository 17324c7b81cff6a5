/** Small, pure, seeded hashing + PRNG helpers. No module state. */
import { fnv1a32 } from '@/lib/fnv';

function mix(h: number, v: number): number {
  let x = (h ^ Math.imul(v >>> 0, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hash of any mix of strings and (safe-integer or fractional) numbers, as uint32. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x2545f491;
  for (const p of parts) {
    if (typeof p === 'string') {
      h = mix(h, fnv1a32(p));
    } else {
      const n = Math.floor(p);
      h = mix(h, n >>> 0);
      h = mix(h, Math.floor(n / 4294967296) >>> 0);
    }
  }
  return h;
}

/** mulberry32: returns a float generator in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform float in [0, 1) for a key. */
export function unit(...parts: (string | number)[]): number {
  return hash32(...parts) / 4294967296;
}

/** A seeded random source with convenience draws. */
export class Rng {
  private readonly next: () => number;
  constructor(...parts: (string | number)[]) {
    this.next = mulberry32(hash32(...parts));
  }
  f(): number {
    return this.next();
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error('pick from empty list');
    return v;
  }
  /** Pick by weight; `weights` parallel to `items`. */
  weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    let total = 0;
    for (const it of items) total += weight(it);
    let x = this.next() * total;
    for (const it of items) {
      x -= weight(it);
      if (x < 0) return it;
    }
    return this.pick(items);
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
  /** Poisson-ish count with the given mean (exact Poisson for small means, normal approx above). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(this)));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}

function gauss(r: Rng): number {
  const u = Math.max(1e-12, r.f());
  const v = r.f();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uuid-v4-shaped id that is a pure function of the key. */
export function uuidFrom(...parts: (string | number)[]): string {
  const r = new Rng('uuid', ...parts);
  const h = r.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16] ?? '0', 16) & 3] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * Smooth value noise in [0, 1): knots every `periodMs`, cosine-interpolated.
 * A pure function of (key, t).
 */
export function smooth(t: number, periodMs: number, ...key: (string | number)[]): number {
  const k = Math.floor(t / periodMs);
  const frac = (t - k * periodMs) / periodMs;
  const a = unit(...key, k);
  const b = unit(...key, k + 1);
  const w = (1 - Math.cos(Math.PI * frac)) / 2;
  return a * (1 - w) + b * w;
}
