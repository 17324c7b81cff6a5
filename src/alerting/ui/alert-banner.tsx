import { useState } from 'react';
import { Link } from 'react-router';
import { openIncidents } from '@/alerting';
import type { Severity } from '@/alerting';
import { useConsoleSettings } from '@/lib/console-settings';
import { formatRelative } from '@/lib/format';
import { useCarriedSearch } from '@/lib/view-links';
import { useAlertSnapshot } from './alerting-context';

/** capture-spine's AlertNotificationBar colours: CRITICAL red, ERROR orange, WARNING yellow. */
export const SEVERITY_STYLE: Record<Severity, { bar: string; dot: string; label: string }> = {
  CRITICAL: { bar: 'border-crit/50 bg-crit/12', dot: 'bg-crit', label: 'Critical' },
  ERROR: { bar: 'border-[#c2410c]/50 bg-[#f97316]/12', dot: 'bg-[#ea580c]', label: 'Error' },
  WARNING: { bar: 'border-warn/50 bg-[#facc15]/15', dot: 'bg-[#eab308]', label: 'Warning' },
};

/** One line for the most severe open, unacknowledged incident; dismissible until a new one opens. */
export function AlertBanner() {
  const { now, basePath = '/' } = useConsoleSettings();
  const { state } = useAlertSnapshot();
  const search = useCarriedSearch()();
  const [dismissedAt, setDismissedAt] = useState(0);
  const open = openIncidents(state, now()).filter((i) => !i.acknowledgedAt && !i.muted);
  const fresh = open.filter((i) => i.startedAt > dismissedAt);
  const top = open[0];
  if (!top || fresh.length === 0) return null;
  const style = SEVERITY_STYLE[top.severity];
  return (
    <section aria-label="Active alerts" className={`flex flex-wrap items-center gap-x-3 gap-y-1 border-b px-4 py-1.5 text-sm ${style.bar}`}>
      <span aria-hidden="true" className={`size-2.5 rounded-full ${style.dot}`} />
      <strong className="font-semibold">{style.label}</strong>
      <span className="text-muted">{formatRelative(new Date(top.startedAt).toISOString(), now())}</span>
      <span>·</span>
      <span className="font-medium">{top.subjectLabel}</span>
      <span className="min-w-0 flex-1 truncate">{top.summary}</span>
      {open.length > 1 && <span className="text-muted">+{open.length - 1} more</span>}
      <Link to={{ pathname: `${basePath}alerts`, search }} className="font-medium">
        View alerts
      </Link>
      <button type="button" className="text-muted hover:text-fg" aria-label="Dismiss until a new alert" onClick={() => setDismissedAt(now())}>
        ✕
      </button>
    </section>
  );
}
