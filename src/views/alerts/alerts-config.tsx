import { useRef, useState } from 'react';
import { buildDigest, diffRules, digestMarkdown, exportLokiRules, importConfig } from '@/alerting';
import type { AlertingConfig, RuleDiff } from '@/alerting';
import { useAlerting, useAlertSnapshot } from '@/alerting/ui/alerting-context';
import { Button } from '@/components/ui/button';
import { useConsoleSettings } from '@/lib/console-settings';
import { downloadText } from '@/lib/download';


/** Config as code: export, import with a diff before applying, Loki ruler YAML and the digest. */
export function AlertsConfig() {
  const { store, service } = useAlerting();
  const locked = service?.readOnly ? { disabled: true, title: service.readOnly } : {};
  const snapshot = useAlertSnapshot();
  const { now } = useConsoleSettings();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<{ config: AlertingConfig; diff: RuleDiff } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [digest, setDigest] = useState<string | null>(null);
  const loki = exportLokiRules(snapshot.rules);
  return (
    <section aria-label="Alert configuration" className="flex flex-col gap-2 rounded-lg border border-line p-3">
      <h3 className="font-semibold">Configuration</h3>
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => downloadText('spine-console-alerts.json', store.exportConfig(), 'application/json')}>Export rules (JSON)</Button>
        <Button {...locked} onClick={() => fileRef.current?.click()}>
          Import rules…
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          className="hidden"
          aria-label="Import alert rules file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const result = importConfig(await file.text());
            if (!result.ok) {
              setPending(null);
              setMessage(`Import rejected: ${result.errors.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
              return;
            }
            setMessage(null);
            setPending({ config: result.config, diff: diffRules(snapshot.rules, result.config.rules) });
          }}
        />
        <Button onClick={() => downloadText('spine-console.rules.yaml', loki.yaml, 'application/yaml')} title={`${loki.rules.length} rules exported; ${loki.skipped.length} cannot be expressed in LogQL`}>
          Export Loki ruler YAML
        </Button>
        <Button
          onClick={() =>
            setDigest(
              digestMarkdown(
                buildDigest({
                  now: now(),
                  incidents: snapshot.state.incidents,
                }),
              ),
            )
          }
        >
          Daily digest
        </Button>
      </div>
      {message && (
        <p role="alert" className="text-sm text-crit">
          {message}
        </p>
      )}
      {pending && (
        <div role="dialog" aria-label="Import preview" className="flex flex-col gap-1 rounded-md border border-info/40 bg-info/8 p-2 text-sm">
          <p className="font-medium">Import preview</p>
          <ul className="text-xs">
            <li>Added: {pending.diff.added.map((r) => r.name).join(', ') || 'none'}</li>
            <li>Removed: {pending.diff.removed.map((r) => r.name).join(', ') || 'none'}</li>
            <li>Changed: {pending.diff.changed.map((c) => `${c.id} (${c.fields.join(', ')})`).join('; ') || 'none'}</li>
            <li>Unchanged: {pending.diff.unchanged.length}</li>
          </ul>
          <div className="flex gap-2">
            <Button
              variant="primary"
              {...locked}
              onClick={() => {
                store.setRules(pending.config.rules);
                store.setMaintenance(pending.config.maintenance);
                setPending(null);
                setMessage(null);
              }}
            >
              Apply import
            </Button>
            <Button variant="ghost" onClick={() => setPending(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {loki.skipped.length > 0 && (
        <p className="text-xs text-muted">
          Not exportable to Loki (they need data only the console sees): {loki.skipped.map((s) => `${s.ruleId} (${s.reason})`).join(', ')}.
        </p>
      )}
      {digest && (
        <div className="flex flex-col gap-1">
          <div className="flex items-center gap-2">
            <h4 className="text-xs font-semibold text-muted">Digest (Markdown)</h4>
            <Button variant="ghost" onClick={() => downloadText('spine-digest.md', digest, 'text/markdown')}>
              Download
            </Button>
          </div>
          <pre aria-label="Digest" tabIndex={0} className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-surface-2 p-2 font-mono text-xs">
            {digest}
          </pre>
        </div>
      )}
    </section>
  );
}
