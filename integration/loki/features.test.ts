/**
 * Labels, volume, patterns and detected fields against a real Loki: what 3.x serves, and how an
 * older Loki (2.9: no patterns, no detected fields) explains itself instead of failing.
 */
import { beforeAll, expect, it, vi } from 'vitest';
import { lokiDetectedFields } from '@/sources/loki/detected-fields';
import { lokiDetectedFieldValues } from '@/sources/loki/detected-field-values';
import { lokiLogPatterns } from '@/sources/loki/log-patterns';
import { lokiLogServices } from '@/sources/loki/log-services';
import { lokiLogVolume } from '@/sources/loki/log-volume';
import { lokiLogs } from '@/sources/loki/logs';
import { lokiTestConnection } from '@/sources/loki/test-connection';
import { fillVolumeGrid } from '@/views/logs/fill-volume-grid';
import { hasPatterns, tenantHeaders } from '../harness/loki';
import { push } from '../harness/seed-loki';
import { ctx, describeEachLoki, realLokiClient, uniqueRun } from './real-loki';

const MIN = 60_000;

describeEachLoki('Loki features', (loki, version) => {
  const run = uniqueRun('features');
  const T0 = Math.floor((Date.now() - 40 * MIN) / MIN) * MIN;
  const ns = (ms: number, i = 0) => (BigInt(ms) * 1_000_000n + BigInt(i)).toString();
  const selector = `{suite="${run}"}`;
  const client = () => realLokiClient(loki(), { selector }).client;

  beforeAll(async () => {
    // logfmt lines for detected fields: status and route vary, 10 lines a minute for 5 minutes,
    // off the minute edges (a count_over_time window is (t - step, t]: an edge line counts before).
    const values: Array<[string, string]> = [];
    for (let m = 0; m < 5; m += 1) {
      for (let i = 0; i < 10; i += 1) values.push([ns(T0 + m * MIN + i * 1000 + 500), `level=info msg="request done" status=${i % 3 === 0 ? 500 : 200} route=/api/v${i % 2} took=${i}ms`]);
    }
    await push(loki().url, { streams: [{ stream: { suite: run, service_name: 'api', level: 'info' }, values }] }, tenantHeaders(loki()));
  });

  it('volume: counts per level and step add up to the lines in the range', async () => {
    const buckets = await lokiLogVolume(client(), { stepMs: MIN }, ctx(T0, T0 + 5 * MIN));
    const total = buckets.reduce((n, b) => n + Object.values(b.counts).reduce((m, c) => m + (c ?? 0), 0), 0);
    expect(total).toBe(50);
    expect(buckets.every((b) => b.at >= T0 && b.at < T0 + 5 * MIN && (b.at - T0) % MIN === 0)).toBe(true);
    expect(buckets.map((b) => b.counts.info)).toEqual([10, 10, 10, 10, 10]);
  });

  it('volume over a range off the step grid: buckets on the grid, none wholly outside the range', async () => {
    const from = T0 + 17_123;
    const buckets = await lokiLogVolume(client(), { stepMs: MIN }, ctx(from, from + 3 * MIN));
    expect(buckets.map((b) => b.at)).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    expect(buckets.map((b) => b.counts.info)).toEqual([10, 10, 10, 10]);
  });

  it('a quiet stretch stays on the histogram as empty steps', async () => {
    const quiet = uniqueRun('quiet');
    const at = (m: number) => ns(T0 + m * MIN + 30_000);
    await push(loki().url, { streams: [{ stream: { suite: quiet, level: 'error' }, values: [[at(0), 'a'], [at(1), 'b'], [at(25), 'c']] }] }, tenantHeaders(loki()));
    const range = { from: T0, to: T0 + 30 * MIN };
    const raw = await lokiLogVolume(realLokiClient(loki(), { selector: `{suite="${quiet}"}` }).client, { stepMs: MIN }, ctx(range.from, range.to));
    // Loki leaves the empty steps out of the matrix…
    expect(raw.map((b) => (b.at - T0) / MIN)).toEqual([0, 1, 25]);
    // …and the histogram's grid puts them back, each bar at its own time.
    const grid = fillVolumeGrid(raw, range, MIN);
    expect(grid.buckets).toHaveLength(30);
    expect(grid.buckets.map((b) => b.counts.error ?? 0)).toEqual(Array.from({ length: 30 }, (_, i) => (i === 0 || i === 1 || i === 25 ? 1 : 0)));
    expect(grid.buckets.every((b, i) => b.at === T0 + i * MIN)).toBe(true);
  });

  it('volume over the seeded story matches the lines the logs capability pages through', async () => {
    // Loki aligns a range query's steps to multiples of the step: a range on the minute grid.
    const end = Math.floor(loki().story.anchorMs / MIN) * MIN - 30 * MIN;
    const range = ctx(end - 10 * MIN, end);
    const story = realLokiClient(loki(), { selector: '{job="docker"}' }).client;
    const buckets = await lokiLogVolume(story, { stepMs: MIN, levels: ['error', 'critical'] }, range);
    const volume = buckets.reduce((n, b) => n + (b.counts.error ?? 0) + (b.counts.critical ?? 0), 0);
    let lines = 0;
    let cursor: string | null = null;
    do {
      const page = await lokiLogs(story, { limit: 1000, levels: ['error', 'critical'], cursor }, range);
      lines += page.entries.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(volume).toBeGreaterThan(0);
    // Lines stamped exactly on a minute edge move one bucket (count_over_time is (t - step, t]).
    const edges = (await lokiLogs(story, { limit: 1000, levels: ['error', 'critical'] }, ctx(end - 10 * MIN, end + 1))).entries.filter((e) => BigInt(e.timeNs) % 60_000_000_000n === 0n);
    expect(Math.abs(volume - lines)).toBeLessThanOrEqual(edges.length);
  });

  it('a field filter after a parenthesized raw query is still LogQL Loki takes', async () => {
    const fields = [{ field: 'status', parsers: ['logfmt'], op: '=' as const, value: '500' }];
    const page = await lokiLogs(client(), { limit: 100, raw: `(${selector} |= "request done")`, fields }, ctx(T0, T0 + 5 * MIN));
    expect(page.entries).toHaveLength(20);
  });

  it('the service list comes from the index: every service of the story in the range', async () => {
    const story = loki().story;
    const services = await lokiLogServices(realLokiClient(loki()).client, {}, ctx(story.anchorMs - 6 * 3_600_000, story.anchorMs));
    expect(services).toEqual(expect.arrayContaining(['genai-spine-api', 'py-sec-edgar', 'spine-core-api', 'spine-dev-api', 'spine-dev-celery-worker', 'spine-entityspine-api']));
    expect(services).toEqual([...services].sort((a, b) => a.localeCompare(b)));
    const own = await lokiLogServices(client(), {}, ctx(T0, T0 + 5 * MIN));
    expect(own).toEqual(['api']);
  });

  it('Sources view: reachable, the version, and the selector it found', async () => {
    const result = await lokiTestConnection(realLokiClient(loki()).client, { signal: new AbortController().signal });
    expect(result.ok).toBe(true);
    expect(result.version).toBe(version);
    expect(result.message).toMatch(/streams \{service_name=~"\.\+"\} \(from Loki's labels/);
  });

  if (hasPatterns({ version })) {
    it('patterns (3.x): families of the lines, with counts per step', async () => {
      // The pattern ingester takes pushed lines asynchronously.
      const report = await vi.waitFor(
        async () => {
          const r = await lokiLogPatterns(client(), { stepMs: MIN }, ctx(T0 - MIN, T0 + 6 * MIN));
          if (r.patterns.length === 0) throw new Error('no patterns yet');
          return r;
        },
        { timeout: 20_000, interval: 500 },
      );
      expect(report.patterns.reduce((n, p) => n + p.total, 0)).toBe(50);
      expect(report.patterns[0]?.pattern).toMatch(/<_>/);
    });

    it('detected fields (3.x): the logfmt fields and the values of one', async () => {
      const range = ctx(T0, T0 + 5 * MIN);
      const report = await lokiDetectedFields(client(), {}, range);
      const status = report.fields.find((f) => f.name === 'status');
      expect(status).toMatchObject({ parsers: ['logfmt'], filter: { ok: true, label: 'status' } });
      const values = await lokiDetectedFieldValues(client(), { name: 'status' }, range);
      expect(values.values).toEqual(['200', '500']);
      const only500 = await lokiLogs(client(), { limit: 100, fields: [{ field: 'status', parsers: ['logfmt'], op: '=', value: '500' }] }, range);
      expect(only500.entries).toHaveLength(20);
      expect(only500.entries.every((e) => e.message.includes('status=500'))).toBe(true);
    });
  } else {
    it.each([
      ['patterns', () => lokiLogPatterns(client(), { stepMs: MIN }, ctx(T0, T0 + 5 * MIN))],
      ['detected fields', () => lokiDetectedFields(client(), {}, ctx(T0, T0 + 5 * MIN))],
      ['detected field values', () => lokiDetectedFieldValues(client(), { name: 'status' }, ctx(T0, T0 + 5 * MIN))],
    ] as const)('%s (2.9): unsupported, with the version and the way to get them', async (_, run) => {
      await expect(run()).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining(version), hint: expect.stringMatching(/Upgrade Loki to 3\.\d or newer/) });
    });
  }
});

describeEachLoki('Loki without a job label', (loki) => {
  // As Alloy or an OpenTelemetry collector labels streams: service_name, no job.
  const run = uniqueRun('otel');
  const T0 = Date.now() - 20 * MIN;

  beforeAll(async () => {
    const values: Array<[string, string]> = Array.from({ length: 5 }, (_, i) => [(BigInt(T0 + i * 1000) * 1_000_000n).toString(), `otel only ${run} line ${i}`]);
    await push(loki().url, { streams: [{ stream: { service_name: `otel-${run}` }, values }] }, tenantHeaders(loki()));
  });

  it('its lines are found with no selector configured', async () => {
    const page = await lokiLogs(realLokiClient(loki()).client, { limit: 100, text: run }, ctx(T0 - MIN, T0 + MIN));
    expect(page.entries.map((e) => e.message)).toEqual([4, 3, 2, 1, 0].map((i) => `otel only ${run} line ${i}`));
    expect(page.entries[0]?.service).toBe(`otel-${run}`);
  });

  it('the old fixed selector {job=~".+"} misses them', async () => {
    const page = await lokiLogs(realLokiClient(loki(), { selector: '{job=~".+"}' }).client, { limit: 100, text: run }, ctx(T0 - MIN, T0 + MIN));
    expect(page.entries).toEqual([]);
  });
});
