import { describe, expect, it } from 'vitest';
import { isAtLeast, parseMajorMinor, versionAtLeast } from './version';

describe('version', () => {
  it('reads the major and minor of a release number, with or without a leading v', () => {
    expect(parseMajorMinor('3.4.1')).toEqual([3, 4]);
    expect(parseMajorMinor(' v2.9.17 ')).toEqual([2, 9]);
    expect(parseMajorMinor('8.15.0-SNAPSHOT')).toEqual([8, 15]);
    expect(parseMajorMinor('main-4f2d1a')).toBeNull();
    expect(parseMajorMinor('7')).toBeNull();
  });

  it('compares by major, then minor', () => {
    expect(isAtLeast([7, 10], [7, 10])).toBe(true);
    expect(isAtLeast([7, 9], [7, 10])).toBe(false);
    expect(isAtLeast([8, 0], [7, 12])).toBe(true);
    expect(isAtLeast([2, 12], [3, 0])).toBe(false);
  });

  it('says no for a version it cannot read', () => {
    expect(versionAtLeast('2.4.0', [2, 4])).toBe(true);
    expect(versionAtLeast('2.3.9', [2, 4])).toBe(false);
    expect(versionAtLeast('unknown', [0, 0])).toBe(false);
  });
});
