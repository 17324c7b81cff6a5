import { describe, expect, it } from 'vitest';
import { parseLokiResult } from './api-schemas';
import categorize from './fixtures/query_range.streams.categorize-labels.json';
import multi from './fixtures/query_range.streams.multi.json';
import simple from './fixtures/query_range.streams.json';
import v29 from './fixtures/query_range.streams.v2.9-structured-metadata.json';
import { fnv1a32 } from '@/lib/fnv';
import { hashString, streamKey, toLogEntries } from './to-log-entries';

const options = { serviceLabel: ['service_name', 'container', 'app', 'job'], levelLabel: [], direction: 'backward' as const };

function streamsOf(json: unknown) {
  return parseLokiResult(json, 'streams', 'loki-test').result;
}

describe('toLogEntries', () => {
  it('maps the documented query_range example', () => {
    const entries = toLogEntries(streamsOf(simple), options);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      timeNs: '1569266497240578000',
      message: 'foo',
      raw: 'foo',
      level: 'info',
      service: 'varlogs',
      labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' },
      streamId: '{filename="/var/log/myproject.log", job="varlogs", level="info"}',
    });
  });

  it('accepts 3-tuples with categorize-labels metadata and merges it into labels', () => {
    const entries = toLogEntries(streamsOf(categorize), { ...options, direction: 'forward' });
    expect(entries.map((e) => e.timeNs)).toEqual(['123456789012345', '123456789012346', '123456789012347']);
    expect(entries[0]?.labels).toEqual({ test: 'test' });
    expect(entries[1]?.labels).toEqual({ test: 'test', foo: 'a', bar: 'b' });
    expect(entries[2]?.labels).toEqual({ test: 'test', foo: 'a', bar: 'b', msg: 'text' });
    expect(entries.every((e) => e.service === 'test' || e.service === null)).toBe(true);
  });

  it('accepts the Loki 2.9 flat metadata element', () => {
    const entries = toLogEntries(streamsOf(v29), options);
    expect(entries[0]?.labels).toEqual({ test: 'test', foo: 'a', bar: 'b' });
    expect(entries[1]?.labels).toEqual({ test: 'test' });
  });

  it('merges streams into one newest-first order with deterministic ties', () => {
    const entries = toLogEntries(streamsOf(multi), options);
    expect(entries.map((e) => e.message.slice(0, 22))).toEqual([
      'late feed sec-rss',
      'level=error msg="payme',
      '[WARN] queue backlog 1',
      '[WARN] queue backlog 1',
      'GET /health 200',
      'FATAL: worker lost',
      'Traceback (most recent',
    ]);
    // equal ns timestamps: by stream key, then index within the stream
    expect(entries[2]?.message).toBe('[WARN] queue backlog 120');
    expect(entries[3]?.message).toBe('[WARN] queue backlog 121');
    const again = toLogEntries(streamsOf(structuredClone(multi)), options);
    expect(again.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('ids are stream hash, timestamp, line hash and occurrence: identical lines in one stream at one instant count up', () => {
    const a = { service_name: 'api' };
    const b = { service_name: 'worker' };
    const streams = [
      { stream: a, values: [['200', 'same'], ['100', 'same'], ['200', 'other'], ['200', 'same']] as [string, string][] },
      { stream: b, values: [['200', 'same']] as [string, string][] },
    ];
    const id = (labels: Record<string, string>, ts: string, line: string, n: number) => `${hashString(streamKey(labels))}:${ts}:${hashString(line)}:${n}`;
    const entries = toLogEntries(streams, options);
    // Shared links carry these ids (`line=`): the format must not change.
    expect(entries.map((e) => e.id).sort()).toEqual(
      [id(a, '200', 'same', 0), id(a, '200', 'same', 1), id(a, '200', 'other', 0), id(a, '100', 'same', 0), id(b, '200', 'same', 0)].sort(),
    );
    // The first of two identical lines (by index in its stream) is occurrence 0, in either direction.
    for (const direction of ['backward', 'forward'] as const) {
      const same = toLogEntries(streams, { ...options, direction }).filter((e) => e.service === 'api' && e.timeNs === '200' && e.message === 'same');
      expect(same.map((e) => e.id.slice(-2))).toEqual([':0', ':1']);
    }
    expect(hashString('same')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps the ids it always gave: the first half is FNV-1a 32 of the text', () => {
    expect(hashString('same')).toBe('cd0c4a3be9fe5ecd');
    expect(hashString('{service_name="api"}')).toBe('797f58c3a0807140');
    expect(hashString('same').slice(0, 8)).toBe(fnv1a32('same').toString(16).padStart(8, '0'));
  });

  it('forward direction is oldest first', () => {
    const entries = toLogEntries(streamsOf(multi), { ...options, direction: 'forward' });
    expect(entries[0]?.message.startsWith('Traceback')).toBe(true);
    expect(entries.at(-1)?.message).toBe('late feed sec-rss');
  });

  it('normalizes levels from labels, metadata, parsed labels or the line', () => {
    const byMessage = new Map(toLogEntries(streamsOf(multi), options).map((e) => [e.message.slice(0, 12), e]));
    expect(byMessage.get('level=error ')?.level).toBe('error');
    expect(byMessage.get('GET /health ')?.level).toBe('info'); // detected_level INFO
    expect(byMessage.get('FATAL: worke')?.level).toBe('critical'); // parsed level Fatal
    expect(byMessage.get('[WARN] queue')?.level).toBe('warning'); // sniffed
    expect(byMessage.get('late feed se')?.level).toBe('warning'); // stream label Warn
    expect(byMessage.get('Traceback (m')?.level).toBe('unknown');
  });

  it('picks the service from the first configured label, skipping unknown_service', () => {
    const byMessage = new Map(toLogEntries(streamsOf(multi), options).map((e) => [e.message.slice(0, 12), e]));
    expect(byMessage.get('level=error ')?.service).toBe('capture-spine-api');
    expect(byMessage.get('[WARN] queue')?.service).toBe('spine-dev-worker');
    expect(byMessage.get('late feed se')?.service).toBe('feeds');
  });

  it('keeps a multi-line entry intact and never converts ns through a number', () => {
    const entries = toLogEntries(streamsOf(multi), options);
    const tb = entries.find((e) => e.message.startsWith('Traceback'));
    expect(tb?.message.split('\n')).toHaveLength(3);
    expect(tb?.timeNs).toBe('1723713703000000001');
    expect(entries[0]?.timeNs).toBe('1723713704123456790');
  });

  it('honours a configured level label first', () => {
    const streams = [{ stream: { sev: 'crit', level: 'info' }, values: [['1', 'x'] as [string, string]] }];
    expect(toLogEntries(streams, { ...options, levelLabel: ['sev'] })[0]?.level).toBe('critical');
  });
});
