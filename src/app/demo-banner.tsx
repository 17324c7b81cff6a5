import { useSearchParams } from 'react-router';

export interface DemoBannerProps {
  scenarios: { name: string; label: string }[];
  current: string;
  onScenarioChange: (name: string) => void;
  problems: string[];
}

/** Says loudly that the data is simulated, and lets a demo switch the story. */
export function DemoBanner({ scenarios, current, onScenarioChange, problems }: DemoBannerProps) {
  const [params, setParams] = useSearchParams();
  const selected = params.get('scenario') ?? current;
  return (
    <div role="region" aria-label="Demo mode" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-info/40 bg-info/10 px-4 py-1.5 text-sm">
      <strong className="font-semibold text-info">Demo mode</strong>
      <span>
        No data source is configured: every tile shows simulated data from the built-in scenario. Set <code className="font-mono">CAPTURE_SPINE_URL</code> to
        connect to a real backend (see README).
      </span>
      <label className="ml-auto flex items-center gap-1.5">
        <span className="text-muted">Scenario</span>
        <select
          aria-label="Demo scenario"
          className="rounded-md bg-surface px-2 py-0.5 ring-1 ring-inset ring-line"
          value={selected}
          onChange={(e) => {
            const name = e.target.value;
            onScenarioChange(name);
            setParams((p) => {
              const n = new URLSearchParams(p);
              n.set('scenario', name);
              return n;
            });
          }}
        >
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {problems.map((p) => (
        <p key={p} role="alert" className="basis-full text-warn">
          {p}
        </p>
      ))}
    </div>
  );
}
