import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { useState } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/model';
import type { FieldFilter, SourceInstance } from '@/sources/source-adapter';
import { useSourcesFor } from '@/sources/sources-context';
import { setupMockServer } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render-with-providers';
import { formatFieldFilter, toggleFieldFilter } from '../field-filters';
import { minePatterns } from './mine-patterns';
import { PatternsPanel } from './patterns-panel';

const { server } = setupMockServer();
const PATTERNS = '*/proxy/loki/loki/api/v1/patterns';
const BUILDINFO = '*/proxy/loki/loki/api/v1/status/buildinfo';
const VALUES = '*/proxy/loki/loki/api/v1/detected_field/:name/values';
const FIELDS = '*/proxy/loki/loki/api/v1/detected_fields';

/** A small Loki 3.4 in Loki's wire format: four patterns (sent unsorted), three fields, the values of `pipeline`. */
const T = 1795860000;
function useLoki(version = '3.4.2') {
  server.use(
    http.get(BUILDINFO, () => HttpResponse.json({ version, revision: 'abc123', branch: 'HEAD', buildUser: 'ci', buildDate: '', goVersion: 'go1.23' })),
    http.get(PATTERNS, () =>
      HttpResponse.json({
        status: 'success',
        data: [
          { pattern: 'GET /health <_> 200', samples: [[T, 5], [T + 60, 7]] },
          { pattern: 'job <_> failed: <_>', samples: [[T, 30]] },
          { pattern: 'cache miss for <_>', samples: [[T, 2]] },
          { pattern: 'worker <_> started', samples: [[T, 1], [T + 60, 3]] },
        ],
      }),
    ),
    http.get(FIELDS, () =>
      HttpResponse.json({
        fields: [
          { label: 'pipeline', type: 'string', cardinality: 3, parsers: ['logfmt'] },
          { label: 'duration', type: 'duration', cardinality: 152, parsers: ['logfmt'] },
          { label: 'status', type: 'int', cardinality: 5, parsers: ['logfmt'] },
        ],
        limit: 1000,
      }),
    ),
    http.get(VALUES, ({ params }) => HttpResponse.json({ values: params.name === 'pipeline' ? ['backfill', 'content_capture', 'feed_processing'] : [], limit: 1000 })),
  );
}
beforeEach(() => useLoki());
const loki: SourceInstance[] = [{ id: 'loki', kind: 'loki', label: 'Loki (test)', config: { baseUrl: 'http://localhost/proxy/loki' } }];
const es: SourceInstance[] = [{ id: 'es', kind: 'elasticsearch', label: 'ES (test)', config: { baseUrl: 'http://localhost/proxy/es' } }];

function Harness({ entries = [], raw = false, initialFields = [] }: { entries?: LogEntry[]; raw?: boolean; initialFields?: FieldFilter[] }) {
  const source = useSourcesFor('logs')[0]!;
  const [selected, setSelected] = useState('');
  const [fields, setFields] = useState(initialFields);
  const mined = source.instance.kind === 'loki' ? null : minePatterns(entries, 60_000);
  return (
    <>
      <PatternsPanel
        source={source}
        params={{ ...(fields.length > 0 ? { fields } : {}), ...(selected ? { pattern: selected } : {}) }}
        stepMs={60_000}
        mined={mined}
        loadedCount={entries.length}
        selected={selected}
        onSelect={setSelected}
        rawActive={raw}
        fieldFilters={fields}
        onToggleFieldFilter={(f) => setFields((all) => toggleFieldFilter(all, f))}
      />
      <output aria-label="Selected pattern">{selected}</output>
      <output aria-label="Field filters">{fields.map(formatFieldFilter).join(' & ')}</output>
    </>
  );
}

const panel = () => screen.getByRole('region', { name: 'Patterns' });

