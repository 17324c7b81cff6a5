import { describe, expect, it } from 'vitest';
import { Rng, hash32, smooth, unit, uuidFrom } from './prng';

describe('prng', () => {
  it('is a pure function of its key', () => {
    expect(hash32(1, 'a', 1_769_885_100_000)).toBe(hash32(1, 'a', 1_769_885_100_000));
    expect(hash32(1, 'a', 2)).not.toBe(hash32(2, 'a', 2));
    const a = new Rng(7, 'x');
    const b = new Rng(7, 'x');
    expect([a.f(), a.int(0, 9), a.hex(6)]).toEqual([b.f(), b.int(0, 9), b.hex(6)]);
  });

  it('draws stay in range', () => {
    const r = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(2, 5);
      expect(v).toBeGreaterThanOrEqual(2);
      expect(v).toBeLessThanOrEqual(5);
      expect(unit(i)).toBeLessThan(1);
    }
  });

  it('poisson has roughly the requested mean', () => {
    const r = new Rng(11);
    let sum = 0;
    for (let i = 0; i < 2000; i++) sum += r.poisson(4);
    expect(sum / 2000).toBeGreaterThan(3.7);
    expect(sum / 2000).toBeLessThan(4.3);
  });

  it('uuidFrom is uuid-v4 shaped and stable', () => {
    expect(uuidFrom('feed', 'sec-rss')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFrom('feed', 'sec-rss')).toBe(uuidFrom('feed', 'sec-rss'));
  });

  it('smooth noise is continuous between knots', () => {
    const a = smooth(1000, 60_000, 'k');
    const b = smooth(1001, 60_000, 'k');
    expect(Math.abs(a - b)).toBeLessThan(0.01);
  });
});
