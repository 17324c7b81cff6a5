/** Guards for query parameters an adapter cannot honour: rejected loudly, never silently ignored. */
import { SourceError } from './source-error';

/** `pattern` comes from a source's own `logPatterns`; an adapter without that capability rejects it. */
export function rejectPatternFilter(params: { pattern?: string | undefined }, sourceId: string, sourceName: string): void {
  if (!params.pattern) return;
  throw new SourceError({
    code: 'unsupported',
    sourceId,
    message: `${sourceName} cannot filter lines by a server-side pattern.`,
    hint: 'Clear the pattern filter; patterns of the loaded lines are matched in the console instead.',
  });
}
