import { useState } from 'react';
import { backtest, parseDuration, SEVERITY_RANK } from '@/alerting';
import type { Incident, Rule } from '@/alerting';
import { SEVERITY_STYLE } from '@/alerting/ui/alert-banner';
import { useAlerting, useAlertSnapshot } from '@/alerting/ui/alerting-context';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatDuration, formatRelative } from '@/lib/format';
import { AlertsConfig } from './alerts-config';
import { RuleEditor } from './rule-editor/rule-editor';

function statusOf(i: Incident, now: number): string {
  if (i.status === 'resolved') return i.resolvedBy === 'user' ? 'resolved by you' : i.resolvedBy === 'scenario-changed' ? 'resolved (demo scenario switched)' : 'resolved';
  if (i.muted) return 'muted (maintenance)';
  if (i.snoozedUntil && now < i.snoozedUntil) return `snoozed ${formatRelative(new Date(i.snoozedUntil).toISOString(), now)}`;
  if (i.acknowledgedAt) return i.acknowledgedBy ? `acknowledged by ${i.acknowledgedBy}` : 'acknowledged';
  return 'firing';
}

/** Props that disable a change control, saying why, while the console service cannot save it. */
function useLocked(): { disabled?: boolean; title?: string } {
  const readOnly = useAlerting().service?.readOnly;
  return readOnly ? { disabled: true, title: readOnly } : {};
}

