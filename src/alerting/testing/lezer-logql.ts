/**
 * Test-only: checks LogQL with Grafana's own grammar (@grafana/lezer-logql, the parser behind
 * Grafana's Loki query editor). Lezer recovers from errors instead of throwing, so an expression is
 * valid when its tree has no error node; an alerting rule's expression must also be a metric query.
 */
import { parser } from '@grafana/lezer-logql';

export interface LezerCheck {
  /** Offsets of the error nodes (empty: the grammar accepts the text). */
  errorsAt: number[];
  /** The top expression is a metric query (what a ruler alert needs), not a log query. */
  isMetric: boolean;
}

export function checkLogql(expr: string): LezerCheck {
  const tree = parser.parse(expr);
  const errorsAt: number[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errorsAt.push(node.from);
    },
  });
  const top = tree.topNode.firstChild?.firstChild;
  return { errorsAt, isMetric: top?.name === 'MetricExpr' };
}

/** Throws with the offending position when Grafana's grammar rejects `expr` or it is not a metric query. */
export function assertValidAlertExpr(expr: string): void {
  const { errorsAt, isMetric } = checkLogql(expr);
  if (errorsAt.length > 0) throw new SyntaxError(`LogQL syntax error at ${errorsAt.join(', ')}: ${expr.slice(0, errorsAt[0]! + 1)}⟵ in ${expr}`);
  if (!isMetric) throw new SyntaxError(`not a metric query (an alert needs one): ${expr}`);
}
