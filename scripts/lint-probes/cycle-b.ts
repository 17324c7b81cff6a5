// A lint probe for scripts/lint-layers.test.ts: see cycle-a.ts.
import { a } from './cycle-a';

export const b = (): string => `b${a.name}`;
