import { describe, expect, it } from 'vitest';
import { esSearchResponseSchema, type EsHit } from './api-schemas';
import { esConfigSchema } from './config';
import decoded from './fixtures/filebeat8.container.ecs-decoded.search-hit.json';
import container from './fixtures/filebeat8.container.search-hit.json';
import v6 from './fixtures/search.hits-total-number.v6.json';
import { parseJsonLossless } from './json-lossless';
import { timeToNs, toLogEntries, toLogEntry } from './to-log-entries';
import partialText from './fixtures/search.logs.partial-nanos.json?raw';

const { fields } = esConfigSchema.parse({ baseUrl: '/proxy/es' });

describe('ES toLogEntries', () => {
  it('maps an ECS-decoded Filebeat hit (nested _source + fields)', () => {
    const entry = toLogEntry(decoded as EsHit, fields);
    expect(entry).toMatchObject({
      id: '.ds-filebeat-8.15.0-2024.08.15-000001/v6ZVUpEBd1Qx8Z0nT3kM',
      timeNs: '1723713704123000000',
      service: 'checkout',
      level: 'error',
      message: 'payment failed',
      raw: 'payment failed\njava.lang.IllegalStateException: card declined\n\tat com.example.Checkout.pay(Checkout.java:42)',
      streamId: '.ds-filebeat-8.15.0-2024.08.15-000001|checkout',
    });
    expect(entry.labels['error.stack_trace']).toContain('\n\tat com.example');
    expect(entry.labels['container.name']).toBe('checkout-1');
    expect(entry.labels.message).toBeUndefined();
  });

  it('maps an undecoded container line: service from container.name, level sniffed from the JSON text', () => {
    const entry = toLogEntry(container as EsHit, fields);
    expect(entry.service).toBe('checkout-1');
    expect(entry.level).toBe('error');
    expect(entry.message.startsWith('{"@timestamp"')).toBe(true);
  });

  it('keeps date_nanos, flat dotted keys, multi-line messages and big sort values exact', () => {
    const response = esSearchResponseSchema.parse(parseJsonLossless(partialText));
    const hits = response.hits?.hits ?? [];
    expect(hits[0]?.sort?.[0]).toBe(1723713704123456789n);
    const entries = toLogEntries(hits, fields);
    expect(entries.map((e) => e.timeNs)).toEqual(['1723713704123456789', '1723713704123456788', '1723713704000000000']);
    expect(entries.map((e) => e.level)).toEqual(['error', 'warning', 'info']);
    expect(entries.map((e) => e.service)).toEqual(['capture-spine-api', 'spine-dev-worker', null]);
    expect(entries[0]?.message.split('\n')).toHaveLength(4);
    expect(entries[0]?.raw).toBe(entries[0]?.message); // stack already inside the message
    expect(entries[1]?.message).toContain('12345678901234567890');
  });

  it('reads a 6.x hit with a zone-less timestamp as UTC', () => {
    const entry = toLogEntry(v6.hits.hits[0] as EsHit, fields);
    expect(entry.timeNs).toBe('4098435132000000000');
  });

  it('converts every time shape without a number for ns', () => {
    expect(timeToNs(1723713704123)).toBe('1723713704123000000');
    expect(timeToNs('1723713704123')).toBe('1723713704123000000');
    expect(timeToNs('1723713704123456789')).toBe('1723713704123456789');
    expect(timeToNs(1723713704123456789n)).toBe('1723713704123456789');
    expect(timeToNs('2024-08-15T09:21:44.123456789Z')).toBe('1723713704123456789');
    expect(timeToNs('garbage')).toBeNull();
    expect(timeToNs(null)).toBeNull();
  });

  it('falls back to the sort value when no timestamp field is present', () => {
    const entry = toLogEntry({ _index: 'i', _id: '1', sort: ['1723713704123456789', 1] }, fields);
    expect(entry.timeNs).toBe('1723713704123456789');
    expect(entry.message).toBe('');
    expect(entry.level).toBe('unknown');
  });
});
