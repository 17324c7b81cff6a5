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

/** `fields` come from a source's own `detectedFields`; an adapter without that capability rejects them. */
export function rejectFieldFilters(params: { fields?: readonly unknown[] | undefined }, sourceId: string, sourceName: string): void {
  if (!params.fields?.length) return;
  throw new SourceError({
    code: 'unsupported',
    sourceId,
    message: `${sourceName} cannot filter lines by a detected field.`,
    hint: 'Clear the field filters; they apply to Loki sources only.',
  });
}
