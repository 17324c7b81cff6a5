import { z } from 'zod';

/**
 * Zod 4 compiles object parsers with `new Function` unless told not to, and probing for it
 * already trips a strict Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval').
 * An entry imports this FIRST (before any module that builds a schema) and uses the export, so
 * the bundler keeps it even though the package declares no side effects.
 */
export const ZOD_CONFIG = z.config({ jitless: true });
