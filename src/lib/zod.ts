import { z } from 'zod';

/**
 * Every schema in the console imports `z` from here, never from 'zod' (lint enforces it).
 *
 * Zod 4 compiles object parsers with `new Function` unless told not to, and it probes for that
 * when each object schema is *constructed*: a schema built before `jitless` is set trips a strict
 * Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval'). An import of this module runs
 * before the importing module's body, whatever chunk the bundler puts either in, so no schema is
 * ever built before the setting. package.json lists this file under `sideEffects`: otherwise the
 * bundler resolves `z` straight to zod and drops this module, setting and all.
 */
z.config({ jitless: true });

export { z };
