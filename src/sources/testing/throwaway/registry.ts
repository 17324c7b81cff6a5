/**
 * The throwaway kind registered the way a real kind is (one line), and what the console server
 * makes of it: the environment a deployment sets and the runtime config the page then gets.
 * server/throwaway-adapter.test.ts reads that config from the environment; the component test
 * beside this file mounts the console on it.
 */
import { builtInAdapters } from '../../registry';
import { throwawayAdapter } from './index';

export const throwawayRegistry = [...builtInAdapters, throwawayAdapter] as const;

export const THROWAWAY_ENV = { CAPTURE_SPINE_URL: 'http://spine:8000', THROWAWAY_URL: 'http://throwaway:9000/', THROWAWAY_API_KEY: 'tw_key_secret' };

/** /runtime-config.json for THROWAWAY_ENV: no URL of an upstream, no credential. */
export const THROWAWAY_RUNTIME_CONFIG = {
  mode: 'live',
  sources: [
    { id: 'capture-spine', kind: 'capture-spine', label: 'capture-spine', config: { baseUrl: '/proxy/capture-spine' } },
    { id: 'throwaway', kind: 'throwaway', label: 'Throwaway logs', config: { baseUrl: '/proxy/throwaway', stream: 'all' } },
  ],
  problems: [],
};
