/** Classification and checks for every file in shared/fixtures/upstream/loki. */
import { expect } from 'vitest';
import { isNanoString } from '@/lib/nanotime';
import { lokiDetectedFieldValuesSchema, lokiDetectedFieldsSchema, lokiPatternsSchema, lokiTailFrameSchema, parseLoki, parseLokiResult, type LokiStream } from '../loki/api-schemas';
import { createLokiClient } from '../loki/client';
import { lokiConfigSchema } from '../loki/config';
import { lokiLogVolume } from '../loki/log-volume';
import { lokiTestConnection } from '../loki/test-connection';
import { toDetectedFieldValues } from '../loki/to-detected-field-values';
import { toDetectedFields } from '../loki/to-detected-fields';
import { lokiDetectedFieldValues } from '../loki/detected-field-values';
import { toLogEntries } from '../loki/to-log-entries';
import { toLogPatterns } from '../loki/to-log-patterns';
import { toLogVolume } from '../loki/to-log-volume';
import { deps, expectSourceError, expectedCode, parse, replayFetch, signal, type FixtureTable, type HttpDescriptor } from './fixture-check';

const config = lokiConfigSchema.parse({ baseUrl: '/proxy/loki' });
const options = { serviceLabel: config.serviceLabel, levelLabel: config.levelLabel, direction: 'backward' as const };

function checkStreams(streams: LokiStream[]): void {
  const entries = toLogEntries(streams, options);
  const expected = streams.flatMap((s) => s.values.map((v) => v[0]));
  expect(entries).toHaveLength(expected.length);
  expect(entries.map((e) => e.timeNs).sort()).toEqual([...expected].sort());
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  expect(entries.every((e) => isNanoString(e.timeNs) && e.message === e.raw)).toBe(true);
}

const streamsResponse = (text: string) => checkStreams(parseLokiResult(parse(text), 'streams', 'c').result);

function matrixResponse(text: string): void {
  const { result } = parseLokiResult(parse(text), 'matrix', 'c');
  const buckets = toLogVolume(result, config.levelLabel);
  expect(buckets.every((b, i) => Number.isInteger(b.at) && (i === 0 || (buckets[i - 1]?.at ?? 0) < b.at))).toBe(true);
  expect(buckets.length).toBe(new Set(result.flatMap((s) => s.values.map((v) => v[0]))).size);
}

/** A vector where the volume query needs a matrix: a 'parse' SourceError with a hint. */
async function vectorMismatch(text: string): Promise<void> {
  const client = createLokiClient(config, deps(replayFetch({ response: { status: 200, body: text } })));
  const range = { from: 0, to: 1000 };
  await expectSourceError(() => lokiLogVolume(client, { stepMs: 1000 }, { signal: signal(), range }), 'parse', /metric range query/);
}

const tailFrame = (text: string) => checkStreams(parseLoki(lokiTailFrameSchema, parse(text), 'c', 'tail frame').streams);

function errorExchange(hint: RegExp) {
  return async (text: string) => {
    const descriptor = parse(text) as HttpDescriptor;
    const seen: string[] = [];
    const client = createLokiClient(config, deps(replayFetch(descriptor, seen)));
    const path = descriptor.request?.path ?? '/loki/api/v1/query_range';
    const error = await expectSourceError(
      () => client.getJson(path, descriptor.request?.query ?? {}, signal()),
      expectedCode(descriptor.response.status),
      hint,
    );
    expect(error.status).toBe(descriptor.response.status);
    expect(seen[0]?.startsWith(`/proxy/loki${path}`)).toBe(true);
  };
}

/** Every series becomes a pattern whose total is the sum of its samples; samples are ms, oldest first. */
function patternsResponse(text: string): void {
  const raw = parseLoki(lokiPatternsSchema, parse(text), 'c', 'patterns');
  const report = toLogPatterns(raw);
  const sum = (raw.data ?? []).reduce((n, s) => n + (s.samples ?? []).reduce((m, [, c]) => m + c, 0), 0);
  expect(report.patterns.reduce((n, p) => n + p.total, 0)).toBe(sum);
  expect(report.patterns.length).toBe(new Set((raw.data ?? []).map((s) => `${s.level ?? ''}|${s.pattern}`)).size);
  for (const p of report.patterns) {
    expect(p.samples.every((s, i) => Number.isInteger(s.at) && (i === 0 || (p.samples[i - 1]?.at ?? 0) < s.at))).toBe(true);
  }
}

function detectedFieldsResponse(text: string): void {
  const raw = parseLoki(lokiDetectedFieldsSchema, parse(text), 'c', 'detected_fields');
  const report = toDetectedFields(raw);
  expect(report.fields.map((f) => f.name).sort()).toEqual((raw.fields ?? []).map((f) => f.label).sort());
  expect(report.fields.every((f, i) => i === 0 || (report.fields[i - 1]?.cardinality ?? 0) >= f.cardinality)).toBe(true);
}

/**
 * Every distinct value kept, none invented, in natural order; read through the capability too, on
 * a server of unknown version (the fixture build), with the field name as one encoded path segment.
 */