describe('Patterns panel (Loki)', () => {
  it('shows a skeleton while loading', () => {
    server.use(http.get(PATTERNS, () => delay('infinite')));
    renderWithProviders(<Harness />, { sources: loki });
    expect(within(panel()).getByRole('status', { name: 'Loading patterns' })).toBeInTheDocument();
  });

  it('lists the patterns with their counts, most frequent first; a click selects and a second click clears', async () => {
    renderWithProviders(<Harness />, { sources: loki });
    const list = await within(panel()).findByRole('list', { name: 'Log patterns' });
    const buttons = within(list).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'job <_> failed: <_> (30 lines)',
      'GET /health <_> 200 (12 lines)',
      'worker <_> started (4 lines)',
      'cache miss for <_> (2 lines)',
    ]);
    const first = buttons[0]!;
    await userEvent.click(first);
    expect(first).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('status', { name: 'Selected pattern' }).textContent).toBe('job <_> failed: <_>');
    await userEvent.click(first);
    expect(first).toHaveAttribute('aria-pressed', 'false');
  });

  it('says so when there are no patterns', async () => {
    server.use(http.get(PATTERNS, () => HttpResponse.json({ status: 'success', data: [] })));
    renderWithProviders(<Harness />, { sources: loki });
    expect(await within(panel()).findByText('No patterns in this range')).toBeInTheDocument();
  });

  it('explains, without an alert, that Loki 2.9 has no patterns', async () => {
    useLoki('2.9.17');
    renderWithProviders(<Harness />, { sources: loki });
    const note = await within(panel()).findByRole('note');
    expect(note).toHaveTextContent('Log patterns are not available on Loki (test).');
    expect(note).toHaveTextContent(/2\.9\.17.*needs Loki 3\.0.*pattern_ingester\.enabled/);
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows an error with the hint and a working Retry', async () => {
    let fail = true;
    server.use(http.get(PATTERNS, () => (fail ? new HttpResponse('too many outstanding requests\n', { status: 429 }) : HttpResponse.json({ status: 'success', data: [{ pattern: 'GET <_> 200', samples: [[1795860000, 3]] }] }))));
    renderWithProviders(<Harness />, { sources: loki });
    const alert = await within(panel()).findByRole('alert');
    expect(alert).toHaveTextContent(/queue is full.*Wait and retry/);
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await within(panel()).findByRole('button', { name: 'GET <_> 200 (3 lines)' })).toBeInTheDocument();
  });

  it('marks a pattern Loki sent without its spaces, and a click still selects it as sent', async () => {
    const sent = 'File"<_>",line<_>,in<_>';
    server.use(http.get(PATTERNS, () => HttpResponse.json({ status: 'success', data: [{ pattern: sent, samples: [[1795860000, 5]] }, { pattern: 'GET <_> 200', samples: [[1795860000, 3]] }] })));
    renderWithProviders(<Harness />, { sources: loki });
    const lost = await within(panel()).findByRole('button', { name: `${sent} (5 lines)` });
    expect(within(lost).getByText('no spaces')).toHaveAttribute('title', expect.stringMatching(/without its spaces.*ignoring spacing/));
    expect(within(within(panel()).getByRole('button', { name: 'GET <_> 200 (3 lines)' })).queryByText('no spaces')).not.toBeInTheDocument();
    await userEvent.click(lost);
    expect(screen.getByRole('status', { name: 'Selected pattern' }).textContent).toBe(sent);
  });

  it('disables filtering while a raw query is set, and says why', async () => {
    renderWithProviders(<Harness raw />, { sources: loki });
    const list = await within(panel()).findByRole('list', { name: 'Log patterns' });
    expect(within(list).getAllByRole('button')[0]).toBeDisabled();
    expect(within(panel()).getByRole('note')).toHaveTextContent(/raw LogQL query is set/);
  });

  it('lists detected fields with their cardinality in the second tab, the most varied first', async () => {
    renderWithProviders(<Harness />, { sources: loki });
    await userEvent.click(within(panel()).getByRole('tab', { name: 'Detected fields' }));
    const table = await within(panel()).findByRole('table', { name: 'Detected fields' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual(['152', '5', '3']);
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('duration'), expect.stringContaining('status'), expect.stringContaining('pipeline')]);
  });

  it('asks for the fields of the lines shown (the selected pattern applied) but keeps every pattern listed', async () => {
    const asked: { path: string; query: string }[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      asked.push({ path: url.pathname, query: url.searchParams.get('query') ?? '' });
    });
    renderWithProviders(<Harness />, { sources: loki });
    const list = await within(panel()).findByRole('list', { name: 'Log patterns' });
    await userEvent.click(within(list).getAllByRole('button')[0]!);
    await userEvent.click(within(panel()).getByRole('tab', { name: 'Detected fields' }));
    await waitFor(() => expect(asked.some((a) => a.path.endsWith('/detected_fields'))).toBe(true));
    const fieldsQueries = asked.filter((a) => a.path.endsWith('/detected_fields')).map((a) => a.query);
    expect(fieldsQueries.every((q) => q.includes('|> "job <_> failed: <_>"'))).toBe(true);
    const patternQueries = asked.filter((a) => a.path.endsWith('/patterns')).map((a) => a.query);
    expect(patternQueries.length).toBeGreaterThan(0);
    expect(patternQueries.some((q) => q.includes('|>'))).toBe(false);
    server.events.removeAllListeners('request:start');
  });

  it('explains that Loki 2.9 has no detected fields', async () => {
    useLoki('2.9.17');
    renderWithProviders(<Harness />, { sources: loki });
    await userEvent.click(within(panel()).getByRole('tab', { name: 'Detected fields' }));
    expect(await within(panel()).findByRole('note')).toHaveTextContent('Detected fields are not available on Loki (test).');
  });
});

