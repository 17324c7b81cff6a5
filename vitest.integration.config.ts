import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/** The suites against real servers (integration/): started once by the global setup, in Node. */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'node',
      include: ['integration/**/*.test.ts'],
      // Loki servers for integration/loki, one PostgreSQL cluster for integration/store.
      globalSetup: ['integration/harness/global-setup.ts', 'integration/harness/postgres-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // The servers are shared: files run one after another so request counts stay exact.
      fileParallelism: false,
    },
  }),
);
