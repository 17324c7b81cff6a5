import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { LogEntry } from '@/lib/model';
import { nsToIso } from '@/lib/nanotime';
import { AnsiText } from '@/components/ui/ansi-text';
import { LEVEL_TEXT } from './level-style';
import { LineContext } from './line-context';
import type { CapableSource } from '@/sources/sources-context';
import { formatInt } from '@/lib/format';

const FULL_LIMIT = 20_000;
/** Labels listed before "Show all labels": a stream with 10,000 labels must not freeze the page. */
const LABEL_LIMIT = 200;

export interface LineDetailsProps {
  entry: LogEntry;
  source: CapableSource<'logs'>;
  utc: boolean;
  onClose: () => void;
  onFilterService: (service: string, include: boolean) => void;
  onFilterLevel: (level: LogEntry['level'], include: boolean) => void;
}

/** One line in full: message (long lines cut with "Show all"), labels, copy and filters. */
export function LineDetails({ entry, source, utc, onClose, onFilterService, onFilterLevel }: LineDetailsProps) {
  const [showAll, setShowAll] = useState(false);
  const [showContext, setShowContext] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [allLabels, setAllLabels] = useState(false);
  const long = entry.message.length > FULL_LIMIT;
  const text = long && !showAll ? entry.message.slice(0, FULL_LIMIT) : entry.message;
  const labelCount = Object.keys(entry.labels).length;
  const labels = Object.entries(entry.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, allLabels ? undefined : LABEL_LIMIT);
  const copy = async (what: string, value: string) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(what);
    } catch {
      setCopied('Copy failed: the browser blocked clipboard access.');
    }
  };
  return (
    <section aria-label="Line details" className="flex min-w-0 flex-col gap-2 rounded-lg border border-line bg-surface p-3">
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">Line details</h3>
        <span className={`font-mono text-xs uppercase ${LEVEL_TEXT[entry.level]}`}>{entry.level}</span>
        <span className="font-mono text-xs text-muted">{nsToIso(entry.timeNs)}</span>
        <div className="ml-auto flex items-center gap-1">
          <Button variant="ghost" onClick={() => void copy('Line copied', entry.raw)}>
            Copy line
          </Button>
          <Button variant="ghost" onClick={() => void copy('Link copied', window.location.href)}>
            Copy link
          </Button>
          <Button variant="ghost" aria-label="Close line details" onClick={onClose}>
            ✕
          </Button>
        </div>
      </header>
      {copied && (
        <p role="status" className="text-xs text-muted">
          {copied}
        </p>
      )}
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-surface-2 p-2 font-mono text-xs" tabIndex={0} aria-label="Full message">
        <AnsiText text={text} />
      </pre>
      {long && (
        <Button variant="secondary" className="self-start" onClick={() => setShowAll((s) => !s)}>
          {showAll ? 'Show less' : `Show all (${formatInt(entry.message.length)} characters)`}
        </Button>
      )}
      <div className="flex flex-wrap gap-1.5 text-xs">
        {entry.service && (
          <>
            <Button variant="secondary" onClick={() => onFilterService(entry.service!, true)}>
              Only {entry.service}
            </Button>
            <Button variant="secondary" onClick={() => onFilterService(entry.service!, false)}>
              Hide {entry.service}
            </Button>
          </>
        )}
        <Button variant="secondary" onClick={() => onFilterLevel(entry.level, true)}>
          Only {entry.level}
        </Button>
        <Button variant="secondary" aria-expanded={showContext} onClick={() => setShowContext((s) => !s)}>
          {showContext ? 'Hide context' : 'Show context'}
        </Button>
      </div>
      {showContext && <LineContext source={source} entry={entry} utc={utc} />}
      <table className="text-xs">
        <caption className="sr-only">Labels and fields</caption>
        <tbody>
          {labels.map(([k, v]) => (
            <tr key={k} className="border-b border-line/60 last:border-0">
              <th scope="row" className="py-0.5 pr-3 font-mono font-normal text-muted">
                {k}
              </th>
              <td className="break-all py-0.5 font-mono">{v.length > 2000 ? `${v.slice(0, 2000)}…` : v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {labelCount > LABEL_LIMIT && (
        <Button variant="secondary" className="self-start" onClick={() => setAllLabels((a) => !a)}>
          {allLabels ? `Show ${LABEL_LIMIT} labels` : `Show all labels (${formatInt(labelCount)})`}
        </Button>
      )}
      <p className="font-mono text-[11px] text-muted">stream {entry.streamId}</p>
    </section>
  );
}
