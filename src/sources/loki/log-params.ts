/** The log parameters Loki takes beyond the shared ones. */
import type { ParamsFrom } from '../source-adapter';

/**
 * What Loki's own `logPatterns` and `detectedFields` produce, taken back by every log capability:
 * `pattern`, a `/patterns` pattern written as a `|> "…"` line filter (patternFilter; a regex for
 * one sent without its spaces); `fields`, label-filter stages after the `json` / `logfmt` parser
 * each field names (fieldFilterStages), after a raw query's own pipeline too.
 */
export type LokiLogParams = ParamsFrom<'logPatterns' | 'detectedFields'>;
