/**
 * What the console service needs the user to know, above every view: one banner while it cannot
 * reach its database (sources stay readable, changes are off), the last change it refused, and
 * the small dialog that asks for its access token when a change needs it.
 */
import { useId, useState, useSyncExternalStore } from 'react';
import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import type { ServiceConnection } from '@/service/service-connection';
import { serviceKeys } from '@/service/service-queries';

const PREFIX = 'The console service cannot reach its database';

/** "The console service cannot reach its database: <why>", whether the why came from /api/status or a 503. */
export function storeBannerText(problem: string): string {
  return problem.startsWith(PREFIX) ? problem : `${PREFIX}: ${problem}`;
}

function TokenDialog({ refused, onAnswer }: { refused: boolean; onAnswer: (token: string | null) => void }) {
  const [token, setToken] = useState('');
  const titleId = useId();
  const inputId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAnswer(token);
  };
  return (
    <div className="fixed inset-0 z-50 grid place-items-center bg-black/30 p-4">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-sm rounded-lg border border-line bg-surface p-4 text-fg shadow-lg">
        <form className="flex flex-col gap-3" onSubmit={submit}>
          <h2 id={titleId} className="font-semibold">
            Console service token
          </h2>
          <p className="text-sm">
            {refused ? 'The console service refused that token. ' : ''}This change needs the console service's access token (<code>CONSOLE_AUTH_TOKEN</code>). It is
            kept in this tab's memory only, until the tab closes.
          </p>
          <label htmlFor={inputId} className="flex flex-col gap-1 text-sm">
            Access token
            <input
              id={inputId}
              type="password"
              autoComplete="off"
              autoFocus
              value={token}
              onChange={(e) => setToken(e.target.value)}
              className="rounded-md bg-surface px-2 py-1 ring-1 ring-inset ring-line"
            />
          </label>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => onAnswer(null)}>
              Cancel
            </Button>
            <Button variant="primary" type="submit" disabled={token.trim() === ''}>
              Save change
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}

export function ServiceBanner({ connection }: { connection: ServiceConnection }) {
  const state = useSyncExternalStore(connection.subscribe, connection.get, connection.get);
  const { storeProblem, writeError, tokenPrompt } = state;
  const checkAgain = () => void connection.queryClient.invalidateQueries({ queryKey: serviceKeys.all(connection.client.baseUrl) });
  return (
    <>
      {storeProblem !== null && (
        <section aria-label="Console service" className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-crit/40 bg-crit/8 px-4 py-1.5 text-sm">
          <p role="alert" className="min-w-0 flex-1">
            <strong className="font-semibold">{storeBannerText(storeProblem)}</strong>{' '}
            <span className="text-muted">Sources stay readable; acknowledging, snoozing and editing rules or issue states are off until it is back.</span>
          </p>
          <Button variant="secondary" onClick={checkAgain}>
            Check again
          </Button>
        </section>
      )}
      {writeError !== null && storeProblem === null && (
        <section aria-label="Console service change" className="flex flex-wrap items-center gap-3 border-b border-warn/40 bg-warn/10 px-4 py-1.5 text-sm">
          <p role="alert" className="min-w-0 flex-1">
            {writeError}
          </p>
          <Button variant="ghost" aria-label="Dismiss" onClick={connection.dismissWriteError}>
            ✕
          </Button>
        </section>
      )}
      {tokenPrompt && <TokenDialog refused={tokenPrompt.refused} onAnswer={connection.answerToken} />}
    </>
  );
}
