// @vitest-environment node
/**
 * The console server's side of adding a source kind: a test-only adapter registered like a real
 * one (src/sources/testing/throwaway/) gets a source and a proxy target from its URL variable,
 * its credential header only in the proxy table, its own setting checked with its own message.
 * Nothing in server/ names it. The page's side: throwaway-adapter.test.tsx in that folder.
 */
import { describe, expect, it } from 'vitest';
import { THROWAWAY_ENV, THROWAWAY_RUNTIME_CONFIG, throwawayRegistry } from '../src/sources/testing/throwaway/registry';
import { readServerConfig, runtimeConfigOf } from './config';

describe('a throwaway adapter, registered like a built-in one', () => {
  it('configures a source and a proxy target from its URL variable; its credential stays in the proxy table', () => {
    const config = readServerConfig(THROWAWAY_ENV, throwawayRegistry);
    expect(config.mode).toBe('live');
    expect(config.proxies.find((p) => p.name === 'throwaway')).toEqual({ name: 'throwaway', prefix: '/proxy/throwaway', upstream: 'http://throwaway:9000', headers: { 'x-api-key': 'tw_key_secret' } });
    expect(runtimeConfigOf(config)).toEqual(THROWAWAY_RUNTIME_CONFIG);
    const exposed = JSON.stringify(runtimeConfigOf(config));
    expect(exposed).not.toContain('tw_key_secret');
    expect(exposed).not.toContain('throwaway:9000');
  });

  it('reports its own setting with its own message, and is unknown to the built-in registry', () => {
    const config = readServerConfig({ THROWAWAY_URL: 'http://throwaway:9000', THROWAWAY_STREAM: 'Not A Stream' }, throwawayRegistry);
    expect(config.problems).toEqual(['THROWAWAY_STREAM="Not A Stream" is not a stream name; set it like THROWAWAY_STREAM=app. Using all.']);
    expect(config.sources[0]?.config).toEqual({ baseUrl: '/proxy/throwaway', stream: 'all' });
    expect(readServerConfig({ THROWAWAY_URL: 'http://throwaway:9000' })).toMatchObject({ mode: 'demo', sources: [], proxies: [] });
  });
});
