// @vitest-environment node
/**
 * The retry policy as TanStack Query applies it (it counts failures from 0 when it asks for the
 * first retry's delay): a 5xx is tried three times in all, 1–2 s then 2–4 s apart; a 4xx once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleKeys } from '@/lib/console-keys';
import { SourceError } from '@/sources/source-error';
import { createQueryClient } from './create-query-client';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

async function attemptTimes(status: number, random: number): Promise<number[]> {
  vi.spyOn(Math, 'random').mockReturnValue(random);
  const client = createQueryClient();
  const times: number[] = [];
  const start = Date.now();
  const done = client
    .fetchQuery({
      queryKey: [{ ...consoleKeys.all[0], sourceId: 's', capability: 'serviceHealth' }],
      queryFn: () => {
        times.push(Date.now() - start);
        throw new SourceError({ code: 'http', status, sourceId: 's', message: `HTTP ${status}`, hint: '' });
      },
    })
    .catch(() => 'failed');
  await vi.advanceTimersByTimeAsync(60_000);
  expect(await done).toBe('failed');
  client.clear();
  return times;
}

describe('console query retries', () => {
  it('retries a 5xx twice, after 1–2 s and then 2–4 s', async () => {
    expect(await attemptTimes(500, 0)).toEqual([0, 1_000, 3_000]);
    expect(await attemptTimes(503, 0.5)).toEqual([0, 1_500, 4_500]);
  });

  it('does not retry a 4xx', async () => {
    expect(await attemptTimes(404, 0.5)).toEqual([0]);
  });
});
