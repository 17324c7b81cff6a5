import { describe, expect, it } from 'vitest';
import { lokiLogServices } from './log-services';
import { fakeLokiWith, queryContext } from './testing/fake-loki';

describe('lokiLogServices', () => {
  it('lists the values of the first service label the streams carry, over the range and selector', async () => {
    const seen: string[] = [];
    const client = fakeLokiWith(
      { baseUrl: '/proxy/loki', selector: '{env="prod"}' },
      {
        '/loki/api/v1/labels': () => Response.json({ status: 'success', data: ['container', 'env', 'job'] }),
        '/loki/api/v1/label/container/values': () => Response.json({ status: 'success', data: ['worker', 'api', 'api'] }),
      },
      seen,
    );
    expect(await lokiLogServices(client, {}, queryContext())).toEqual(['api', 'worker']);
    const asked = seen.map((s) => new URL(s, 'http://x'));
    expect(asked.map((u) => u.pathname)).toEqual(['/loki/api/v1/labels', '/loki/api/v1/label/container/values']);
    expect(asked.every((u) => u.searchParams.get('query') === '{env="prod"}' && u.searchParams.get('start') === '1711839200000000000' && u.searchParams.get('end') === '1711839300000000000')).toBe(true);
  });

  it('is empty when no stream has a service label, or Loki has no data', async () => {
    const none = fakeLokiWith({ baseUrl: '/proxy/loki', selector: '{env="prod"}' }, { '/loki/api/v1/labels': () => Response.json({ status: 'success', data: ['env'] }) });
    expect(await lokiLogServices(none, {}, queryContext())).toEqual([]);
    const empty = fakeLokiWith({ baseUrl: '/proxy/loki', selector: '{env="prod"}' }, { '/loki/api/v1/labels': () => Response.json({ status: 'success' }) });
    expect(await lokiLogServices(empty, {}, queryContext())).toEqual([]);
  });

  it('a labels answer that is not a list is a parse error', async () => {
    const odd = fakeLokiWith({ baseUrl: '/proxy/loki', selector: '{env="prod"}' }, { '/loki/api/v1/labels': () => Response.json({ status: 'success', data: { a: 1 } }) });
    await expect(lokiLogServices(odd, {}, queryContext())).rejects.toMatchObject({ code: 'parse' });
  });
});
