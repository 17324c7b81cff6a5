import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from './scripts/lib/browser';

const PORT = Number(process.env.E2E_PORT ?? 4180);
/** The host harness (e2e/harness): the console embedded in a host app, from the built library. */
const HARNESS_PORT = Number(process.env.E2E_HARNESS_PORT ?? 4181);

/**
 * End-to-end tests run the production build through the console server, in demo mode on the
 * MSW mocks, in Chromium (the system one at /usr/bin/chromium or CHROMIUM_PATH when present).
 */
export default defineConfig({
  testDir: 'e2e/tests',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]] : [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: launchOptions(),
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 1000 }, launchOptions: launchOptions() } }],
  webServer: [
    {
      command: `npx tsx server/serve.ts`,
      env: { PORT: String(PORT), CAPTURE_SPINE_URL: '', LOKI_URL: '', ELASTICSEARCH_URL: '' },
      url: `http://localhost:${PORT}/healthz`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      // Builds dist-lib/ and dist-harness/ first if missing (npm test builds them beforehand).
      command: `npx tsx e2e/harness/serve.ts`,
      env: { HARNESS_PORT: String(HARNESS_PORT) },
      url: `http://localhost:${HARNESS_PORT}/healthz`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