describe('Detected fields: the values of a field (Loki)', () => {
  const filters = () => screen.getByRole('status', { name: 'Field filters' }).textContent;

  /** Opens the Detected fields tab and expands `name`; returns its expand button. */
  async function expand(name: string, harness = <Harness />) {
    renderWithProviders(harness, { sources: loki });
    await userEvent.click(within(panel()).getByRole('tab', { name: 'Detected fields' }));
    const button = await within(panel()).findByRole('button', { name: `Show values of ${name}` });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    return button;
  }

  it('shows a skeleton while the values load', async () => {
    server.use(http.get(VALUES, () => delay('infinite')));
    await expand('pipeline');
    expect(within(panel()).getByRole('status', { name: 'Loading values of pipeline' })).toBeInTheDocument();
  });

  it('lists the values; Filter for adds the filter after the parser, a second click removes it, Filter out swaps it', async () => {
    const button = await expand('pipeline');
    const list = await within(panel()).findByRole('list', { name: 'Values of pipeline' });
    expect(within(list).getAllByRole('listitem').map((li) => li.querySelector('code')?.textContent)).toEqual(['backfill', 'content_capture', 'feed_processing']);
    const keep = within(list).getByRole('button', { name: 'Filter for pipeline = feed_processing' });
    await userEvent.click(keep);
    expect(filters()).toBe('logfmt:pipeline=feed_processing');
    expect(keep).toHaveAttribute('aria-pressed', 'true');
    // Its own filter does not narrow the field's values: all three stay, to be toggled.
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    await userEvent.click(within(list).getByRole('button', { name: 'Filter for pipeline = backfill' }));
    expect(filters()).toBe('logfmt:pipeline=feed_processing & logfmt:pipeline=backfill');
    await userEvent.click(keep);
    expect(filters()).toBe('logfmt:pipeline=backfill');
    await userEvent.click(within(list).getByRole('button', { name: 'Filter out pipeline = backfill' }));
    expect(filters()).toBe('logfmt:pipeline!=backfill');
    expect(within(list).getByRole('button', { name: 'Filter out pipeline = backfill' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(list).getByRole('button', { name: 'Filter for pipeline = backfill' })).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(button);
    expect(within(panel()).queryByRole('list', { name: 'Values of pipeline' })).not.toBeInTheDocument();
  });

  it('says so when the field has no values in these lines', async () => {
    server.use(http.get(VALUES, () => HttpResponse.json({ values: null, limit: 1000 })));
    await expand('pipeline');
    expect(await within(panel()).findByRole('status', { name: '' })).toHaveTextContent('No values of pipeline in the newest lines of this range.');
  });

  it('shows an error with the hint and a working Retry', async () => {
    let fail = true;
    server.use(http.get(VALUES, () => (fail ? new HttpResponse('too many outstanding requests\n', { status: 429 }) : HttpResponse.json({ values: ['x'], limit: 1000 }))));
    await expand('pipeline');
    const alert = await within(panel()).findByRole('alert');
    expect(alert).toHaveTextContent(/Values of pipeline unavailable.*queue is full.*Wait and retry/);
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await within(panel()).findByRole('button', { name: 'Filter for pipeline = x' })).toBeInTheDocument();
  });

  it('explains, without an alert, that this Loki does not serve values (404 from an older server)', async () => {
    server.use(http.get(VALUES, () => new HttpResponse('404 page not found\n', { status: 404 })));
    await expand('pipeline');
    const note = await within(panel()).findByRole('note');
    expect(note).toHaveTextContent('Values of pipeline are not available on Loki (test).');
    expect(note).toHaveTextContent(/does not serve \/loki\/api\/v1\/detected_field\/<name>\/values \(HTTP 404\).*Upgrade Loki to 3\.3/);
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps hostile values as data: the filter holds the exact value', async () => {
    const value = 'a"b\\c `d` {e} | f';
    server.use(http.get(VALUES, () => HttpResponse.json({ values: [value], limit: 1000 })));
    await expand('pipeline');
    await userEvent.click(await within(panel()).findByRole('button', { name: `Filter for pipeline = ${value}` }));
    expect(filters()).toBe(`logfmt:pipeline=${value}`);
  });

  it('lists the values of a field no label filter can name, without filter buttons, and says why', async () => {
    server.use(
      http.get(FIELDS, () => HttpResponse.json({ fields: [{ label: 'k8s.pod', type: 'string', cardinality: 2, parsers: null }], limit: 1000 })),
      http.get(VALUES, ({ params }) => HttpResponse.json({ values: params.name === 'k8s.pod' ? ['api-1', 'api-2'] : [], limit: 1000 })),
    );
    await expand('k8s.pod');
    const list = await within(panel()).findByRole('list', { name: 'Values of k8s.pod' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).queryByRole('button')).not.toBeInTheDocument();
    expect(within(panel()).getByRole('note')).toHaveTextContent(/k8s\.pod cannot be filtered on here: .*structured metadata.*not a LogQL label name/);
  });

  it('filters structured metadata without a parser', async () => {
    server.use(
      http.get(FIELDS, () => HttpResponse.json({ fields: [{ label: 'trace_id', type: 'string', cardinality: 1, parsers: null }], limit: 1000 })),
      http.get(VALUES, () => HttpResponse.json({ values: ['abc'], limit: 1000 })),
    );
    await expand('trace_id');
    await userEvent.click(await within(panel()).findByRole('button', { name: 'Filter out trace_id = abc' }));
    expect(filters()).toBe(':trace_id!=abc');
  });

  it('shows a filter already in the query as pressed, and says a raw query is extended', async () => {
    await expand('pipeline', <Harness raw initialFields={[{ field: 'pipeline', parsers: ['logfmt'], op: '=', value: 'backfill' }]} />);
    expect(within(panel()).getByRole('note')).toHaveTextContent('A raw LogQL query is set: field filters are added after it.');
    const list = await within(panel()).findByRole('list', { name: 'Values of pipeline' });
    expect(within(list).getByRole('button', { name: 'Filter for pipeline = backfill' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
  });
});

describe('Patterns panel (mined in the console)', () => {
  const entry = (i: number, message: string): LogEntry => ({
    id: `e${i}`,
    timeNs: `${BigInt(Date.parse('2026-11-28T09:50:00Z') + i * 1000) * 1_000_000n}`,
    service: 'api',
    level: 'error',
    message,
    labels: {},
    raw: message,
    streamId: 's',
  });

  it('mines the loaded lines, says so, and has no fields tab', async () => {
    const entries = [...Array.from({ length: 6 }, (_, i) => entry(i, `Timeout after ${i * 7 + 3} ms calling db`)), entry(10, 'Worker started')];
    renderWithProviders(<Harness entries={entries} />, { sources: es });
    expect(within(panel()).getByRole('note')).toHaveTextContent(/ES \(test\) has no pattern endpoint.*7 lines loaded/);
    expect(within(panel()).queryByRole('tab')).not.toBeInTheDocument();
    const buttons = within(within(panel()).getByRole('list', { name: 'Log patterns' })).getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Timeout after <*> ms calling db (6 lines)', 'Worker started (1 lines)']);
    await userEvent.click(buttons[0]!);
    expect(screen.getByRole('status', { name: 'Selected pattern' })).toHaveTextContent('Timeout after <*> ms calling db');
  });

  it('is empty, with a reason, when no lines are loaded', () => {
    renderWithProviders(<Harness />, { sources: es });
    expect(within(panel()).getByText('No patterns: no lines loaded')).toBeInTheDocument();
  });
});