function Inbox() {
  const { store, service } = useAlerting();
  const { state, loading } = useAlertSnapshot();
  const { now } = useConsoleSettings();
  const locked = useLocked();
  const t = now();
  const incidents = state.incidents
    .filter((i) => i.status === 'firing' || (i.resolvedAt ?? 0) > t - 86_400_000)
    .sort((a, b) => Number(b.status === 'firing') - Number(a.status === 'firing') || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.startedAt - a.startedAt);
  if (loading) return <p role="status" className="text-sm text-muted">Reading the alerts from the console service…</p>;
  if (incidents.length === 0) {
    return <EmptyState title="No alerts">{service ? 'Nothing is firing, and nothing resolved in the last 24 hours.' : 'Nothing has fired while this console has been open.'}</EmptyState>;
  }
  // The table scrolls inside its column rather than spilling over the rules beside it.
  return (
    <div className="overflow-x-auto">
    <table className="w-full text-sm">
      <caption className="sr-only">Alert inbox</caption>
      <thead className="text-xs text-muted">
        <tr className="border-b border-line">
          <th scope="col" className="py-1.5 pr-3">Alert</th>
          <th scope="col" className="py-1.5 pr-3">State</th>
          <th scope="col" className="py-1.5 pr-3">Since</th>
          <th scope="col" className="py-1.5">Actions</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((i) => (
          <tr key={i.id} className="border-b border-line/60 align-top last:border-0">
            <th scope="row" className="py-1.5 pr-3 font-normal">
              <div className="flex items-center gap-2">
                <span aria-hidden="true" className={`size-2 rounded-full ${SEVERITY_STYLE[i.severity].dot}`} />
                <span className="font-medium">{i.subjectLabel}</span>
                <span className="text-xs text-muted">{i.severity}</span>
              </div>
              <div className="text-xs">{i.summary}</div>
              <div className="text-xs text-muted">
                {i.ruleName} · {i.condition} · seen {i.count} times
              </div>
            </th>
            <td className="py-1.5 pr-3 text-xs">{statusOf(i, t)}</td>
            <td className="whitespace-nowrap py-1.5 pr-3 text-xs">
              {formatRelative(new Date(i.startedAt).toISOString(), t)}
              {i.resolvedAt && <div className="text-muted">for {formatDuration((i.resolvedAt - i.startedAt) / 1000)}</div>}
            </td>
            <td className="py-1.5">
              {i.status === 'firing' && (
                <div className="flex flex-wrap gap-1">
                  {!i.acknowledgedAt && (
                    <Button variant="secondary" {...locked} onClick={() => store.act(i.id, { type: 'acknowledge' }, now())}>
                      Acknowledge
                    </Button>
                  )}
                  <Button variant="secondary" {...locked} onClick={() => store.act(i.id, { type: 'snooze', until: now() + 3_600_000 }, now())}>
                    Snooze 1 h
                  </Button>
                  <Button variant="secondary" {...locked} onClick={() => store.act(i.id, { type: 'resolve' }, now())}>
                    Resolve
                  </Button>
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

function BacktestResult({ rule }: { rule: Rule }) {
  const { store } = useAlerting();
  const history = store.history();
  const result = backtest(rule, history);
  const span = history.length > 1 ? history.at(-1)!.at - history[0]!.at : 0;
  const max = Math.max(1, ...result.timeline.map((p) => p.firing));
  return (
    <div className="flex flex-col gap-1 rounded bg-surface-2 p-2 text-xs">
      <p role="status">
        Over the {formatDuration(span / 1000)} this console has observed ({history.length} evaluations): {result.firings.length} incidents, {result.notifications}{' '}
        notifications.
      </p>
      <div role="img" aria-label={`Backtest timeline: up to ${max} firing at once`} className="flex h-8 items-end gap-px">
        {result.timeline.slice(-200).map((p, i) => (
          <div key={i} className="flex-1 bg-crit/70" style={{ height: `${(p.firing / max) * 100}%` }} title={`${new Date(p.at).toLocaleTimeString()}: ${p.firing}`} />
        ))}
      </div>
      <p className="text-muted">The backtest replays the evaluator on the data this console has seen; it cannot go further back than when it was opened.</p>
    </div>
  );
}

function Rules({ onEdit }: { onEdit: (rule: Rule | null) => void }) {
  const { store } = useAlerting();
  const { rules } = useAlertSnapshot();
  const [testing, setTesting] = useState<string | null>(null);
  const locked = useLocked();
  const toggle = (id: string, enabled: boolean) => store.setRules(rules.map((r) => (r.id === id ? { ...r, enabled } : r)));
  return (
    <>
    <div>
      <Button variant="primary" {...locked} onClick={() => onEdit(null)}>
        New rule
      </Button>
    </div>
    <ul aria-label="Alert rules" className="flex flex-col divide-y divide-line/60">
      {rules.map((r) => (
        <li key={r.id} className="flex flex-col gap-1 py-1.5">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="checkbox" checked={r.enabled} {...locked} onChange={(e) => toggle(r.id, e.target.checked)} />
              <span className="font-medium">{r.name}</span>
            </label>
            <Badge tone={r.severity === 'CRITICAL' ? 'crit' : r.severity === 'ERROR' ? 'warn' : 'neutral'} dot={false}>
              {r.severity}
            </Badge>
            <span className="text-xs text-muted">
              {r.kind}
              {parseDuration(r.for) > 0 ? ` · for ${r.for}` : ''}
            </span>
            <Button variant="ghost" className="ml-auto" aria-label={`Edit ${r.name}`} {...locked} onClick={() => onEdit(r)}>
              Edit
            </Button>
            <Button variant="ghost" aria-expanded={testing === r.id} onClick={() => setTesting(testing === r.id ? null : r.id)}>
              Backtest
            </Button>
          </div>
          {testing === r.id && <BacktestResult rule={r} />}
        </li>
      ))}
    </ul>
    </>
  );
}

function Notifications() {
  const { notifications } = useAlerting();
  if (notifications.permission === 'unsupported') return <p className="text-xs text-muted">This browser has no notifications.</p>;
  return notifications.enabled && notifications.permission === 'granted' ? (
    <Button variant="secondary" onClick={notifications.disable}>
      Turn off browser notifications
    </Button>
  ) : (
    <Button variant="secondary" onClick={() => void notifications.enable()} disabled={notifications.permission === 'denied'} title={notifications.permission === 'denied' ? 'Notifications are blocked for this site in the browser settings' : undefined}>
      Turn on browser notifications
    </Button>
  );
}

function Maintenance() {
  const { store } = useAlerting();
  const { maintenance } = useAlertSnapshot();
  const { now } = useConsoleSettings();
  const locked = useLocked();
  const muteHour = () => {
    const from = new Date(now()).toISOString();
    const to = new Date(now() + 3_600_000).toISOString();
    store.setMaintenance([...maintenance, { id: `mute-${now()}`, name: 'Muted for 1 hour from the console', kind: 'once', from, to }]);
  };
  return (
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" {...locked} onClick={muteHour}>
          Mute everything for 1 hour
        </Button>
        <Notifications />
      </div>
      {maintenance.length > 0 && (
        <ul aria-label="Maintenance windows" className="text-xs">
          {maintenance.map((w) => (
            <li key={w.id} className="flex items-center gap-2">
              <span>
                {w.name} ({w.kind === 'once' ? `${new Date(w.from).toLocaleString()} → ${new Date(w.to).toLocaleString()}` : w.kind})
              </span>
              <Button variant="ghost" {...locked} onClick={() => store.setMaintenance(maintenance.filter((x) => x.id !== w.id))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Who watches: this tab while it is open, or the console service all the time. */
function WhoWatches() {
  const { service } = useAlerting();
  if (!service) {
    return (
      <p role="note" className="text-sm text-warn">
        Alerts are evaluated in this tab only: they start when the tab opens and stop when it closes. Run the console service (<code>npm start</code>) to watch all the
        time, or export the rules to Loki's ruler.
      </p>
    );
  }
  const every = service.intervalMs ? ` every ${formatDuration(service.intervalMs / 1000)}` : '';
  return (
    <p role="note" className="text-xs text-muted">
      The console service evaluates these rules{every}, whether or not a browser is open. Acknowledgements, snoozes and rule changes are shared by everyone who uses it.
    </p>
  );
}

export function AlertsPage() {
  const { store } = useAlerting();
  const { problem, rules } = useAlertSnapshot();
  const [editing, setEditing] = useState<{ rule: Rule | null; key: number } | null>(null);
  const save = (rule: Rule) => {
    const i = rules.findIndex((r) => r.id === (editing?.rule?.id ?? rule.id));
    store.setRules(i >= 0 && editing?.rule ? rules.map((r, j) => (j === i ? rule : r)) : [...rules, rule]);
    setEditing(null);
  };
  return (
    <section aria-label="Alerts" className="flex flex-col gap-4 rounded-lg border border-line bg-surface p-4 shadow-sm">
      <h2 className="text-[15px] font-semibold">Alerts</h2>
      {problem && <p role="status" className="text-sm text-warn">{problem}</p>}
      <WhoWatches />
      <Maintenance />
      {editing && (
        <RuleEditor
          key={editing.key}
          rule={editing.rule}
          takenIds={rules.filter((r) => r.id !== editing.rule?.id).map((r) => r.id)}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      )}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)]">
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">Inbox</h3>
          <Inbox />
        </div>
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">Rules</h3>
          <Rules onEdit={(rule) => setEditing({ rule, key: Date.now() })} />
          <AlertsConfig />
        </div>
      </div>
    </section>
  );
}
