/**
 * `npm run screenshots`: captures the demo dashboard in both themes into docs/screenshots/
 * (the README shows the light one). Needs a build (npm run build) first.
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { launchOptions } from './lib/browser';
import { startDemoServer } from './bench/server';

const server = await startDemoServer();
const browser = await chromium.launch(launchOptions());
mkdirSync('docs/screenshots', { recursive: true });
try {
  for (const theme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, colorScheme: theme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}/?range=1h`);
    for (const name of ['Service health', 'Feed status', 'Queue stats']) {
      await page.getByRole('region', { name, exact: true }).locator('tbody tr').first().waitFor();
    }
    await page.getByRole('img', { name: /Queue depth over time/ }).waitFor();
    // The Errors tile groups after the others have painted.
    await page.getByRole('region', { name: 'Errors', exact: true }).getByRole('link').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `docs/screenshots/dashboard-${theme}.png`, fullPage: true });
    console.log(`wrote docs/screenshots/dashboard-${theme}.png`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
