/**
 * What an integration suite needs from outside the repo, and what happens when it is missing:
 * one printed line saying what is needed and how to provide it, then the suite skips; under
 * REQUIRE_INTEGRATION=1 (CI) the missing dependency is an error instead, so CI never skips.
 */
export const REQUIRED = process.env.REQUIRE_INTEGRATION === '1';

const said = new Set<string>();

export class MissingDependency extends Error {
  override name = 'MissingDependency';
}

/** Prints `skipped: <suite>: needs <what>; <how>` once, or throws under REQUIRE_INTEGRATION=1. */
export function missing(suite: string, what: string, how: string): void {
  const line = `${suite}: needs ${what}; ${how}`;
  if (REQUIRED) throw new MissingDependency(`REQUIRE_INTEGRATION=1 and ${line}`);
  if (said.has(line)) return;
  said.add(line);
  console.log(`skipped: ${line}`);
}
