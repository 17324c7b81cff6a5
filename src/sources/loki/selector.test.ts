import { describe, expect, it } from 'vitest';
import { lokiLogs } from './logs';
import { chooseSelector, FALLBACK_SELECTOR } from './selector';
import { fakeLokiWith, queryContext } from './testing/fake-loki';

const SERVICE = ['service_name', 'container', 'app', 'job'];

describe('chooseSelector', () => {
  it.each([
    [['service_name', 'level'], '{service_name=~".+"}'],
    [['job', 'container', 'level'], '{container=~".+"}'],
    [['job', 'filename'], '{job=~".+"}'],
    [['namespace', 'pod'], '{namespace=~".+"}'],
    [['__stream_shard__', 'zone'], '{zone=~".+"}'],
  ])('%j → %s', (labels, expected) => {
    expect(chooseSelector(labels, SERVICE)).toBe(expected);
  });

  it('takes a configured service label before the usual ones', () => {
    expect(chooseSelector(['job', 'svc'], ['svc', 'job'])).toBe('{svc=~".+"}');
  });

  it('has no selector for a server without labels', () => {
    expect(chooseSelector([], SERVICE)).toBeNull();
    expect(chooseSelector(['__name__'], SERVICE)).toBeNull();
  });
});

describe('selector discovery', () => {
  const page = () => Response.json({ status: 'success', data: { resultType: 'streams', result: [] } });

  it('asks /labels once per client and queries with the label found', async () => {
    const seen: string[] = [];
    const client = fakeLokiWith({ baseUrl: '/proxy/loki' }, { '/loki/api/v1/labels': () => Response.json({ status: 'success', data: ['level', 'service_name'] }), '/loki/api/v1/query_range': page }, seen);
    await lokiLogs(client, { limit: 10 }, queryContext());
    await lokiLogs(client, { limit: 10 }, queryContext());
    expect(seen.filter((s) => s.startsWith('/loki/api/v1/labels'))).toHaveLength(1);
    const queries = seen.filter((s) => s.startsWith('/loki/api/v1/query_range')).map((s) => new URLSearchParams(s.split('?')[1]).get('query'));
    expect(queries).toEqual(['{service_name=~".+"}', '{service_name=~".+"}']);
  });

  it('looks back 7 days when the last 6 h had no labels', async () => {
    const seen: string[] = [];
    const labels = (params: URLSearchParams) => Response.json({ status: 'success', data: params.has('start') ? ['container'] : [] });
    const client = fakeLokiWith({ baseUrl: '/proxy/loki' }, { '/loki/api/v1/labels': labels, '/loki/api/v1/query_range': page }, seen);
    await lokiLogs(client, { limit: 10 }, queryContext());
    expect(seen.filter((s) => s.startsWith('/loki/api/v1/labels'))).toEqual(['/loki/api/v1/labels', expect.stringMatching(/^\/loki\/api\/v1\/labels\?start=\d+&end=\d+$/)]);
    expect(new URLSearchParams(seen.at(-1)?.split('?')[1]).get('query')).toBe('{container=~".+"}');
  });

  it('falls back to {job=~".+"} when /labels is not forwarded, and asks again next time', async () => {
    const seen: string[] = [];
    const client = fakeLokiWith({ baseUrl: '/proxy/loki' }, { '/loki/api/v1/query_range': page }, seen);
    await lokiLogs(client, { limit: 10 }, queryContext());
    await lokiLogs(client, { limit: 10 }, queryContext());
    expect(seen.filter((s) => s.startsWith('/loki/api/v1/labels'))).toHaveLength(2);
    expect(new URLSearchParams(seen.at(-1)?.split('?')[1]).get('query')).toBe(FALLBACK_SELECTOR);
  });

  it('never asks /labels when a selector is configured', async () => {
    const seen: string[] = [];
    const client = fakeLokiWith({ baseUrl: '/proxy/loki', selector: '{env="prod"}' }, { '/loki/api/v1/query_range': page }, seen);
    await lokiLogs(client, { limit: 10, text: 'x' }, queryContext());
    expect(seen).toHaveLength(1);
    expect(new URLSearchParams(seen[0]?.split('?')[1]).get('query')).toBe('{env="prod"} |= "x"');
  });
});
