// A lint probe for scripts/lint-layers.test.ts: cycle-a and cycle-b import each other, which
// import-x/no-cycle must refuse. eslint.config.js ignores this folder; nothing imports it.
import { b } from './cycle-b';

export const a = (): string => `a${b.name}`;
