/**
 * Test-only: the explorer's lines through `useLogLines`, with nothing else of the Logs view, for
 * tests that count the requests its pages and refreshes make.
 */
import { useSourcesFor } from '@/sources/sources-context';
import type { LogFilters } from '../logs-queries';
import { useLogLines } from '../use-log-lines';

export const NO_FILTERS: LogFilters = { text: '', raw: '', services: [], levels: [], pattern: '', fields: [] };

/** The first log source's lines as a list named "Lines", and a Load older button. */
export function LogLinesProbe({ filters = NO_FILTERS, limit }: { filters?: LogFilters; limit: number }) {
  const source = useSourcesFor('logs')[0]!;
  const { pages } = useLogLines(source, filters, limit, false);
  const entries = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <>
      <ol aria-label="Lines">
        {entries.map((e, i) => (
          <li key={`${e.id}#${i}`}>{e.raw}</li>
        ))}
      </ol>
      <button type="button" disabled={!pages.hasNextPage || pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
        Load older
      </button>
    </>
  );
}
