import { describe, expect, it } from 'vitest';
import { parseEsConfig } from './config';
import { elasticsearchAdapter } from './index';

describe('Elasticsearch config', () => {
  it('applies ECS defaults, also inside a partial fields override', () => {
    expect(parseEsConfig({ baseUrl: '/proxy/es' }, 's')).toEqual({
      baseUrl: '/proxy/es',
      index: 'logs-*,spine-logs*',
      fields: {
        timestamp: '@timestamp',
        message: 'message',
        level: ['log.level', 'level'],
        service: ['service.name', 'service', 'container.name'],
        stackTrace: 'error.stack_trace',
      },
    });
    expect(parseEsConfig({ baseUrl: '/es', fields: { level: ['severity'] } }, 's').fields).toMatchObject({
      level: ['severity'],
      timestamp: '@timestamp',
    });
  });

  it.each([
    [{}, 'baseUrl'],
    [{ baseUrl: 'http://elastic:changeme@es:9200' }, 'baseUrl'],
    [{ baseUrl: '/es', index: 'logs *' }, 'index'],
    [{ baseUrl: '/es', fields: { level: [] } }, 'fields.level'],
  ])('rejects %j naming %s', (config, setting) => {
    expect(() => parseEsConfig(config, 'es-prod')).toThrow(
      expect.objectContaining({ code: 'config', hint: expect.stringContaining(`"${setting}"`) }),
    );
  });

  it('createClient validates and the adapter declares logs + logVolume', () => {
    expect(() => elasticsearchAdapter.createClient({} as never, { sourceId: 'es', fetch, now: Date.now })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
    expect(Object.keys(elasticsearchAdapter.capabilities).sort()).toEqual(['logVolume', 'logs']);
  });
});
