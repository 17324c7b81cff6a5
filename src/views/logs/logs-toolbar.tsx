import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { LogLevel } from '@/lib/model';
import type { CapableSource } from '@/sources/sources-context';
import { LEVEL_TEXT } from './level-style';
import { LEVELS, LIMITS } from './logs-url';
import type { LogsUrlState } from './logs-url';
import { formatInt } from '@/lib/format';

export interface LogsToolbarProps {
  sources: CapableSource<'logs'>[];
  sourceId: string;
  state: LogsUrlState;
  knownServices: string[];
  onChange: (patch: Partial<LogsUrlState>) => void;
}

export function LogsToolbar({ sources, sourceId, state, knownServices, onChange }: LogsToolbarProps) {
  const [rawMode, setRawMode] = useState(state.raw !== '');
  const [draft, setDraft] = useState(rawMode ? state.raw : state.text);
  const adapter = sources.find((s) => s.instance.id === sourceId)?.adapter;
  const rawName = adapter?.rawQueryLanguage ?? 'query';
  const noRaw = adapter !== undefined && adapter.rawQueryLanguage === undefined;
  const services = [...new Set([...state.services, ...knownServices])].sort();
  const toggleLevel = (l: LogLevel) => onChange({ levels: state.levels.includes(l) ? state.levels.filter((x) => x !== l) : [...state.levels, l] });
  return (
    <div className="flex flex-col gap-2">
      <form
        role="search"
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          onChange(rawMode ? { raw: draft, text: '', line: null } : { text: draft, raw: '', line: null });
        }}
      >
        <label className="flex items-center gap-1.5 text-sm">
          <span className="text-muted">Source</span>
          <select aria-label="Source" className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line" value={sourceId} onChange={(e) => onChange({ source: e.target.value, line: null })}>
            {sources.map((s) => (
              <option key={s.instance.id} value={s.instance.id}>
                {s.instance.label}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Search logs"
          placeholder={rawMode ? `Raw ${rawName} query` : 'Search text (matched literally)'}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="min-w-64 flex-1 rounded-md bg-surface px-2.5 py-1 font-mono text-sm ring-1 ring-inset ring-line"
        />
        <label className="flex items-center gap-1 text-sm text-muted" title={noRaw ? `${adapter.displayName} takes no raw queries` : undefined}>
          <input type="checkbox" checked={rawMode} disabled={noRaw} onChange={(e) => setRawMode(e.target.checked)} />
          Raw {rawName}
        </label>
        <Button type="submit" variant="primary">
          Run query
        </Button>
      </form>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <fieldset className="flex flex-wrap items-center gap-1">
          <legend className="sr-only">Levels</legend>
          <span className="mr-1 text-muted" aria-hidden="true">
            Levels
          </span>
          {LEVELS.filter((l) => l !== 'trace').map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={state.levels.includes(l)}
              onClick={() => toggleLevel(l)}
              className={`rounded-full px-2 py-0.5 text-xs ring-1 ring-inset ring-line ${state.levels.includes(l) ? 'bg-surface-2 font-semibold' : ''} ${LEVEL_TEXT[l]}`}
            >
              {l}
            </button>
          ))}
        </fieldset>
        <label className="flex items-center gap-1.5">
          <span className="text-muted">Service</span>
          <select
            aria-label="Service"
            className="rounded-md bg-surface px-2 py-0.5 ring-1 ring-inset ring-line"
            value={state.services[0] ?? ''}
            onChange={(e) => onChange({ services: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5">
          <span className="text-muted">Line limit</span>
          <select aria-label="Line limit" className="rounded-md bg-surface px-2 py-0.5 ring-1 ring-inset ring-line" value={state.limit} onChange={(e) => onChange({ limit: Number(e.target.value) })}>
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {formatInt(n)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-muted">
          <input type="checkbox" checked={state.utc} onChange={(e) => onChange({ utc: e.target.checked })} />
          UTC
        </label>
      </div>
    </div>
  );
}
