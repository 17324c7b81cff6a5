import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ConnectionTest } from '@/lib/model';
import type { ServiceStatus } from '@/service/api-schemas';
import type { ServiceConnection, ServiceConnectionState } from '@/service/service-connection';
import { ServiceConnectionContext } from '@/service/service-context';
import { serviceStatus } from '@/service/testing/service-fixtures';
import type { SourceInstance } from '@/sources/source-adapter';
import { setupMockServer } from '@/testing/msw-server';
import { renderWithProviders, testSources } from '@/testing/render-with-providers';
import { ingestText, SourcesPage, splitCapabilities } from './sources-page';

const { server } = setupMockServer();
const sources: SourceInstance[] = [...testSources, { id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki' } }];
const LOKI_FEATURES = ['log patterns', 'detected fields', 'detected field values'];
const BUILDINFO = '*/proxy/loki/loki/api/v1/status/buildinfo';
/** Loki's buildinfo answer for a version. */
const lokiVersion = (version: string) =>
  server.use(http.get(BUILDINFO, () => HttpResponse.json({ version, revision: '4f2d1a', branch: 'HEAD', buildUser: 'ci', buildDate: '', goVersion: 'go1.23' })));

async function rowOf(label: RegExp) {
  const region = screen.getByRole('region', { name: 'Sources' });
  const row = within(region).getByRole('rowheader', { name: label }).closest('tr')!;
  await within(row).findByText(/^reachable$/, {}, { timeout: 5_000 });
  return row;
}

const provided = (row: HTMLElement, label: string) => within(within(row).getByRole('list', { name: `${label} provides` })).getAllByRole('listitem').map((li) => li.textContent);
const lacking = (row: HTMLElement, label: string) => within(row).queryByRole('list', { name: `${label} lacks, or may lack` });

describe('Sources view: what each source provides', () => {
  it('on a Loki 3.4 lists every Loki capability as provided, and capture-spine (which reports none) as before', async () => {
    lokiVersion('3.4.2');
    renderWithProviders(<SourcesPage />, { sources });
    const loki = await rowOf(/Loki \(test\)/);
    expect(within(loki).getByText(/version 3\.4\.2/)).toBeInTheDocument();
    expect(provided(loki, 'Loki (test)')).toEqual(expect.arrayContaining(['logs', 'log volume', 'live tail', ...LOKI_FEATURES]));
    expect(lacking(loki, 'Loki (test)')).toBeNull();

    const spine = await rowOf(/capture-spine \(test\)/);
    expect(provided(spine, 'capture-spine (test)')).toEqual(expect.arrayContaining(['service health', 'feed status', 'queue stats', 'logs']));
    expect(lacking(spine, 'capture-spine (test)')).toBeNull();
  });

  it('on a Loki 2.9.17 marks log patterns and detected fields as not there, with the version they need', async () => {
    lokiVersion('2.9.17');
    renderWithProviders(<SourcesPage />, { sources });
    const loki = await rowOf(/Loki \(test\)/);
    expect(within(loki).getByText(/version 2\.9\.17/)).toBeInTheDocument();
    const shown = provided(loki, 'Loki (test)');
    expect(shown).toEqual(expect.arrayContaining(['logs', 'log volume', 'live tail']));
    for (const f of LOKI_FEATURES) expect(shown).not.toContain(f);
    const notes = within(lacking(loki, 'Loki (test)')!).getAllByRole('listitem').map((li) => li.textContent);
    expect(notes).toEqual([
      'log patterns — not on Loki 2.9.17: needs 3.0',
      'detected fields — not on Loki 2.9.17: needs 3.0',
      'detected field values — not on Loki 2.9.17: needs 3.3',
    ]);
  });

  it('on a Loki build that is not a release, says the features are not known rather than claiming them', async () => {
    lokiVersion('main-4f2d1a');
    renderWithProviders(<SourcesPage />, { sources });
    const loki = await rowOf(/Loki \(test\)/);
    const notes = within(lacking(loki, 'Loki (test)')!).getAllByRole('listitem').map((li) => li.textContent);
    expect(notes).toEqual(LOKI_FEATURES.map((f) => `${f} — not known on Loki main-4f2d1a (not a release): tried when used`));
  });
});

describe('splitCapabilities', () => {
  const test = (over: Partial<ConnectionTest>): ConnectionTest => ({ ok: true, message: '', version: '2.9.17', latencyMs: 1, ...over });
  const lacks = { logPatterns: { available: false, reason: 'not on Loki 2.9.17: needs 3.0' } } as const;

  it('keeps the adapter\'s list until the test answers, when the server is unreachable, and for sources that do not report', () => {
    const all = ['logs', 'logPatterns'] as const;
    expect(splitCapabilities([...all], undefined)).toEqual({ provided: [...all], lacking: [] });
    expect(splitCapabilities([...all], test({ ok: false, capabilities: lacks }))).toEqual({ provided: [...all], lacking: [] });
    expect(splitCapabilities([...all], test({}))).toEqual({ provided: [...all], lacking: [] });
    expect(splitCapabilities([...all], test({ capabilities: { logPatterns: { available: true } } }))).toEqual({ provided: [...all], lacking: [] });
    expect(splitCapabilities([...all], test({ capabilities: lacks }))).toEqual({ provided: ['logs'], lacking: [{ capability: 'logPatterns', status: lacks.logPatterns }] });
  });
});

describe('Sources view: the issue index, in service mode', () => {
  const DAY = 86_400_000;
  const to = Date.parse('2026-11-28T09:00:00.000Z');
  const ingest = (over: Partial<NonNullable<ServiceStatus['ingest']>[number]>) => [{ sourceId: 'loki', linesIngested: 120_345, pulledAt: to, caughtUp: true, lastError: null, ...over }];
  /** A partial connection (only what the view reads): its status, changed by `set`. */
  function connectionWith(status: ServiceStatus) {
    let state: ServiceConnectionState = { storeProblem: null, writeError: null, tokenPrompt: null, status };
    const listeners = new Set<() => void>();
    const connection = { get: () => state, subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)) } as unknown as ServiceConnection;
    const set = (next: ServiceStatus) => {
      state = { ...state, status: next };
      for (const l of listeners) l();
    };
    return { connection, set };
  }
  const note = () => screen.findByLabelText('Loki (test) issue index');

  it('shows lines, live or catching up, the backfill progress, then "done: known since", and the last error', async () => {
    lokiVersion('3.4.2');
    const { connection, set } = connectionWith(serviceStatus({ ingest: ingest({ caughtUp: false, backfill: { from: to - 7 * DAY, to, doneTo: null, done: false } }) }));
    renderWithProviders(<ServiceConnectionContext.Provider value={connection}><SourcesPage /></ServiceConnectionContext.Provider>, { sources });
    expect(await note()).toHaveTextContent('Issue index: 120,345 lines ingested, catching up; backfill 0 of 7 days');
    set(serviceStatus({ ingest: ingest({ backfill: { from: to - 7 * DAY, to, doneTo: to - 3 * DAY - 3_600_000, done: false } }) }));
    expect(await note()).toHaveTextContent('Issue index: 120,345 lines ingested, live; backfill 3 of 7 days');
    set(serviceStatus({ ingest: ingest({ lastError: 'backfill: Loki answered 502', backfill: { from: to - 7 * DAY, to, doneTo: to - 7 * DAY, done: true } }) }));
    const done = await note();
    expect(done).toHaveTextContent(/backfill done: known since \S/);
    expect(within(done).getByText('Last error: backfill: Loki answered 502')).toBeInTheDocument();
  });

  it('says when backfill is off, and shows nothing without a service', async () => {
    lokiVersion('3.4.2');
    const { connection } = connectionWith(serviceStatus({ ingest: ingest({ backfill: null }) }));
    const view = renderWithProviders(<ServiceConnectionContext.Provider value={connection}><SourcesPage /></ServiceConnectionContext.Provider>, { sources });
    expect(await note()).toHaveTextContent('Issue index: 120,345 lines ingested, live; backfill off');
    view.unmount();
    renderWithProviders(<SourcesPage />, { sources });
    await rowOf(/Loki \(test\)/);
    expect(screen.queryByLabelText('Loki (test) issue index')).toBeNull();
  });

  it('counts a short backfill in hours', () => {
    expect(ingestText({ sourceId: 'x', linesIngested: 5, pulledAt: null, caughtUp: true, lastError: null, backfill: { from: to - 12 * 3_600_000, to, doneTo: to - 5 * 3_600_000, done: false } })).toBe('Issue index: 5 lines ingested, live; backfill 5 of 12 hours');
  });
});
