/** Test-only: what Grafana's LogQL grammar (@grafana/lezer-logql) makes of a query. */
import { parser } from '@grafana/lezer-logql';

/** Offsets where the grammar finds an error: [] when it accepts the query. */
export function grammarErrors(query: string): number[] {
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}