async function detectedFieldValuesResponse(text: string): Promise<void> {
  const raw = parseLoki(lokiDetectedFieldValuesSchema, parse(text), 'c', 'detected_field values');
  const report = toDetectedFieldValues('level', raw);
  expect([...report.values].sort()).toEqual([...new Set(raw.values ?? [])].sort());
  expect(report.warnings).toEqual((raw.values ?? []).length >= (raw.limit ?? Infinity) ? [expect.stringContaining('first')] : []);
  const seen: string[] = [];
  const replay = replayFetch({ response: { status: 200, body: text } }, seen);
  const client = createLokiClient(config, deps(replay));
  await expect(lokiDetectedFieldValues(client, { name: 'level' }, { signal: signal(), range: { from: 0, to: 1000 } })).resolves.toEqual(report);
  expect(seen.some((p) => p.startsWith('/proxy/loki/loki/api/v1/detected_field/level/values?'))).toBe(true);
}

function shape(keys: string[]) {
  return (text: string) => {
    const json = parse(text) as Record<string, unknown>;
    for (const key of keys) expect(json).toHaveProperty(key);
  };
}

export const lokiFixtureTable: FixtureTable = {
  'query_range.streams.json': { kind: 'response', why: 'logs: streams → LogEntry', check: streamsResponse },
  'query_range.streams.categorize-labels.json': { kind: 'response', why: 'logs: 3-tuples {structuredMetadata, parsed}', check: streamsResponse },
  'query_range.streams.v2.9-structured-metadata.json': { kind: 'response', why: 'logs: 2.9 flat metadata', check: streamsResponse },
  'query_range.matrix.json': { kind: 'response', why: 'logVolume: matrix → buckets', check: matrixResponse },
  'query_range.matrix.empty-nonzero-stats.json': { kind: 'response', why: 'logVolume: empty matrix', check: matrixResponse },
  'query.vector.json': { kind: 'response', why: 'resultType mismatch → parse error with hint', check: vectorMismatch },
  'index_volume.json': { kind: 'response', why: 'vector envelope → resultType mismatch for logVolume', check: vectorMismatch },
  'tail.message.json': { kind: 'response', why: 'tail frame streams → LogEntry', check: tailFrame },
  'tail.message.compact.json': { kind: 'response', why: 'tail frame (exact bytes) → LogEntry', check: tailFrame },
  'tail.message.categorize-labels.json': { kind: 'response', why: 'tail frame with 3-tuples', check: tailFrame },
  'buildinfo.json': {
    kind: 'response',
    why: 'testConnection',
    check: async (text) => {
      const client = createLokiClient(config, deps(replayFetch({ response: { status: 200, body: text } })));
      await expect(lokiTestConnection(client, { signal: signal() })).resolves.toMatchObject({ ok: true, version: '0.0.1' });
    },
  },
  'ready.http.json': {
    kind: 'response',
    why: '200 text body passes through getText',
    check: async (text) => {
      const client = createLokiClient(config, deps(replayFetch(parse(text) as HttpDescriptor)));
      await expect(client.getText('/ready', {}, signal())).resolves.toBe('ready\n');
    },
  },
  'ready.not-ready.http.json': { kind: 'error', why: '503 text', check: errorExchange(/not ready|\/ready/i) },
  'error.client-cancelled.http.json': { kind: 'error', why: '499', check: errorExchange(/Nothing to do/) },
  'error.end-before-start.http.json': { kind: 'error', why: '400 validation', check: errorExchange(/end is after its start/) },
  'error.instant-log-query.http.json': { kind: 'error', why: '400 instant log query', check: errorExchange(/range query/) },
  'error.max-entries-limit.http.json': { kind: 'error', why: '400 limit', check: errorExchange(/lower the line limit.*narrow the range/i) },
  'error.max-series.http.json': { kind: 'error', why: '400 series limit', check: errorExchange(/label matchers/) },
  'error.no-org-id.http.json': { kind: 'error', why: '401 tenant', check: errorExchange(/LOKI_TENANT/) },
  'error.parse.http.json': { kind: 'error', why: '400 LogQL parse', check: errorExchange(/braces of the stream selector/) },
  'error.query-timeout.http.json': { kind: 'error', why: '504 timeout', check: errorExchange(/Narrow the time range/) },
  'error.query-too-long.http.json': { kind: 'error', why: '400 range too long', check: errorExchange(/30d1h/) },
  'error.step-too-small.http.json': { kind: 'error', why: '400 resolution', check: errorExchange(/step/) },
  'error.too-many-outstanding-requests.http.json': { kind: 'error', why: '429 queue full', check: errorExchange(/retry/i) },
  'error.via-grafana-resource-proxy.http.json': { kind: 'error', why: 'Grafana {message} JSON', check: errorExchange(/braces/) },
  'labels.json': { kind: 'out-of-scope', why: '/labels: no label picker yet', check: shape(['status', 'data']) },
  'label_values.json': { kind: 'out-of-scope', why: '/label/<name>/values: no label picker yet', check: shape(['status', 'data']) },
  'series.json': { kind: 'out-of-scope', why: '/series not called', check: shape(['status', 'data']) },
  'index_stats.json': { kind: 'out-of-scope', why: '/index/stats not called', check: shape(['streams', 'chunks', 'entries', 'bytes']) },
  'patterns.json': { kind: 'response', why: 'logPatterns: /patterns → LogPattern', check: patternsResponse },
  'patterns.with-level.json': { kind: 'response', why: 'logPatterns: /patterns 3.6+ with level', check: patternsResponse },
  'detected_fields.json': { kind: 'response', why: 'detectedFields: /detected_fields → DetectedField', check: detectedFieldsResponse },
  'detected_field_values.json': { kind: 'response', why: 'detectedFieldValues: /detected_field/<name>/values → values', check: detectedFieldValuesResponse },
  'detected_labels.json': { kind: 'out-of-scope', why: '/detected_labels', check: shape(['detectedLabels']) },
};
