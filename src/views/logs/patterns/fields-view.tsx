import type { DetectedFieldReport } from '@/lib/model';
import { formatInt } from '@/lib/format';

/** Fields the server parsed out of the lines: name, type, parser and how many distinct values. */
export function FieldsView({ report }: { report: DetectedFieldReport }) {
  return (
    <div className="flex flex-col gap-2">
      {report.warnings.map((w) => (
        <p key={w} role="status" className="text-xs text-warn">
          {w}
        </p>
      ))}
      <table className="text-xs">
        <caption className="sr-only">Detected fields</caption>
        <thead className="text-left text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-normal">Field</th>
            <th scope="col" className="py-1 pr-3 font-normal">Type</th>
            <th scope="col" className="py-1 pr-3 text-right font-normal">Distinct values</th>
            <th scope="col" className="py-1 font-normal">Parser</th>
          </tr>
        </thead>
        <tbody>
          {report.fields.map((f) => (
            <tr key={f.name} className="border-t border-line/60">
              <th scope="row" className="py-0.5 pr-3 font-mono font-normal">{f.name}</th>
              <td className="py-0.5 pr-3 text-muted">{f.type}</td>
              <td className="py-0.5 pr-3 text-right font-mono tabular-nums">{formatInt(f.cardinality)}</td>
              <td className="py-0.5 font-mono text-muted">{f.parsers.length > 0 ? f.parsers.join(', ') : 'structured metadata'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-[11px] text-muted">
        Filter on a field with a raw LogQL query after its parser, e.g. <code className="font-mono">| logfmt | status &gt;= 500</code>.
      </p>
    </div>
  );
}
