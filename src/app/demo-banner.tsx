import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import { useServiceConnection } from '@/service/service-context';
import type { ServiceConnection } from '@/service/service-connection';

export interface DemoBannerProps {
  scenarios: { name: string; label: string }[];
  current: string;
  onScenarioChange: (name: string) => void;
  problems: string[];
}

const noSubscribe = () => () => undefined;

/** The scenario the console service's watcher reads, when a service runs behind the page. */
function useServiceScenario(connection: ServiceConnection | undefined): string | undefined {
  return useSyncExternalStore(connection?.subscribe ?? noSubscribe, () => connection?.get().status?.demoScenario);
}

/**
 * Says loudly that the data is simulated, and lets a demo switch the story. With the console
 * service the story is the service's: a switch here switches its watcher (and every open page
 * follows), and a link's `?scenario=` is applied to it when the page opens.
 */
export function DemoBanner({ scenarios, current, onScenarioChange, problems }: DemoBannerProps) {
  const [params, setParams] = useSearchParams();
  const connection = useServiceConnection();
  const serviceScenario = useServiceScenario(connection);
  const selected = params.get('scenario') ?? current;
  // A `?scenario=` the page opened with is pushed to the service once, instead of following it.
  const pushOnLoad = useRef(connection !== undefined && params.has('scenario'));

  const show = (name: string) => {
    onScenarioChange(name);
    setParams((p) => {
      const n = new URLSearchParams(p);
      n.set('scenario', name);
      return n;
    });
  };
  const pick = (name: string) => {
    show(name);
    if (connection) void connection.write(() => connection.client.setDemoScenario(name));
  };

  useEffect(() => {
    if (!serviceScenario || !scenarios.some((s) => s.name === serviceScenario)) return;
    if (pushOnLoad.current) {
      pushOnLoad.current = false;
      if (serviceScenario !== selected) pick(selected);
      return;
    }
    // Another page switched the service's story: tell the same one here.
    if (serviceScenario !== selected) show(serviceScenario);
    // Only a change of the service's scenario is followed, not every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serviceScenario]);

  return (
    <div role="region" aria-label="Demo mode" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-info/40 bg-info/10 px-4 py-1.5 text-sm">
      <strong className="font-semibold text-info">Demo mode</strong>
      <span>
        No data source is configured: every tile shows simulated data from the built-in scenario. Set <code className="font-mono">CAPTURE_SPINE_URL</code> to
        connect to a real backend (see README).
        {connection ? ' The console service watches the same scenario: switching it switches it for everyone.' : ''}
      </span>
      <label className="ml-auto flex min-w-0 max-w-full items-center gap-1.5">
        <span className="text-muted">Scenario</span>
        <select
          aria-label="Demo scenario"
          className="min-w-0 max-w-full rounded-md bg-surface px-2 py-0.5 ring-1 ring-inset ring-line"
          value={selected}
          onChange={(e) => pick(e.target.value)}
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
