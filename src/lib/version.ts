/**
 * Release numbers as servers report them (`3.4.1`, `v2.9.17`, `8.15.0-SNAPSHOT`): the major and
 * minor are all the console compares, to turn a feature on or off.
 */
export type MajorMinor = readonly [major: number, minor: number];

/** `3.4.1`, `v2.9.17` → [3, 4], [2, 9]; null when the text does not start with a release number (`main-4f2d1a`). */
export function parseMajorMinor(version: string): MajorMinor | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** `version` is `least` or newer. */
export function isAtLeast(version: MajorMinor, least: MajorMinor): boolean {
  return version[0] > least[0] || (version[0] === least[0] && version[1] >= least[1]);
}

/** The text is a release number and at least `least`; false for a version that cannot be read. */
export function versionAtLeast(version: string, least: MajorMinor): boolean {
  const parsed = parseMajorMinor(version);
  return parsed !== null && isAtLeast(parsed, least);
}
