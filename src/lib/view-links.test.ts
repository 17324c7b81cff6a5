// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { carriedSearch } from './view-links';

describe('carriedSearch', () => {
  it('keeps the range, refresh and scenario, drops the view\'s own parameters, adds the target\'s', () => {
    const current = new URLSearchParams('range=24h&sort=last&refresh=1m&q=old&scenario=incident&source=es');
    expect(carriedSearch(current)).toBe('?range=24h&refresh=1m&scenario=incident');
    expect(carriedSearch(current, { source: 'loki', q: 'TokenInvalidError', service: undefined })).toBe('?range=24h&refresh=1m&scenario=incident&source=loki&q=TokenInvalidError');
    expect(carriedSearch(current, { service: ['a', 'b'] })).toBe('?range=24h&refresh=1m&scenario=incident&service=a&service=b');
  });

  it('keeps an absolute range, and gives "" when there is nothing to carry', () => {
    expect(carriedSearch(new URLSearchParams('from=2026-11-28T04:00:00.000Z&to=2026-11-28T10:00:00.000Z&line=x'))).toBe('?from=2026-11-28T04%3A00%3A00.000Z&to=2026-11-28T10%3A00%3A00.000Z');
    expect(carriedSearch(new URLSearchParams('sort=last'))).toBe('');
  });
});
