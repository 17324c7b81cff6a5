import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { LogPatternReport } from '@/lib/model';
import { LEVEL_TEXT } from '../level-style';
import { Sparkline } from './sparkline';
import { formatInt } from '@/lib/format';

const SHOWN = 50;

/** Why a pattern reads `File"<_>",line<_>` (LogPattern.spacesLost). */
const SPACES_LOST = 'Loki sent this pattern without its spaces (it does for lines that start with whitespace): shown as sent; a click filters its lines ignoring spacing.';

export interface PatternsViewProps {
  report: LogPatternReport;
  /** The pattern filtering the list, if any. */
  selected: string;
  onSelect: (pattern: string) => void;
  /** The range the samples cover (ms), for the sparklines' x axis. */
  from: number;
  to: number;
  /** Why clicking cannot filter now (e.g. a raw query is set); null when it can. */
  disabledReason: string | null;
}

/** Variable parts (`<_>` from Loki, `<*>` from the miner) stand out from the literal text. */
function PatternText({ pattern }: { pattern: string }) {
  if (pattern.trim() === '') {
    return <span className="min-w-0 flex-1 font-mono text-xs italic text-muted">(blank line{pattern.length > 0 ? `, ${pattern.length} spaces` : ''})</span>;
  }
  const parts = pattern.split(/(<_>|<\*>)/);
  return (
    <span className="min-w-0 flex-1 truncate font-mono text-xs" title={pattern}>
      {parts.map((p, i) => (p === '<_>' || p === '<*>' ? <span key={i} className="rounded bg-surface-2 px-0.5 text-muted">{p}</span> : <span key={i}>{p}</span>))}
    </span>
  );
}

/** Patterns, most frequent first: count, sparkline, text; a click filters the explorer to one. */
export function PatternsView({ report, selected, onSelect, from, to, disabledReason }: PatternsViewProps) {
  const [all, setAll] = useState(false);
  const grand = report.patterns.reduce((n, p) => n + p.total, 0);
  const shown = all ? report.patterns : report.patterns.slice(0, SHOWN);
  return (
    <div className="flex flex-col gap-2">
      {report.warnings.length > 0 && (
        <ul role="status" className="text-xs text-warn">
          {report.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {disabledReason && (
        <p role="note" className="text-xs text-muted">
          {disabledReason}
        </p>
      )}
      <ul aria-label="Log patterns" className="flex max-h-96 flex-col overflow-auto rounded-md border border-line">
        {shown.map((p) => {
          const active = p.pattern === selected;
          const share = grand > 0 ? (p.total / grand) * 100 : 0;
          return (
            <li key={`${p.level ?? ''}|${p.pattern}`} className="border-b border-line/60 last:border-0">
              <button
                type="button"
                aria-pressed={active}
                aria-label={`${p.pattern} (${formatInt(p.total)} lines)`}
                disabled={disabledReason !== null}
                onClick={() => onSelect(active ? '' : p.pattern)}
                className={`flex w-full items-center gap-3 px-2 py-1 text-left hover:bg-surface-2 disabled:cursor-not-allowed ${active ? 'bg-accent/15' : ''}`}
              >
                <span className="w-16 shrink-0 text-right font-mono text-xs tabular-nums">{formatInt(p.total)}</span>
                <span className="w-10 shrink-0 text-right text-[11px] text-muted tabular-nums">{share < 1 ? '<1' : Math.round(share)}%</span>
                <Sparkline samples={p.samples} from={from} to={to} />
                {p.level && <span className={`w-14 shrink-0 font-mono text-[11px] uppercase ${LEVEL_TEXT[p.level]}`}>{p.level}</span>}
                <PatternText pattern={p.pattern} />
                {p.spacesLost && (
                  <span className="shrink-0 rounded border border-line px-1 text-[11px] text-muted" title={SPACES_LOST}>
                    no spaces
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      {report.patterns.length > SHOWN && (
        <Button variant="secondary" className="self-start" onClick={() => setAll((a) => !a)}>
          {all ? `Show the top ${SHOWN}` : `Show all ${formatInt(report.patterns.length)} patterns`}
        </Button>
      )}
    </div>
  );
}
