import { describe, expect, it } from 'vitest';
import { lokiAdapter } from './index';
import { parseLokiConfig } from './config';

describe('Loki config', () => {
  it('applies defaults (no selector: it is built from the server labels)', () => {
    expect(parseLokiConfig({ baseUrl: '/proxy/loki' }, 's')).toEqual({
      baseUrl: '/proxy/loki',
      serviceLabel: ['service_name', 'container', 'app', 'job'],
      levelLabel: [],
      maxLines: 5000,
    });
  });

  it.each([
    [{}, 'baseUrl'],
    [{ baseUrl: 'https://user:secret@loki.example' }, 'baseUrl'],
    [{ baseUrl: '/proxy/loki', selector: 'job="x"' }, 'selector'],
    [{ baseUrl: '/proxy/loki', serviceLabel: ['bad-label'] }, 'serviceLabel.0'],
  ])('rejects %j with a config error naming %s', (config, setting) => {
    expect(() => parseLokiConfig(config, 'loki-prod')).toThrow(
      expect.objectContaining({ code: 'config', sourceId: 'loki-prod', hint: expect.stringContaining(`"${setting}"`) }),
    );
  });

  it('createClient validates too', () => {
    const deps = { sourceId: 'loki-prod', fetch, now: Date.now };
    expect(() => lokiAdapter.createClient({} as never, deps)).toThrow(expect.objectContaining({ code: 'config' }));
    expect(lokiAdapter.kind).toBe('loki');
    expect(Object.keys(lokiAdapter.capabilities).sort()).toEqual(['detectedFieldValues', 'detectedFields', 'logContext', 'logPatterns', 'logServices', 'logVolume', 'logs', 'tail']);
  });
});
