// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readServerConfig, runtimeConfigOf } from './config';

describe('readServerConfig', () => {
  it('runs in demo mode when no source is configured', () => {
    const c = readServerConfig({});
    expect(c.mode).toBe('demo');
    expect(c.sources).toEqual([]);
    expect(c.port).toBe(4173);
  });

  it('proxies capture-spine with its token while the runtime config stays credential-free', () => {
    const c = readServerConfig({ CAPTURE_SPINE_URL: 'http://spine:8000/', CAPTURE_SPINE_TOKEN: 'csp_live_secret', PORT: '8080' });
    expect(c.mode).toBe('live');
    expect(c.proxies[0]).toEqual({ name: 'capture-spine', prefix: '/proxy/capture-spine', upstream: 'http://spine:8000', headers: { authorization: 'Bearer csp_live_secret' } });
    expect(JSON.stringify(runtimeConfigOf(c))).not.toContain('csp_live_secret');
    expect(c.port).toBe(8080);
  });

  it('adds Loki tenant and auth and the Elasticsearch index, never exposing them', () => {
    const c = readServerConfig({ LOKI_URL: 'http://loki:3100', LOKI_TENANT: 'spine', LOKI_AUTH: 'Basic c2VjcmV0', ELASTICSEARCH_URL: 'https://es:9200', ELASTICSEARCH_AUTH: 'ApiKey abc' });
    expect(c.proxies.map((p) => [p.name, p.headers])).toEqual([
      ['loki', { 'x-scope-orgid': 'spine', authorization: 'Basic c2VjcmV0' }],
      ['elasticsearch', { authorization: 'ApiKey abc' }],
    ]);
    expect(c.sources.find((s) => s.kind === 'elasticsearch')?.config).toEqual({ baseUrl: '/proxy/elasticsearch', index: 'logs-*,spine-logs*' });
    const exposed = JSON.stringify(runtimeConfigOf(c));
    expect(exposed).not.toMatch(/c2VjcmV0|ApiKey|spine"/);
  });

  it('names the setting and the fix for bad values', () => {
    const c = readServerConfig({ CAPTURE_SPINE_URL: 'localhost:8000', PORT: 'eighty', CAPTURE_SPINE_PATHS: '[1]' });
    expect(c.problems).toContain('CAPTURE_SPINE_URL="localhost:8000" is not an http(s) URL; set it like CAPTURE_SPINE_URL=http://localhost:8000. The source is disabled.');
    expect(c.problems).toContain('PORT="eighty" is not a port number; using 4173.');
    expect(c.mode).toBe('demo');
    const creds = readServerConfig({ LOKI_URL: 'http://user:pw@loki:3100' });
    expect(creds.problems[0]).toMatch(/LOKI_URL contains credentials/);
    expect(JSON.stringify(runtimeConfigOf(creds))).not.toContain('pw@');
  });

  it('names ELASTICSEARCH_INDEX and its fix when the index list is bad, and keeps a working default', () => {
    for (const bad of ['logs with spaces', 'logs-*,,spine', 'a/b']) {
      const c = readServerConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_INDEX: bad });
      expect(c.problems[0]).toBe(`ELASTICSEARCH_INDEX="${bad}" is not a list of index patterns; set it like ELASTICSEARCH_INDEX=logs-*,spine-logs*. Using logs-*,spine-logs*.`);
      expect(c.sources[0]?.config).toMatchObject({ index: 'logs-*,spine-logs*' });
    }
    expect(readServerConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_INDEX: 'filebeat-*' }).sources[0]?.config).toMatchObject({ index: 'filebeat-*' });
  });

  it('names each URL setting when it is not http(s), for every source', () => {
    const c = readServerConfig({ LOKI_URL: 'ftp://loki', ELASTICSEARCH_URL: 'es:9200' });
    expect(c.problems).toEqual([
      'LOKI_URL="ftp://loki" is not an http(s) URL; set it like LOKI_URL=http://localhost:8000. The source is disabled.',
      'ELASTICSEARCH_URL="es:9200" is not an http(s) URL; set it like ELASTICSEARCH_URL=http://localhost:8000. The source is disabled.',
    ]);
    expect(c.mode).toBe('demo');
  });
});

describe('LOKI_SELECTOR', () => {
  const selectorOf = (value: string) => {
    const c = readServerConfig({ LOKI_URL: 'http://loki:3100', LOKI_SELECTOR: value });
    return { selector: c.sources[0]?.config.selector, problems: c.problems };
  };

  it.each(['{service_name=~".+"}', '{ job = "docker", env!="dev" }', '{app=~"a|b\\"c"}', '{app=`x`}'])('passes %s to the Loki source', (value) => {
    expect(selectorOf(value)).toEqual({ selector: value.trim(), problems: [] });
  });

  it.each(['job="x"', '{}', '{job=~".+"} |= "x"', '{job="x"', '{1job="x"}'])('reports %s and falls back to the labels', (value) => {
    const { selector, problems } = selectorOf(value);
    expect(selector).toBeUndefined();
    expect(problems[0]).toMatch(/^LOKI_SELECTOR=.* is not a LogQL stream selector; set it like LOKI_SELECTOR='\{service_name=~"\.\+"\}'/);
  });
});
